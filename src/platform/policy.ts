// The policy core: each module declares its permissions as short rules, one per typed action.
// `authorize` throws a 403; `abilities` gives views the same answers so buttons and rules agree.
import { AppError } from './errors.ts';
import type { Actor, GlobalRole, UserActor } from './auth/actor.ts';
import type { MembershipRole } from '../db/types.ts';

export type Rule<R> = (actor: Actor, resource: R) => boolean;

export interface Policy<A extends string, R> {
  readonly actions: readonly A[];
  can(actor: Actor, action: A, resource: R): boolean;
  authorize(actor: Actor, action: A, resource: R): void;
  abilities(actor: Actor, resource: R): Record<A, boolean>;
}

export function definePolicy<A extends string, R = undefined>(rules: Record<A, Rule<R>>): Policy<A, R> {
  const actions = Object.keys(rules) as A[];
  return {
    actions,
    can: (actor, action, resource) => rules[action](actor, resource),
    authorize(actor, action, resource) {
      if (!rules[action](actor, resource)) {
        throw new AppError(actor.kind === 'anonymous' ? 'unauthorized' : 'forbidden', `Not allowed: ${action}`);
      }
    },
    abilities(actor, resource) {
      const out = {} as Record<A, boolean>;
      for (const a of actions) out[a] = rules[a](actor, resource);
      return out;
    },
  };
}

export const signedIn = (a: Actor): a is UserActor => a.kind === 'user';
export const hasRole = (a: Actor, ...roles: GlobalRole[]): boolean => a.kind === 'user' && roles.some((r) => a.globalRoles.includes(r));
export const isAdmin = (a: Actor): boolean => hasRole(a, 'admin');
/** The H22 project group, or an admin. */
export const isProgrammeTeam = (a: Actor): boolean => hasRole(a, 'programme_team', 'admin');
export function orgRole(a: Actor, organisationId: number | null | undefined): MembershipRole | undefined {
  if (a.kind !== 'user' || organisationId == null) return undefined;
  return a.memberships.find((m) => m.organisationId === organisationId)?.role;
}
/** Editors and innovation leads can edit their organisation's content. */
export const canEditFor = (a: Actor, organisationId: number | null | undefined): boolean => {
  const r = orgRole(a, organisationId);
  return r === 'editor' || r === 'innovation_lead';
};
export const isMemberOf = (a: Actor, organisationId: number | null | undefined): boolean => orgRole(a, organisationId) !== undefined;
