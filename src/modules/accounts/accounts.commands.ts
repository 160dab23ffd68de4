import { sql } from 'kysely';
// Writes for users, organisations, memberships and API tokens: one transaction each, audited.
import crypto from 'node:crypto';
import type { Db, Tx } from '../../db/db.ts';
import type { MembershipRole } from '../../db/types.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Actor, GlobalRole } from '../../platform/auth/actor.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import { randomToken, sha256 } from '../../platform/auth/tokens.ts';

export const SYSTEM: Actor = { kind: 'anonymous' };

export type CreateUserOutcome =
  | { outcome: 'ok'; userId: number; password?: string }
  | { outcome: 'email_taken' };

export interface CreateUserInput {
  email: string;
  name: string;
  password?: string | undefined;
  globalRoles?: GlobalRole[];
  locale?: 'sv' | 'en';
  verified?: boolean;
  membership?: { organisationId: number; role: MembershipRole };
}

/** A readable random password: 4 groups of 5 characters. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(20);
  let s = '';
  for (let i = 0; i < 20; i++) {
    s += alphabet[(bytes[i] ?? 0) % alphabet.length];
    if (i % 5 === 4 && i < 19) s += '-';
  }
  return s;
}

export async function createUser(db: Db, actor: Actor, input: CreateUserInput): Promise<CreateUserOutcome> {
  return db.transaction().execute((trx) => insertUser(trx, actor, input));
}

/** createUser inside a caller's transaction (sign-up adds its verification link in the same one). */
export async function insertUser(trx: Tx, actor: Actor, input: CreateUserInput): Promise<CreateUserOutcome> {
  const email = input.email.trim().toLowerCase();
  const exists = await trx.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', email)).executeTakeFirst();
  if (exists) return { outcome: 'email_taken' as const };
  const password = input.password;
  const row = await trx
    .insertInto('users')
    .values({
      email,
      name: input.name,
      password_hash: password ? await hashPassword(password) : null,
      global_roles: input.globalRoles ?? [],
      locale: input.locale ?? 'sv',
      email_verified_at: input.verified ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.membership) {
    await trx.insertInto('memberships').values({ user_id: row.id, organisation_id: input.membership.organisationId, role: input.membership.role }).execute();
  }
  await recordAudit(trx, actor, {
    action: 'user.create',
    entityType: 'user',
    entityId: row.id,
    after: { email, name: input.name, globalRoles: input.globalRoles ?? [], membership: input.membership ?? null },
  });
  return { outcome: 'ok' as const, userId: row.id };
}

/** On first start: an admin account with a generated password, printed once. */
export async function ensureFirstAdmin(ctx: { db: Db }): Promise<{ email: string; password: string } | undefined> {
  const any = await ctx.db.selectFrom('users').select('id').where(sql<boolean>`global_roles @> ARRAY['admin']::text[]`).executeTakeFirst();
  if (any) return undefined;
  const password = generatePassword();
  const email = 'admin@h22.localhost';
  const r = await createUser(ctx.db, SYSTEM, { email, name: 'H22 Admin', password, globalRoles: ['admin'], verified: true });
  if (r.outcome !== 'ok') return undefined;
  return { email, password };
}

export async function createApiToken(db: Db, actor: Actor, userId: number, name: string): Promise<{ id: number; token: string }> {
  const token = `h22_${randomToken(24)}`;
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('api_tokens')
      .values({ user_id: userId, name, token_hash: sha256(token), prefix: token.slice(0, 10) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'api_token.create', entityType: 'api_token', entityId: row.id, after: { userId, name } });
    return { id: row.id, token };
  });
}
