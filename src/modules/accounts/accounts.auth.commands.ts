// Writes for sign-up, mailed one-time links (sign-in, password reset, e-mail verification), per-address
// rate limits, the account page and staff sign-in by OpenID Connect. One transaction each.
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/db.ts';
import type { AppContext } from '../../platform/context.ts';
import type { UserActor } from '../../platform/auth/actor.ts';
import { recordAudit, diff } from '../../platform/audit.ts';
import { hashPassword, verifyPassword } from '../../platform/auth/password.ts';
import { destroyUserSessions, loadUserActor } from '../../platform/auth/sessions.ts';
import { randomToken, sha256 } from '../../platform/auth/tokens.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { insertUser, SYSTEM } from './accounts.commands.ts';
import {
  countAttempts,
  LINKS_PER_HOUR,
  normaliseEmail,
  VERIFY_RESENDS_PER_HOUR,
  type AuthPurpose,
  type LinkProblem,
} from './accounts.auth.queries.ts';
import { authMessages } from './accounts.auth.messages.ts';
import { PATHS, type Paths } from './accounts.paths.ts';
import type { AuthAttemptKind } from './accounts.tables.ts';

type Ctx = Pick<AppContext, 'db' | 'mail' | 'config'>;

/** How long each kind of mailed link lives. */
export const LINK_TTL_MS: Record<AuthPurpose, number> = {
  magic_link: 15 * 60_000,
  password_reset: 60 * 60_000,
  email_verify: 48 * 3_600_000,
};

const LINK_PATH: Record<AuthPurpose, Paths> = {
  magic_link: PATHS.signInLink,
  password_reset: PATHS.resetPassword,
  email_verify: PATHS.verifyEmail,
};

/** A new one-time token; only its SHA-256 is stored. */
async function issueAuthToken(trx: Db | Tx, userId: number, purpose: AuthPurpose): Promise<string> {
  const token = randomToken(32);
  await trx
    .insertInto('auth_tokens')
    .values({ id: sha256(token), user_id: userId, purpose, expires_at: new Date(Date.now() + LINK_TTL_MS[purpose]) })
    .execute();
  return token;
}

function linkUrl(ctx: Ctx, purpose: AuthPurpose, locale: Locale, token: string): string {
  return `${ctx.config.baseUrl}${LINK_PATH[purpose][locale]}/${token}`;
}

async function mailLink(ctx: Ctx, purpose: AuthPurpose, to: { email: string; name: string }, locale: Locale, token: string): Promise<void> {
  const t = authMessages(locale);
  const url = linkUrl(ctx, purpose, locale, token);
  const [subject, text] =
    purpose === 'magic_link'
      ? [t.mailSignInSubject, t.mailSignInBody(to.name, url)]
      : purpose === 'password_reset'
        ? [t.mailResetSubject, t.mailResetBody(to.name, url)]
        : [t.mailVerifySubject, t.mailVerifyBody(to.name, url)];
  await ctx.mail.send({ to: to.email, subject, text });
}

/** Counts a request for an address; rows older than a day are removed on the way. */
export async function recordAttempt(db: Db, email: string, kind: AuthAttemptKind): Promise<void> {
  await db.deleteFrom('auth_attempts').where('at', '<', sql<Date>`now() - interval '1 day'`).execute();
  await db.insertInto('auth_attempts').values({ email: normaliseEmail(email).slice(0, 254), kind }).execute();
}

/** After a successful password sign-in the failures for that address no longer count. */
export async function clearPasswordFailures(db: Db, email: string): Promise<void> {
  await db.deleteFrom('auth_attempts').where('email', '=', normaliseEmail(email)).where('kind', '=', 'password').execute();
}

// ---------- sign-up ----------

export type SignUpOutcome = { outcome: 'ok'; userId: number } | { outcome: 'email_taken' };

