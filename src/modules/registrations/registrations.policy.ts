// Who may manage registrations. Pure rules over (actor, the programme item's organisers).
//
// The programme team manages every item's registrations. The organiser organisations' editors and
// innovation leads configure registration, export the list, message attendees and release no-shows;
// their members (the people at the door) may see the attendee list and check tickets in. Nobody
// else sees attendees: the list holds personal data.
import { canEditFor, definePolicy, isMemberOf, isProgrammeTeam, signedIn } from '../../platform/policy.ts';
import type { Actor } from '../../platform/auth/actor.ts';

export interface OrganisedResource {
  organisationIds: number[];
}

const editorOfAny = (a: Actor, r: OrganisedResource) => r.organisationIds.some((id) => canEditFor(a, id));
const memberOfAny = (a: Actor, r: OrganisedResource) => r.organisationIds.some((id) => isMemberOf(a, id));
const manage = (a: Actor, r: OrganisedResource) => isProgrammeTeam(a) || editorOfAny(a, r);
const door = (a: Actor, r: OrganisedResource) => isProgrammeTeam(a) || memberOfAny(a, r);

export const registrationPolicy = definePolicy<'configure' | 'list' | 'export' | 'message' | 'checkIn' | 'releaseNoShows' | 'cancel', OrganisedResource>({
  configure: manage,
  list: door,
  export: manage,
  message: manage,
  checkIn: door,
  releaseNoShows: manage,
  cancel: manage,
});

export type RegistrationAction = (typeof registrationPolicy.actions)[number];

/** The staff overview (/admin/registrations): the team, and anyone in an organisation. */
export const registrationAreaPolicy = definePolicy<'overview', undefined>({
  overview: (a) => isProgrammeTeam(a) || (a.kind === 'user' && a.memberships.length > 0),
});

/**
 * Sign-up itself: open to everyone unless the item needs an account. Pages ask this rule; the
 * sign-up statement applies the same rule again under the occurrence's lock (user_id required).
 */
export const signUpPolicy = definePolicy<'signUp', { accountRequired: boolean }>({
  signUp: (a, r) => !r.accountRequired || signedIn(a),
});
