// Who may administer people, organisations and memberships, read the audit log and the mail outbox.
//
//   action                      anon resident member editor lead  programme finance admin
//   admin.access                 –     –       ✓      ✓      ✓       ✓        ✓      ✓    (any staff role or membership)
//   user.list / user.create      –     –       –      –      –       ✓        –      ✓
//   user.edit                    –     –       –      –      –       ✓¹       –      ✓
//   user.disable                 –     –       –      –      –       ✓¹²      –      ✓²
//   user.grantRole               –     –       –      –      –       –        –      ✓    (global roles)
//   organisation.list            –     –       –      –      –       ✓        ✓      ✓
//   organisation.view            –     –       ✓³     ✓³     ✓³      ✓        ✓      ✓    (its page and members)
//   organisation.create          –     –       –      –      –       ✓        –      ✓
//   organisation.edit            –     –       –      ✓³     ✓³      ✓        –      ✓    (name, descriptions, website)
//   organisation.editIdentity    –     –       –      –      –       ✓        –      ✓    (slug and kind: others link by slug)
//   membership.manage            –     –       –      ✓³⁴    ✓³⁴     ✓        –      ✓
//   audit.view                   –     –       –      –      –       ✓        ✓      ✓
//   outbox.view                  –     –       –      –      –       ✓        –      ✓
//
//   ¹ only people without a global role: the programme team cannot edit or lock out admins or finance
//   ² nobody disables their own account (an admin cannot lock the last admin out by accident)
//   ³ only for their own organisation
//   ⁴ not when innovation_lead is involved (granting, changing or removing it): innovation leads are
//     appointed by the programme team
import type { MembershipRole } from '../../db/types.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { definePolicy, hasRole, isAdmin, isMemberOf, isProgrammeTeam, orgRole } from '../../platform/policy.ts';

export type AccountsAction =
  | 'admin.access'
  | 'user.list'
  | 'user.create'
  | 'user.edit'
  | 'user.disable'
  | 'user.grantRole'
  | 'organisation.list'
  | 'organisation.view'
  | 'organisation.create'
  | 'organisation.edit'
  | 'organisation.editIdentity'
  | 'membership.manage'
  | 'audit.view'
  | 'outbox.view';

export interface AccountsResource {
  /** The organisation acted on (organisation.view/edit, membership.manage). */
  organisationId?: number | undefined;
  /** The person acted on (user.edit, user.disable). */
  user?: { id: number; globalRoles: readonly string[] } | undefined;
  /** Membership roles a change touches: the current role (if any) and the new one (if any). */
  membershipRoles?: readonly MembershipRole[] | undefined;
}

const anyStaffRole = (a: Actor) => a.kind === 'user' && (a.globalRoles.length > 0 || a.memberships.length > 0);
const orgEditor = (a: Actor, orgId: number | undefined) => {
  const r = orgRole(a, orgId);
  return r === 'editor' || r === 'innovation_lead';
};
/** Admins edit anyone; the programme team edits people without a global role. */
const mayEditPerson = (a: Actor, r: AccountsResource) =>
  isAdmin(a) || (hasRole(a, 'programme_team') && !!r.user && r.user.globalRoles.length === 0);

export const accountsPolicy = definePolicy<AccountsAction, AccountsResource>({
  'admin.access': (a) => anyStaffRole(a),
  'user.list': (a) => isProgrammeTeam(a),
  'user.create': (a) => isProgrammeTeam(a),
  'user.edit': (a, r) => mayEditPerson(a, r),
  'user.disable': (a, r) => mayEditPerson(a, r) && a.kind === 'user' && r.user?.id !== a.id,
  'user.grantRole': (a) => isAdmin(a),
  'organisation.list': (a) => hasRole(a, 'programme_team', 'finance', 'admin'),
  'organisation.view': (a, r) => hasRole(a, 'programme_team', 'finance', 'admin') || isMemberOf(a, r.organisationId),
  'organisation.create': (a) => isProgrammeTeam(a),
  'organisation.edit': (a, r) => isProgrammeTeam(a) || orgEditor(a, r.organisationId),
  'organisation.editIdentity': (a) => isProgrammeTeam(a),
  'membership.manage': (a, r) =>
    isProgrammeTeam(a) || (orgEditor(a, r.organisationId) && !(r.membershipRoles ?? []).includes('innovation_lead')),
  'audit.view': (a) => hasRole(a, 'programme_team', 'finance', 'admin'),
  'outbox.view': (a) => isProgrammeTeam(a),
});

export type AccountsAbilities = Record<AccountsAction, boolean>;