/** A resident account (no staff roles) and its e-mail verification link, mailed in the visitor's language. */
export async function signUp(ctx: Ctx, input: { name: string; email: string; password: string; locale: Locale }): Promise<SignUpOutcome> {
  let r: SignUpOutcome & { token?: string };
  try {
    r = await ctx.db.transaction().execute(async (trx) => {
      const created = await insertUser(trx, SYSTEM, { name: input.name, email: input.email, password: input.password, locale: input.locale, globalRoles: [] });
      if (created.outcome !== 'ok') return created;
      const token = await issueAuthToken(trx, created.userId, 'email_verify');
      return { outcome: 'ok' as const, userId: created.userId, token };
    });
  } catch (e) {
    // Two sign-ups for the same address at once: the unique index decides.
    if ((e as { code?: string }).code === '23505') return { outcome: 'email_taken' };
    throw e;
  }
  if (r.outcome === 'ok' && r.token) await mailLink(ctx, 'email_verify', { email: normaliseEmail(input.email), name: input.name }, input.locale, r.token);
  return r.outcome === 'ok' ? { outcome: 'ok', userId: r.userId } : r;
}

// ---------- mailed links: sign-in and password reset ----------

export type LinkRequestOutcome = { outcome: 'sent' } | { outcome: 'no_account' } | { outcome: 'rate_limited' };

/**
 * Mails a sign-in link or a password-reset link when the address has an active account. Every request
 * counts towards the per-address limit, whether the account exists or not, so the answer reveals nothing.
 */
export async function requestLink(ctx: Ctx, purpose: 'magic_link' | 'password_reset', email: string, locale: Locale): Promise<LinkRequestOutcome> {
  const address = normaliseEmail(email);
  if ((await countAttempts(ctx.db, address, 'link', 60)) >= LINKS_PER_HOUR) return { outcome: 'rate_limited' };
  await recordAttempt(ctx.db, address, 'link');
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', address))
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  if (!user) return { outcome: 'no_account' };
  const token = await issueAuthToken(ctx.db, user.id, purpose);
  await mailLink(ctx, purpose, user, locale, token);
  return { outcome: 'sent' };
}

/** The same mail a visitor can ask for, sent on someone's behalf (staff creating an account use it too). */
export async function sendSignInLink(ctx: Ctx, userId: number, locale: Locale): Promise<void> {
  const user = await ctx.db.selectFrom('users').select(['email', 'name']).where('id', '=', userId).executeTakeFirstOrThrow();
  const token = await issueAuthToken(ctx.db, userId, 'magic_link');
  await mailLink(ctx, 'magic_link', user, locale, token);
}

export type ConsumeOutcome = { outcome: 'ok'; userId: number } | { outcome: LinkProblem };

/** Marks a valid, unused, unexpired token used (atomically: a second use finds it used) and says why otherwise. */
async function consume(trx: Db | Tx, token: string, purpose: AuthPurpose): Promise<ConsumeOutcome> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { outcome: 'invalid' };
  const id = sha256(token);
  const row = await trx
    .updateTable('auth_tokens')
    .set({ used_at: new Date() })
    .where('id', '=', id)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .where('user_id', 'in', (eb) => eb.selectFrom('users').select('users.id').where('users.disabled_at', 'is', null))
    .returning('user_id')
    .executeTakeFirst();
  if (row) return { outcome: 'ok', userId: row.user_id };
  const t = await trx.selectFrom('auth_tokens').select(['used_at', 'expires_at']).where('id', '=', id).where('purpose', '=', purpose).executeTakeFirst();
  if (!t) return { outcome: 'invalid' };
  if (t.used_at) return { outcome: 'used' };
  if (t.expires_at.getTime() <= Date.now()) return { outcome: 'expired' };
  return { outcome: 'invalid' }; // the account is disabled
}

/** A sign-in link: single use; following it also proves the address, so it counts as verification. */
export async function consumeSignInLink(db: Db, token: string): Promise<ConsumeOutcome> {
  return db.transaction().execute(async (trx) => {
    const r = await consume(trx, token, 'magic_link');
    if (r.outcome === 'ok') {
      await trx.updateTable('users').set({ email_verified_at: sql`coalesce(email_verified_at, now())` }).where('id', '=', r.userId).execute();
    }
    return r;
  });
}

export type ResetOutcome = ConsumeOutcome;

