// Server-side sessions in PostgreSQL. The cookie carries a random token; the table keeps its SHA-256.
import type { Db } from '../../db/db.ts';
import type { Actor, GlobalRole, UserActor } from './actor.ts';
import { randomToken, sha256 } from './tokens.ts';

export const SESSION_COOKIE = 'h22_session';
export const SESSION_DAYS = 14;

/** The one set of attributes for the session cookie: HttpOnly, SameSite=Lax, Secure behind HTTPS. */
export function sessionCookieOptions(secure: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, maxAge: SESSION_DAYS * 86_400 };
}

export async function createSession(db: Db, userId: number, via: string, userAgent: string | undefined): Promise<string> {
  const token = randomToken();
  await db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      user_id: userId,
      via,
      user_agent: userAgent?.slice(0, 300) ?? null,
      expires_at: new Date(Date.now() + SESSION_DAYS * 86_400_000),
    })
    .execute();
  return token;
}

export async function destroySession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
}

/** Signs the user out everywhere; `exceptId` (a session id, i.e. the hash) keeps the current session. */
export async function destroyUserSessions(db: Db, userId: number, exceptId?: string): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function loadUserActor(db: Db, userId: number, via: UserActor['via'], sessionId?: string): Promise<UserActor | undefined> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'locale', 'global_roles'])
    .where('id', '=', userId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  if (!user) return undefined;
  const memberships = await db.selectFrom('memberships').select(['organisation_id', 'role']).where('user_id', '=', userId).execute();
  const actor: UserActor = {
    kind: 'user',
    id: user.id,
    email: user.email,
    name: user.name,
    locale: user.locale,
    globalRoles: user.global_roles as GlobalRole[],
    memberships: memberships.map((m) => ({ organisationId: m.organisation_id, role: m.role })),
    via,
  };
  if (sessionId) actor.sessionId = sessionId;
  return actor;
}

/** Resolves a session cookie to an actor, sliding the expiry at most once an hour. */
export async function actorFromSession(db: Db, token: string): Promise<Actor | undefined> {
  const id = sha256(token);
  const s = await db.selectFrom('sessions').select(['user_id', 'expires_at', 'last_seen_at']).where('id', '=', id).executeTakeFirst();
  if (!s || s.expires_at.getTime() < Date.now()) return undefined;
  if (Date.now() - new Date(s.last_seen_at).getTime() > 3_600_000) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(), expires_at: new Date(Date.now() + SESSION_DAYS * 86_400_000) })
      .where('id', '=', id)
      .execute();
  }
  return loadUserActor(db, s.user_id, 'session', id);
}

export async function actorFromApiToken(db: Db, token: string): Promise<UserActor | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'user_id'])
    .where('token_hash', '=', sha256(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.id).execute();
  return loadUserActor(db, row.user_id, 'token');
}
