// Who may do what with the programme. Pure rules over (actor, resource); routes call `authorize`,
// views get `abilities` so buttons and rules agree.
import { definePolicy, isMemberOf, isProgrammeTeam, signedIn } from '../../platform/policy.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { EventState } from './expo.schema.ts';

export interface EventResource {
  state: EventState;
  organisationIds: number[];
}

const memberOfAny = (a: Actor, orgIds: number[]) => orgIds.some((id) => isMemberOf(a, id));
const organiserEditable = (s: EventState) => s === 'draft' || s === 'changes_requested';

/** Rules for one programme item. */
export const eventPolicy = definePolicy<'view' | 'edit' | 'submit' | 'withdraw' | 'review' | 'schedule', EventResource>({
  view: (a, e) => isProgrammeTeam(a) || memberOfAny(a, e.organisationIds),
  // Organisers edit until the item is submitted (again after "request changes"); the team always.
  edit: (a, e) => isProgrammeTeam(a) || (memberOfAny(a, e.organisationIds) && organiserEditable(e.state)),
  submit: (a, e) => (isProgrammeTeam(a) || memberOfAny(a, e.organisationIds)) && organiserEditable(e.state),
  withdraw: (a, e) => (isProgrammeTeam(a) || memberOfAny(a, e.organisationIds)) && ['draft', 'submitted', 'changes_requested'].includes(e.state),
  review: (a, e) => isProgrammeTeam(a) && ['submitted', 'accepted', 'changes_requested'].includes(e.state),
  schedule: (a) => isProgrammeTeam(a),
});

/** Rules for the programme as a whole. */
export const programmePolicy = definePolicy<'list' | 'create' | 'publish' | 'star', undefined>({
  list: (a) => isProgrammeTeam(a) || (a.kind === 'user' && a.memberships.length > 0),
  create: (a) => isProgrammeTeam(a) || (a.kind === 'user' && a.memberships.length > 0),
  publish: (a) => isProgrammeTeam(a),
  // Stars in an account (anyone can keep stars in the browser without one).
  star: (a) => signedIn(a),
});

/** Organisations an actor may name as organiser: the team any, members their own. */
export function mayOrganiseFor(a: Actor, organisationId: number): boolean {
  return isProgrammeTeam(a) || isMemberOf(a, organisationId);
}

/** The expo's places (the edition, areas and venues): the programme team manages them. */
export const placesPolicy = definePolicy<'manage', undefined>({
  manage: (a) => isProgrammeTeam(a),
});