/** Sets the new password, uses up every open reset link of the person and ends all their sessions. */
export async function resetPassword(db: Db, token: string, password: string): Promise<ResetOutcome> {
  const hash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const r = await consume(trx, token, 'password_reset');
    if (r.outcome !== 'ok') return r;
    await trx
      .updateTable('users')
      .set({ password_hash: hash, email_verified_at: sql`coalesce(email_verified_at, now())`, updated_at: new Date() })
      .where('id', '=', r.userId)
      .execute();
    await trx.updateTable('auth_tokens').set({ used_at: new Date() }).where('user_id', '=', r.userId).where('purpose', '=', 'password_reset').where('used_at', 'is', null).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', r.userId).execute();
    await recordAudit(trx, (await loadUserActor(trx, r.userId, 'session')) ?? SYSTEM, { action: 'user.password_reset', entityType: 'user', entityId: r.userId });
    return r;
  });
}

/**
 * Confirms the address. A link used before whose address is confirmed says so instead of "already used": mail
 * scanners open every link in a mail, so the person often arrives second.
 */
export async function verifyEmail(db: Db, token: string): Promise<ConsumeOutcome | { outcome: 'already_verified' }> {
  return db.transaction().execute(async (trx) => {
    const r = await consume(trx, token, 'email_verify');
    if (r.outcome === 'ok') {
      await trx.updateTable('users').set({ email_verified_at: sql`coalesce(email_verified_at, now())` }).where('id', '=', r.userId).execute();
    }
    if (r.outcome === 'used') {
      const owner = await trx
        .selectFrom('auth_tokens as t')
        .innerJoin('users as u', 'u.id', 't.user_id')
        .select('u.email_verified_at')
        .where('t.id', '=', sha256(token))
        .where('t.purpose', '=', 'email_verify')
        .where('u.disabled_at', 'is', null)
        .executeTakeFirst();
      if (owner?.email_verified_at) return { outcome: 'already_verified' as const };
    }
    return r;
  });
}

export type ResendOutcome = { outcome: 'sent'; email: string } | { outcome: 'already_verified' } | { outcome: 'rate_limited' };

export async function resendVerification(ctx: Ctx, actor: UserActor, locale: Locale): Promise<ResendOutcome> {
  const user = await ctx.db.selectFrom('users').select(['id', 'email', 'name', 'email_verified_at']).where('id', '=', actor.id).executeTakeFirstOrThrow();
  if (user.email_verified_at) return { outcome: 'already_verified' };
  if ((await countAttempts(ctx.db, user.email, 'verify_resend', 60)) >= VERIFY_RESENDS_PER_HOUR) return { outcome: 'rate_limited' };
  await recordAttempt(ctx.db, user.email, 'verify_resend');
  const token = await issueAuthToken(ctx.db, user.id, 'email_verify');
  await mailLink(ctx, 'email_verify', user, locale, token);
  return { outcome: 'sent', email: user.email };
}

// ---------- the account page ----------

export async function updateProfile(db: Db, actor: UserActor, input: { name: string; locale: Locale }): Promise<{ outcome: 'ok' }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('users').select(['name', 'locale']).where('id', '=', actor.id).forUpdate().executeTakeFirstOrThrow();
    const d = diff({ name: row.name, locale: row.locale }, input);
    if (Object.keys(d.after).length === 0) return { outcome: 'ok' as const };
    await trx.updateTable('users').set({ name: input.name, locale: input.locale, updated_at: new Date() }).where('id', '=', actor.id).execute();
    await recordAudit(trx, actor, { action: 'user.profile_update', entityType: 'user', entityId: actor.id, before: d.before, after: d.after });
    return { outcome: 'ok' as const };
  });
}

export type ChangePasswordOutcome = { outcome: 'ok'; signedOut: number } | { outcome: 'wrong_password' } | { outcome: 'no_password' };

/** Needs the current password; other sessions end (this one stays). */
export async function changePassword(db: Db, actor: UserActor, current: string, next: string): Promise<ChangePasswordOutcome> {
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', actor.id).executeTakeFirstOrThrow();
  if (!row.password_hash) return { outcome: 'no_password' };
  if (!(await verifyPassword(row.password_hash, current))) return { outcome: 'wrong_password' };
  const hash = await hashPassword(next);
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash, updated_at: new Date() }).where('id', '=', actor.id).execute();
    let q = trx.deleteFrom('sessions').where('user_id', '=', actor.id);
    if (actor.sessionId) q = q.where('id', '!=', actor.sessionId);
    const del = await q.executeTakeFirst();
    await recordAudit(trx, actor, { action: 'user.password_change', entityType: 'user', entityId: actor.id });
    return { outcome: 'ok' as const, signedOut: Number(del.numDeletedRows) };
  });
}

