// Test support for the initiatives module: real users as actors, and a valid editor form.
import type { AppContext } from '../../platform/context.ts';
import type { Actor, GlobalRole, Membership } from '../../platform/auth/actor.ts';
import type { InitiativeFormValue } from './initiatives.schema.ts';

let seq = 0;

/** A user row (so audit entries can point at it) and the actor the request pipeline would build. */
export async function makeActor(ctx: Pick<AppContext, 'db'>, name: string, globalRoles: GlobalRole[] = [], memberships: Membership[] = []): Promise<Actor> {
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${seq++}@example.test`;
  const row = await ctx.db.insertInto('users').values({ email, name, global_roles: globalRoles }).returning('id').executeTakeFirstOrThrow();
  for (const m of memberships) await ctx.db.insertInto('memberships').values({ user_id: row.id, organisation_id: m.organisationId, role: m.role }).execute();
  return { kind: 'user', id: row.id, email, name, locale: 'sv', globalRoles, memberships, via: 'session' };
}

export function initiativeForm(ownerId: number, over: Partial<InitiativeFormValue> = {}): InitiativeFormValue {
  return {
    title_sv: 'Ett initiativ',
    owner_organisation_id: String(ownerId),
    participant_ids: [],
    technologies: [],
    sdgs: [],
    aims: [],
    collaboration_kinds: [],
    ...over,
  };
}
