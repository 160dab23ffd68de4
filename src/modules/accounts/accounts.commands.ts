import { sql } from 'kysely';
// Writes for users, organisations, memberships and API tokens: one transaction each, audited.
import crypto from 'node:crypto';
import type { Db, Tx } from '../../db/db.ts';
import type { MembershipRole } from '../../db/types.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Actor, GlobalRole } from '../../platform/auth/actor.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import { randomToken, sha256 } from '../../platform/auth/tokens.ts';
import { diff } from '../../platform/audit.ts';
import type { OrganisationKind } from '../../db/types.ts';
import { accountsPolicy } from './accounts.policy.ts';

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

// ---------- staff administration: people, organisations, memberships ----------
// Each command re-reads what it changes inside its transaction and asks the policy on that fresh
// row, so a role changed between the form and the post cannot slip through.

export type AdminCreateUserOutcome = { outcome: 'ok'; userId: number; password?: string } | { outcome: 'email_taken' };

/** A person created by staff: global roles need `user.grantRole`; a generated password is returned once. */
export async function adminCreateUser(
  db: Db,
  actor: Actor,
  input: { name: string; email: string; roles: GlobalRole[]; locale: 'sv' | 'en'; access: 'password' | 'link' },
): Promise<AdminCreateUserOutcome> {
  accountsPolicy.authorize(actor, 'user.create', {});
  const roles = [...new Set(input.roles)];
  if (roles.length) accountsPolicy.authorize(actor, 'user.grantRole', {});
  const password = input.access === 'password' ? generatePassword() : undefined;
  try {
    const r = await createUser(db, actor, { email: input.email, name: input.name, password, globalRoles: roles, locale: input.locale });
    if (r.outcome !== 'ok') return r;
    return password ? { outcome: 'ok', userId: r.userId, password } : { outcome: 'ok', userId: r.userId };
  } catch (e) {
    // Two staff creating the same address at once: the unique index decides.
    if ((e as { code?: string }).code === '23505') return { outcome: 'email_taken' };
    throw e;
  }
}

export type UpdateUserOutcome = { outcome: 'ok' } | { outcome: 'not_found' } | { outcome: 'own_admin_role' };

/** Name and (with `user.grantRole`) global roles. An admin cannot take away their own admin role. */
export async function adminUpdateUser(
  db: Db,
  actor: Actor,
  userId: number,
  input: { name: string; roles?: GlobalRole[] | undefined },
): Promise<UpdateUserOutcome> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('users').select(['id', 'name', 'global_roles']).where('id', '=', userId).forUpdate().executeTakeFirst();
    if (!row) return { outcome: 'not_found' as const };
    accountsPolicy.authorize(actor, 'user.edit', { user: { id: row.id, globalRoles: row.global_roles } });
    const before = { name: row.name, globalRoles: [...row.global_roles].sort() };
    const roles = input.roles ? [...new Set(input.roles)].sort() : before.globalRoles;
    if (JSON.stringify(roles) !== JSON.stringify(before.globalRoles)) {
      accountsPolicy.authorize(actor, 'user.grantRole', { user: { id: row.id, globalRoles: row.global_roles } });
      if (actor.kind === 'user' && actor.id === row.id && before.globalRoles.includes('admin') && !roles.includes('admin')) {
        return { outcome: 'own_admin_role' as const };
      }
    }
    const d = diff(before, { name: input.name, globalRoles: roles });
    if (Object.keys(d.after).length === 0) return { outcome: 'ok' as const };
    await trx.updateTable('users').set({ name: input.name, global_roles: roles, updated_at: new Date() }).where('id', '=', row.id).execute();
    await recordAudit(trx, actor, { action: 'user.update', entityType: 'user', entityId: row.id, before: d.before, after: d.after });
    return { outcome: 'ok' as const };
  });
}