export async function revokeApiToken(db: Db, actor: UserActor, tokenId: number): Promise<{ outcome: 'ok' } | { outcome: 'not_found' }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('id', '=', tokenId)
      .where('user_id', '=', actor.id)
      .where('revoked_at', 'is', null)
      .returning(['id', 'name'])
      .executeTakeFirst();
    if (!row) return { outcome: 'not_found' as const };
    await recordAudit(trx, actor, { action: 'api_token.revoke', entityType: 'api_token', entityId: row.id, before: { name: row.name, revoked: false }, after: { revoked: true } });
    return { outcome: 'ok' as const };
  });
}

export async function signOutEverywhere(db: Db, actor: UserActor): Promise<number> {
  return destroyUserSessions(db, actor.id);
}

// ---------- staff sign-in by OpenID Connect ----------

export interface OidcIdentity {
  subject: string;
  email: string | undefined;
  /** false only when the identity provider says the address is unverified. */
  emailVerified: boolean | undefined;
  name: string | undefined;
}

export type OidcSignInOutcome =
  | { outcome: 'ok'; userId: number; created: boolean; linked: boolean }
  | { outcome: 'no_email' }
  | { outcome: 'conflict' }
  | { outcome: 'email_unverified' }
  | { outcome: 'disabled' };

/**
 * Finds the person by the provider's subject, else by e-mail (remembering the subject), else creates
 * them without any role: an admin grants roles. An address the provider calls unverified never matches.
 */
export async function oidcSignIn(db: Db, id: OidcIdentity, locale: Locale): Promise<OidcSignInOutcome> {
  return db.transaction().execute(async (trx) => {
    const bySubject = await trx.selectFrom('users').select(['id', 'disabled_at']).where('oidc_subject', '=', id.subject).executeTakeFirst();
    if (bySubject) return bySubject.disabled_at ? { outcome: 'disabled' as const } : { outcome: 'ok' as const, userId: bySubject.id, created: false, linked: false };
    const email = id.email ? normaliseEmail(id.email) : undefined;
    if (!email || email.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(email)) return { outcome: 'no_email' as const };
    const byEmail = await trx
      .selectFrom('users')
      .select(['id', 'name', 'email', 'oidc_subject', 'disabled_at', 'email_verified_at'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
      .forUpdate()
      .executeTakeFirst();
    if (byEmail) {
      if (byEmail.oidc_subject) return { outcome: 'conflict' as const };
      if (id.emailVerified === false) return { outcome: 'email_unverified' as const };
      if (byEmail.disabled_at) return { outcome: 'disabled' as const };
      await trx
        .updateTable('users')
        .set({ oidc_subject: id.subject, email_verified_at: byEmail.email_verified_at ?? new Date(), updated_at: new Date() })
        .where('id', '=', byEmail.id)
        .execute();
      await recordAudit(trx, SYSTEM, { action: 'user.oidc_link', entityType: 'user', entityId: byEmail.id, before: { oidcSubject: null }, after: { oidcSubject: id.subject } });
      return { outcome: 'ok' as const, userId: byEmail.id, created: false, linked: true };
    }
    const name = (id.name?.trim() || email.split('@')[0] || email).slice(0, 200);
    const created = await insertUser(trx, SYSTEM, { email, name, globalRoles: [], locale, verified: id.emailVerified !== false });
    if (created.outcome !== 'ok') return { outcome: 'conflict' as const };
    await trx.updateTable('users').set({ oidc_subject: id.subject }).where('id', '=', created.userId).execute();
    await recordAudit(trx, SYSTEM, { action: 'user.oidc_link', entityType: 'user', entityId: created.userId, after: { oidcSubject: id.subject } });
    return { outcome: 'ok' as const, userId: created.userId, created: true, linked: true };
  });
}
