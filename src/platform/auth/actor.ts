// Who is making the request. Computed once per request from the session cookie or an API token.
import type { MembershipRole } from '../../db/types.ts';

export const GLOBAL_ROLES = ['programme_team', 'finance', 'admin'] as const;
export type GlobalRole = (typeof GLOBAL_ROLES)[number];
export const MEMBERSHIP_ROLES = ['member', 'editor', 'innovation_lead'] as const satisfies readonly MembershipRole[];

export interface Membership {
  organisationId: number;
  role: MembershipRole;
}

export interface UserActor {
  kind: 'user';
  id: number;
  email: string;
  name: string;
  locale: 'sv' | 'en';
  globalRoles: GlobalRole[];
  memberships: Membership[];
  via: 'session' | 'token';
  sessionId?: string;
}

export interface AnonymousActor {
  kind: 'anonymous';
}

export type Actor = UserActor | AnonymousActor;

export const ANONYMOUS: AnonymousActor = { kind: 'anonymous' };

export function isUser(a: Actor): a is UserActor {
  return a.kind === 'user';
}
