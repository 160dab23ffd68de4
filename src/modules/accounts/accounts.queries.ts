import { sql } from 'kysely';
import type { Db } from '../../db/db.ts';

export function findUserByEmail(db: Db, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'password_hash', 'disabled_at', 'email_verified_at', 'locale'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .executeTakeFirst();
}

// ---------- staff administration: people, organisations, memberships ----------

/** A LIKE pattern that matches `s` literally anywhere. */
function containsPattern(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const ADMIN_PAGE_SIZE = 25;

/** People matching a search in name or e-mail, sorted by name (Swedish order), one page at a time. */
export async function listUsers(db: Db, opts: { q?: string | undefined; page: number; pageSize?: number }) {
  const size = opts.pageSize ?? ADMIN_PAGE_SIZE;
  let base = db.selectFrom('users');
  if (opts.q) {
    const p = containsPattern(opts.q);
    base = base.where((eb) => eb.or([eb('name', 'ilike', p), eb('email', 'ilike', p)]));
  }
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select(['id', 'email', 'name', 'global_roles', 'disabled_at', 'email_verified_at', 'created_at'])
    .orderBy(sql`name COLLATE sv`)
    .orderBy('id')
    .limit(size)
    .offset((opts.page - 1) * size)
    .execute();
  return { rows, total: Number(total.n), pageSize: size };
}

export function getUserById(db: Db, id: number) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'global_roles', 'disabled_at', 'email_verified_at', 'locale', 'created_at', 'updated_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A person's memberships with the organisation's name, in Swedish order. */
export function listMembershipsOfUser(db: Db, userId: number) {
  return db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select(['organisations.id as organisationId', 'organisations.name', 'organisations.slug', 'organisations.kind', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy(sql`organisations.name COLLATE sv`)
    .execute();
}

/** Every organisation with its number of members, in Swedish order (å, ä, ö after z). */
export function listOrganisations(db: Db, opts: { ids?: number[] } = {}) {
  let q = db
    .selectFrom('organisations')
    .select(['organisations.id', 'slug', 'name', 'kind', 'website', 'is_demo'])
    .select((eb) =>
      eb.selectFrom('memberships').select((e2) => e2.fn.countAll<number>().as('n')).whereRef('memberships.organisation_id', '=', 'organisations.id').as('members'),
    )
    .orderBy(sql`name COLLATE sv`)
    .orderBy('organisations.id');
  if (opts.ids) {
    if (opts.ids.length === 0) return Promise.resolve([]);
    q = q.where('organisations.id', 'in', opts.ids);
  }
  return q.execute();
}

export function getOrganisation(db: Db, id: number) {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function getOrganisationBySlug(db: Db, slug: string) {
  return db.selectFrom('organisations').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** The members of an organisation, in Swedish name order. */
export function listMembers(db: Db, organisationId: number) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id as userId', 'users.name', 'users.email', 'users.disabled_at', 'memberships.role', 'memberships.created_at'])
    .where('memberships.organisation_id', '=', organisationId)
    .orderBy(sql`users.name COLLATE sv`)
    .orderBy('users.id')
    .execute();
}

export async function countUsersAndOrganisations(db: Db): Promise<{ users: number; disabledUsers: number; organisations: number }> {
  const u = await db
    .selectFrom('users')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('disabled_at').as('disabled')])
    .executeTakeFirstOrThrow();
  const o = await db.selectFrom('organisations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { users: Number(u.n), disabledUsers: Number(u.disabled), organisations: Number(o.n) };
}
