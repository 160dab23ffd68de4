// Reads for sign-in, mailed links, the account page and GET /api/v1/me.
import { sql } from 'kysely';
import type { Db } from '../../db/db.ts';
import type { AuthTokensTable } from '../../db/types.ts';
import { sha256 } from '../../platform/auth/tokens.ts';
import type { AuthAttemptKind } from './accounts.tables.ts';

export type AuthPurpose = AuthTokensTable['purpose'];
/** Why a mailed link cannot be used. */
export type LinkProblem = 'invalid' | 'expired' | 'used';

/** Failed password attempts for an address that lock further attempts, and for how long. */
export const FAILED_SIGN_INS_MAX = 10;
export const FAILED_SIGN_INS_WINDOW_MIN = 15;
/** Sign-in and reset links per address and hour (requests for unknown addresses count too). */
export const LINKS_PER_HOUR = 5;
export const VERIFY_RESENDS_PER_HOUR = 5;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function countAttempts(db: Db, email: string, kind: AuthAttemptKind, minutes: number): Promise<number> {
  const r = await db
    .selectFrom('auth_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('email', '=', normaliseEmail(email))
    .where('kind', '=', kind)
    .where('succeeded', '=', false)
    .where('at', '>', sql<Date>`now() - make_interval(mins => ${minutes})`)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Whether password sign-in is still allowed for this address (too many failures lock it for a while). */
export async function passwordSignInAllowed(db: Db, email: string): Promise<boolean> {
  return (await countAttempts(db, email, 'password', FAILED_SIGN_INS_WINDOW_MIN)) < FAILED_SIGN_INS_MAX;
}

/**
 * A mailed link's state without using it: the sign-in link's confirm page and the reset form show it
 * before the person presses the button (mail scanners that open links must not use them up).
 */
export async function checkAuthToken(db: Db, token: string, purpose: AuthPurpose): Promise<{ ok: true; userId: number; email: string } | { ok: false; problem: LinkProblem }> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false, problem: 'invalid' };
  const row = await db
    .selectFrom('auth_tokens')
    .innerJoin('users', 'users.id', 'auth_tokens.user_id')
    .select(['auth_tokens.user_id', 'auth_tokens.expires_at', 'auth_tokens.used_at', 'users.disabled_at', 'users.email'])
    .where('auth_tokens.id', '=', sha256(token))
    .where('auth_tokens.purpose', '=', purpose)
    .executeTakeFirst();
  if (!row || row.disabled_at) return { ok: false, problem: 'invalid' };
  if (row.used_at) return { ok: false, problem: 'used' };
  if (row.expires_at.getTime() <= Date.now()) return { ok: false, problem: 'expired' };
  return { ok: true, userId: row.user_id, email: row.email };
}

export function getAccount(db: Db, userId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'locale', 'email_verified_at', 'global_roles', 'oidc_subject', 'created_at'])
    .select((eb) => eb('password_hash', 'is not', null).as('has_password'))
    .where('id', '=', userId)
    .executeTakeFirst();
}

export function listApiTokens(db: Db, userId: number) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('revoked_at', (ob) => ob.desc().nullsFirst())
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function countSessions(db: Db, userId: number): Promise<number> {
  const r = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('expires_at', '>', new Date())
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The person behind an API token or session, with their organisations, for GET /api/v1/me. */
export async function getMe(db: Db, userId: number) {
  const user = await getAccount(db, userId);
  if (!user) return undefined;
  const memberships = await db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select(['organisations.id', 'organisations.slug', 'organisations.name', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy(sql`organisations.name COLLATE sv`)
    .execute();
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    emailVerified: user.email_verified_at !== null,
    locale: user.locale,
    roles: [...user.global_roles].sort(),
    memberships: memberships.map((m) => ({ organisationId: m.id, organisationSlug: m.slug, organisationName: m.name, role: m.role })),
  };
}