/** Disabling signs the person out everywhere (their sessions are deleted); API tokens stop working too. */
export async function adminSetUserDisabled(db: Db, actor: Actor, userId: number, disabled: boolean): Promise<{ outcome: 'ok' } | { outcome: 'not_found' }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('users').select(['id', 'global_roles', 'disabled_at']).where('id', '=', userId).forUpdate().executeTakeFirst();
    if (!row) return { outcome: 'not_found' as const };
    accountsPolicy.authorize(actor, 'user.disable', { user: { id: row.id, globalRoles: row.global_roles } });
    if (disabled) await trx.deleteFrom('sessions').where('user_id', '=', row.id).execute();
    if ((row.disabled_at !== null) === disabled) return { outcome: 'ok' as const };
    await trx.updateTable('users').set({ disabled_at: disabled ? new Date() : null, updated_at: new Date() }).where('id', '=', row.id).execute();
    await recordAudit(trx, actor, {
      action: disabled ? 'user.disable' : 'user.enable',
      entityType: 'user',
      entityId: row.id,
      before: { disabled: !disabled },
      after: { disabled },
    });
    return { outcome: 'ok' as const };
  });
}

export interface OrganisationInput {
  slug?: string | undefined;
  kind?: OrganisationKind | undefined;
  name: string;
  description_sv?: string | undefined;
  description_en?: string | undefined;
  website?: string | undefined;
}

export type OrganisationOutcome = { outcome: 'ok'; id: number } | { outcome: 'not_found' } | { outcome: 'slug_taken' };

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string }).code === '23505';
}

export async function createOrganisation(db: Db, actor: Actor, input: OrganisationInput & { slug: string; kind: OrganisationKind }): Promise<OrganisationOutcome> {
  accountsPolicy.authorize(actor, 'organisation.create', {});
  try {
    return await db.transaction().execute(async (trx) => {
      const taken = await trx.selectFrom('organisations').select('id').where('slug', '=', input.slug).executeTakeFirst();
      if (taken) return { outcome: 'slug_taken' as const };
      const values = {
        slug: input.slug,
        kind: input.kind,
        name: input.name,
        description_sv: input.description_sv ?? '',
        description_en: input.description_en ?? '',
        website: input.website ?? null,
      };
      const row = await trx.insertInto('organisations').values(values).returning('id').executeTakeFirstOrThrow();
      await recordAudit(trx, actor, { action: 'organisation.create', entityType: 'organisation', entityId: row.id, after: values });
      return { outcome: 'ok' as const, id: row.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) return { outcome: 'slug_taken' };
    throw e;
  }
}

/** Slug and kind change only with `organisation.editIdentity` (other modules link by slug). */
export async function updateOrganisation(db: Db, actor: Actor, id: number, input: OrganisationInput): Promise<OrganisationOutcome> {
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('organisations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!row) return { outcome: 'not_found' as const };
      accountsPolicy.authorize(actor, 'organisation.edit', { organisationId: row.id });
      const next = {
        slug: input.slug ?? row.slug,
        kind: input.kind ?? row.kind,
        name: input.name,
        description_sv: input.description_sv ?? '',
        description_en: input.description_en ?? '',
        website: input.website ?? null,
      };
      if (next.slug !== row.slug || next.kind !== row.kind) accountsPolicy.authorize(actor, 'organisation.editIdentity', { organisationId: row.id });
      if (next.slug !== row.slug) {
        const taken = await trx.selectFrom('organisations').select('id').where('slug', '=', next.slug).where('id', '!=', row.id).executeTakeFirst();
        if (taken) return { outcome: 'slug_taken' as const };
      }
      const d = diff(
        { slug: row.slug, kind: row.kind, name: row.name, description_sv: row.description_sv, description_en: row.description_en, website: row.website },
        next,
      );
      if (Object.keys(d.after).length === 0) return { outcome: 'ok' as const, id: row.id };
      await trx.updateTable('organisations').set({ ...next, updated_at: new Date() }).where('id', '=', row.id).execute();
      await recordAudit(trx, actor, { action: 'organisation.update', entityType: 'organisation', entityId: row.id, before: d.before, after: d.after });
      return { outcome: 'ok' as const, id: row.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) return { outcome: 'slug_taken' };
    throw e;
  }
}

export type MembershipOutcome =
  | { outcome: 'ok' }
  | { outcome: 'not_found' }
  | { outcome: 'no_such_user' }
  | { outcome: 'already_member' }
  | { outcome: 'lead_needs_administration' };

const membershipEntity = (organisationId: number, userId: number) => `${organisationId}:${userId}`;

/** Innovation leads lead an administration's innovation work; other kinds of organisation have none. */
function leadAllowed(kind: OrganisationKind, role: MembershipRole): boolean {
  return role !== 'innovation_lead' || kind === 'administration';
}

export async function addMembership(db: Db, actor: Actor, organisationId: number, input: { email: string; role: MembershipRole }): Promise<MembershipOutcome> {
  try {
    return await db.transaction().execute(async (trx) => {
      const org = await trx.selectFrom('organisations').select(['id', 'slug', 'kind']).where('id', '=', organisationId).executeTakeFirst();
      if (!org) return { outcome: 'not_found' as const };
      accountsPolicy.authorize(actor, 'membership.manage', { organisationId: org.id, membershipRoles: [input.role] });
      const user = await trx
        .selectFrom('users')
        .select(['id', 'email'])
        .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.trim().toLowerCase()))
        .executeTakeFirst();
      if (!user) return { outcome: 'no_such_user' as const };
      if (!leadAllowed(org.kind, input.role)) return { outcome: 'lead_needs_administration' as const };
      const existing = await trx.selectFrom('memberships').select('role').where('user_id', '=', user.id).where('organisation_id', '=', org.id).executeTakeFirst();
      if (existing) return { outcome: 'already_member' as const };
      await trx.insertInto('memberships').values({ user_id: user.id, organisation_id: org.id, role: input.role }).execute();
      await recordAudit(trx, actor, {
        action: 'membership.create',
        entityType: 'membership',
        entityId: membershipEntity(org.id, user.id),
        after: { organisation: org.slug, user: user.email, role: input.role },
      });
      return { outcome: 'ok' as const };
    });
  } catch (e) {
    if (isUniqueViolation(e)) return { outcome: 'already_member' };
    throw e;
  }
}

