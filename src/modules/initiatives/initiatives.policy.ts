// Who may do what with an initiative. Pure rules of (actor, initiative); routes and commands call
// `initiativePolicy.authorize`, views get `abilities` so buttons and rules agree.
import { definePolicy, canEditFor, isMemberOf, isProgrammeTeam, orgRole, signedIn } from '../../platform/policy.ts';
import type { Actor } from '../../platform/auth/actor.ts';

export interface InitiativeAccess {
  ownerOrganisationId: number;
  participantOrganisationIds: readonly number[];
  published: boolean;
}

/** The innovation lead of the owning organisation: approves its stage moves. */
const isOwnerLead = (a: Actor, i: InitiativeAccess) => orgRole(a, i.ownerOrganisationId) === 'innovation_lead';
const isOwnerEditor = (a: Actor, i: InitiativeAccess) => canEditFor(a, i.ownerOrganisationId);
/** Anyone in the owning or a participating organisation, whatever their role. */
const isInvolved = (a: Actor, i: InitiativeAccess) => isMemberOf(a, i.ownerOrganisationId) || i.participantOrganisationIds.some((o) => isMemberOf(a, o));

export const INITIATIVE_ACTIONS = ['view', 'viewInternal', 'edit', 'publish', 'requestStageMove', 'decideStageMove', 'manageImpact', 'comment'] as const;
export type InitiativeAction = (typeof INITIATIVE_ACTIONS)[number];

export const initiativePolicy = definePolicy<InitiativeAction, InitiativeAccess>({
  /** The public page: published initiatives for everyone; drafts for those who work on them. */
  view: (a, i) => i.published || isProgrammeTeam(a) || isInvolved(a, i),
  /** Internal comments, pending requests and the draft state. */
  viewInternal: (a, i) => isProgrammeTeam(a) || isInvolved(a, i),
  edit: (a, i) => isProgrammeTeam(a) || isOwnerEditor(a, i),
  publish: (a, i) => isProgrammeTeam(a) || isOwnerEditor(a, i),
  requestStageMove: (a, i) => isProgrammeTeam(a) || isOwnerEditor(a, i),
  /** Approving (or making directly) a stage move: the owner's innovation lead, or the programme team for any. */
  decideStageMove: (a, i) => isProgrammeTeam(a) || isOwnerLead(a, i),
  manageImpact: (a, i) => isProgrammeTeam(a) || isOwnerEditor(a, i),
  comment: (a, i) => isProgrammeTeam(a) || isInvolved(a, i),
});

/** Creating an initiative for an organisation. */
export const createPolicy = definePolicy<'create', { ownerOrganisationId: number }>({
  create: (a, r) => isProgrammeTeam(a) || canEditFor(a, r.ownerOrganisationId),
});

/** The staff area of the module as a whole. */
export const staffPolicy = definePolicy<'useStaffArea' | 'createInitiatives' | 'viewPortfolio' | 'manageChallenges', undefined>({
  /** Anyone with a role in some organisation (their own initiatives) or in the programme team. */
  useStaffArea: (a) => signedIn(a) && (isProgrammeTeam(a) || a.memberships.length > 0),
  /** Editors and leads of some organisation (for that organisation), or the programme team (for any). */
  createInitiatives: (a) => isProgrammeTeam(a) || (signedIn(a) && a.memberships.some((m) => m.role === 'editor' || m.role === 'innovation_lead')),
  /** The portfolio overview: the programme team and every administration's innovation lead. */
  viewPortfolio: (a) => isProgrammeTeam(a) || (signedIn(a) && a.memberships.some((m) => m.role === 'innovation_lead')),
  /** The city-wide challenges (create, edit, retire, delete): the programme team only. */
  manageChallenges: (a) => isProgrammeTeam(a),
});