export async function changeMembershipRole(db: Db, actor: Actor, organisationId: number, userId: number, role: MembershipRole): Promise<MembershipOutcome> {
  return db.transaction().execute(async (trx) => {
    const m = await trx
      .selectFrom('memberships')
      .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['memberships.role', 'organisations.kind', 'organisations.slug', 'users.email'])
      .where('memberships.organisation_id', '=', organisationId)
      .where('memberships.user_id', '=', userId)
      .forUpdate(['memberships'])
      .executeTakeFirst();
    if (!m) return { outcome: 'not_found' as const };
    accountsPolicy.authorize(actor, 'membership.manage', { organisationId, membershipRoles: [m.role, role] });
    if (!leadAllowed(m.kind, role)) return { outcome: 'lead_needs_administration' as const };
    if (m.role === role) return { outcome: 'ok' as const };
    await trx.updateTable('memberships').set({ role }).where('organisation_id', '=', organisationId).where('user_id', '=', userId).execute();
    await recordAudit(trx, actor, {
      action: 'membership.update',
      entityType: 'membership',
      entityId: membershipEntity(organisationId, userId),
      before: { organisation: m.slug, user: m.email, role: m.role },
      after: { organisation: m.slug, user: m.email, role },
    });
    return { outcome: 'ok' as const };
  });
}

export async function removeMembership(db: Db, actor: Actor, organisationId: number, userId: number): Promise<MembershipOutcome> {
  return db.transaction().execute(async (trx) => {
    const m = await trx
      .selectFrom('memberships')
      .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['memberships.role', 'organisations.slug', 'users.email'])
      .where('memberships.organisation_id', '=', organisationId)
      .where('memberships.user_id', '=', userId)
      .forUpdate(['memberships'])
      .executeTakeFirst();
    if (!m) return { outcome: 'not_found' as const };
    accountsPolicy.authorize(actor, 'membership.manage', { organisationId, membershipRoles: [m.role] });
    await trx.deleteFrom('memberships').where('organisation_id', '=', organisationId).where('user_id', '=', userId).execute();
    await recordAudit(trx, actor, {
      action: 'membership.delete',
      entityType: 'membership',
      entityId: membershipEntity(organisationId, userId),
      before: { organisation: m.slug, user: m.email, role: m.role },
    });
    return { outcome: 'ok' as const };
  });
}
