// Every role × every action of accounts.policy.ts: the expected answer is written down once in TABLE,
// then checked against the policy AND against the admin route that performs the action, so the rules
// and the routes can never disagree.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, csrfFrom, type TestApp } from '../../../test/helpers.ts';
import { makeOrganisation, makeUser } from '../../../test/factories.ts';
import { createSession, loadUserActor, SESSION_COOKIE } from '../../platform/auth/sessions.ts';
import { ANONYMOUS, type Actor } from '../../platform/auth/actor.ts';
import { accountsPolicy, type AccountsAction, type AccountsResource } from './accounts.policy.ts';

const ROLES = ['anonymous', 'resident', 'member', 'editor', 'innovation_lead', 'programme_team', 'finance', 'admin'] as const;
type Role = (typeof ROLES)[number];

interface World {
  orgA: { id: number; slug: string };
  orgB: { id: number; slug: string };
  users: Record<Exclude<Role, 'anonymous'>, { id: number; email: string }>;
  /** A person without any role, a finance person, a member of A, an innovation lead of A, a member of B. */
  plain: { id: number };
  staff: { id: number };
  memberOfA: { id: number };
  leadOfA: { id: number };
  memberOfB: { id: number };
}

type Http = { method: 'GET' | 'POST'; url: string; form?: Record<string, string | string[]> };

interface Row {
  action: AccountsAction;
  on: string;
  /** One character per role in ROLES order: x = allowed, . = denied. */
  expect: string;
  resource: (w: World, self: { id: number; globalRoles: string[] } | undefined) => AccountsResource;
  /** The admin route that performs (or shows the form for) the action. Called once per role. */
  http: (w: World, role: Role) => Promise<Http> | Http;
}

let t: TestApp;
let w: World;
let fresh = 0;

const TABLE: Row[] = [
  //                                                                        anon res mem edi lead prog fin adm
  { action: 'admin.access', on: '-', expect: '..xxxxxx', resource: () => ({}), http: () => ({ method: 'GET', url: '/admin' }) },
  { action: 'user.list', on: '-', expect: '.....x.x', resource: () => ({}), http: () => ({ method: 'GET', url: '/admin/users' }) },
  { action: 'user.list', on: 'a person', expect: '.....x.x', resource: () => ({}), http: (w) => ({ method: 'GET', url: `/admin/users/${w.staff.id}` }) },
  { action: 'user.create', on: '-', expect: '.....x.x', resource: () => ({}), http: () => ({ method: 'GET', url: '/admin/users/new' }) },
  {
    action: 'user.edit',
    on: 'person without global role',
    expect: '.....x.x',
    resource: (w) => ({ user: { id: w.plain.id, globalRoles: [] } }),
    http: (w) => ({ method: 'POST', url: `/admin/users/${w.plain.id}`, form: { name: 'Plain Person' } }),
  },
  {
    action: 'user.edit',
    on: 'person with a global role',
    expect: '.......x',
    resource: (w) => ({ user: { id: w.staff.id, globalRoles: ['finance'] } }),
    http: (w) => ({ method: 'POST', url: `/admin/users/${w.staff.id}`, form: { name: 'Staff Person', roles: ['finance'] } }),
  },
  {
    action: 'user.disable',
    on: 'person without global role',
    expect: '.....x.x',
    resource: (w) => ({ user: { id: w.plain.id, globalRoles: [] } }),
    http: (w) => ({ method: 'POST', url: `/admin/users/${w.plain.id}/enable` }),
  },
  {
    action: 'user.disable',
    on: 'person with a global role',
    expect: '.......x',
    resource: (w) => ({ user: { id: w.staff.id, globalRoles: ['finance'] } }),
    http: (w) => ({ method: 'POST', url: `/admin/users/${w.staff.id}/enable` }),
  },
  {
    action: 'user.disable',
    on: 'themselves',
    expect: '........',
    resource: (w, self) => ({ user: self ?? { id: w.plain.id, globalRoles: [] } }),
    http: (w, role) => ({ method: 'POST', url: `/admin/users/${role === 'anonymous' ? w.plain.id : w.users[role].id}/enable` }),
  },
  {
    action: 'user.grantRole',
    on: 'person without global role',
    expect: '.......x',
    resource: (w) => ({ user: { id: w.plain.id, globalRoles: [] } }),
    // A fresh person each time, so granting really changes something.
    http: async () => {
      const u = await makeUser(t.ctx, { name: 'Grant Target', email: `grant-${fresh++}@example.test` });
      return { method: 'POST', url: `/admin/users/${u.id}`, form: { name: 'Grant Target', roles: ['finance'] } };
    },
  },
  { action: 'organisation.list', on: '-', expect: '.....xxx', resource: () => ({}), http: () => ({ method: 'GET', url: '/admin/organisations' }) },
  {
    action: 'organisation.view',
    on: 'own organisation',
    expect: '..xxxxxx',
    resource: (w) => ({ organisationId: w.orgA.id }),
    http: (w) => ({ method: 'GET', url: `/admin/organisations/${w.orgA.id}/members` }),
  },
  {
    action: 'organisation.view',
    on: 'another organisation',
    expect: '.....xxx',
    resource: (w) => ({ organisationId: w.orgB.id }),
    http: (w) => ({ method: 'GET', url: `/admin/organisations/${w.orgB.id}/members` }),
  },
  { action: 'organisation.create', on: '-', expect: '.....x.x', resource: () => ({}), http: () => ({ method: 'GET', url: '/admin/organisations/new' }) },
  {
    action: 'organisation.edit',
    on: 'own organisation',
    expect: '...xxx.x',
    resource: (w) => ({ organisationId: w.orgA.id }),
    http: (w) => ({ method: 'GET', url: `/admin/organisations/${w.orgA.id}` }),
  },
  {
    action: 'organisation.edit',
    on: 'another organisation',
    expect: '.....x.x',
    resource: (w) => ({ organisationId: w.orgB.id }),
    http: (w) => ({ method: 'GET', url: `/admin/organisations/${w.orgB.id}` }),
  },
  {
    action: 'organisation.editIdentity',
    on: 'own organisation',
    expect: '.....x.x',
    resource: (w) => ({ organisationId: w.orgA.id }),
    // Changing the slug is an identity change; each allowed role renames it once more.
    http: (w, role) => ({ method: 'POST', url: `/admin/organisations/${w.orgA.id}`, form: { name: 'Organisation A', slug: `org-a-${role.replace(/_/g, '-')}`, kind: 'administration' } }),
  },
  {
    action: 'membership.manage',
    on: 'own organisation, member role',
    expect: '...xxx.x',
    resource: (w) => ({ organisationId: w.orgA.id, membershipRoles: ['member'] }),
    http: (w) => ({ method: 'POST', url: `/admin/organisations/${w.orgA.id}/members/${w.memberOfA.id}`, form: { role: 'member' } }),
  },
  {
    action: 'membership.manage',
    on: 'own organisation, innovation lead role',
    expect: '.....x.x',
    resource: (w) => ({ organisationId: w.orgA.id, membershipRoles: ['innovation_lead'] }),
    http: (w) => ({ method: 'POST', url: `/admin/organisations/${w.orgA.id}/members/${w.leadOfA.id}`, form: { role: 'innovation_lead' } }),
  },
  {
    action: 'membership.manage',
    on: 'another organisation',
    expect: '.....x.x',
    resource: (w) => ({ organisationId: w.orgB.id, membershipRoles: ['member'] }),
    http: (w) => ({ method: 'POST', url: `/admin/organisations/${w.orgB.id}/members/${w.memberOfB.id}`, form: { role: 'member' } }),
  },
  { action: 'audit.view', on: '-', expect: '.....xxx', resource: () => ({}), http: () => ({ method: 'GET', url: '/admin/audit' }) },
  { action: 'outbox.view', on: '-', expect: '.....x.x', resource: () => ({}), http: () => ({ method: 'GET', url: '/admin/outbox' }) },
];

before(async () => {
  t = await createTestApp();
  const orgA = await makeOrganisation(t.ctx, { name: 'Organisation A', kind: 'administration' });
  const orgB = await makeOrganisation(t.ctx, { name: 'Organisation B', kind: 'administration' });
  const users = {
    resident: await makeUser(t.ctx, { name: 'Resident' }),
    member: await makeUser(t.ctx, { name: 'Member', org: { id: orgA.id, role: 'member' } }),
    editor: await makeUser(t.ctx, { name: 'Editor', org: { id: orgA.id, role: 'editor' } }),
    innovation_lead: await makeUser(t.ctx, { name: 'Lead', org: { id: orgA.id, role: 'innovation_lead' } }),
    programme_team: await makeUser(t.ctx, { name: 'Programme', roles: ['programme_team'] }),
    finance: await makeUser(t.ctx, { name: 'Finance', roles: ['finance'] }),
    admin: await makeUser(t.ctx, { name: 'Admin', roles: ['admin'] }),
  };
  w = {
    orgA,
    orgB,
    users,
    plain: await makeUser(t.ctx, { name: 'Plain Person' }),
    staff: await makeUser(t.ctx, { name: 'Staff Person', roles: ['finance'] }),
    memberOfA: await makeUser(t.ctx, { name: 'Member Of A', org: { id: orgA.id, role: 'member' } }),
    leadOfA: await makeUser(t.ctx, { name: 'Lead Of A', org: { id: orgA.id, role: 'innovation_lead' } }),
    memberOfB: await makeUser(t.ctx, { name: 'Member Of B', org: { id: orgB.id, role: 'member' } }),
  };
});
after(async () => t.close());

async function actorFor(role: Role): Promise<Actor> {
  if (role === 'anonymous') return ANONYMOUS;
  const a = await loadUserActor(t.ctx.db, w.users[role].id, 'session');
  assert.ok(a);
  return a;
}

/** A browser signed in as the role (a session made directly: sign-in itself is tested elsewhere). */
async function clientFor(role: Role): Promise<Client> {
  const c = new Client(t.app);
  if (role !== 'anonymous') c.cookies.set(SESSION_COOKIE, await createSession(t.ctx.db, w.users[role].id, 'password', 'test'));
  return c;
}

test('the table covers every action of the accounts policy and every role', () => {
  assert.deepEqual([...new Set(TABLE.map((r) => r.action))].sort(), [...accountsPolicy.actions].sort());
  for (const r of TABLE) assert.match(r.expect, /^[x.]{8}$/, `${r.action} (${r.on}) needs one mark per role`);
});

test('the policy answers exactly as the table says, for every role', async () => {
  const mismatches: string[] = [];
  for (const [i, role] of ROLES.entries()) {
    const actor = await actorFor(role);
    const self = actor.kind === 'user' ? { id: actor.id, globalRoles: actor.globalRoles } : undefined;
    for (const r of TABLE) {
      const expected = r.expect[i] === 'x';
      const got = accountsPolicy.can(actor, r.action, r.resource(w, self));
      if (got !== expected) mismatches.push(`${role} ${r.action} (${r.on}): expected ${expected ? 'allow' : 'deny'}, policy says ${got ? 'allow' : 'deny'}`);
    }
  }
  assert.deepEqual(mismatches, []);
});

for (const [i, role] of ROLES.entries()) {
  test(`the admin routes answer as the table says for ${role.replace(/_/g, ' ')}`, async () => {
    const c = await clientFor(role);
    // A valid CSRF token for this browser: every page carries one (the sign-out form or the sign-in form).
    const tokenPage = await c.get(role === 'anonymous' ? '/logga-in' : '/');
    const csrf = csrfFrom(tokenPage.body);
    assert.ok(csrf, 'a CSRF token on the page');
    const mismatches: string[] = [];
    for (const r of TABLE) {
      const allowed = r.expect[i] === 'x';
      const req = await r.http(w, role);
      const res = req.method === 'GET' ? await c.get(req.url) : await c.request('POST', req.url, { form: { _csrf: csrf, ...(req.form ?? {}) } });
      const label = `${role} ${r.action} (${r.on}) ${req.method} ${req.url}`;
      if (role === 'anonymous') {
        // Anonymous visitors are sent to sign in (GET) or told to (POST); nothing is shown or changed.
        const ok = req.method === 'GET' ? res.status === 303 && String(res.headers.location).startsWith('/logga-in?next=') : res.status === 401;
        if (!ok) mismatches.push(`${label}: expected sign-in, got ${res.status}`);
      } else if (!allowed) {
        if (res.status !== 403 || !res.body.includes('Du har inte behörighet')) mismatches.push(`${label}: expected 403 page, got ${res.status}`);
      } else if (req.method === 'GET') {
        if (res.status !== 200 || !/<h1>[^<]+<\/h1>/.test(res.body)) mismatches.push(`${label}: expected 200 page, got ${res.status}`);
      } else if (res.status !== 303 || String(res.headers.location).includes('logga-in')) {
        mismatches.push(`${label}: expected 303 after the change, got ${res.status}`);
      }
    }
    assert.deepEqual(mismatches, []);
  });
}

test('a denied change leaves the data as it was (roles, slug, memberships)', async () => {
  const staff = await t.ctx.db.selectFrom('users').select('global_roles').where('id', '=', w.staff.id).executeTakeFirstOrThrow();
  assert.deepEqual(staff.global_roles, ['finance']);
  const lead = await t.ctx.db.selectFrom('memberships').select('role').where('user_id', '=', w.leadOfA.id).executeTakeFirstOrThrow();
  assert.equal(lead.role, 'innovation_lead');
  // Only the two roles allowed to change the slug did, the admin last.
  const a = await t.ctx.db.selectFrom('organisations').select('slug').where('id', '=', w.orgA.id).executeTakeFirstOrThrow();
  assert.equal(a.slug, 'org-a-admin');
  const renames = await t.ctx.db
    .selectFrom('audit_log')
    .select(['actor_label', 'after'])
    .where('action', '=', 'organisation.update')
    .where('entity_id', '=', String(w.orgA.id))
    .orderBy('id')
    .execute();
  assert.deepEqual(
    renames.map((r) => [r.actor_label.split(' <')[0], (r.after as { slug?: string }).slug]),
    [
      ['Programme', 'org-a-programme-team'],
      ['Admin', 'org-a-admin'],
    ],
  );
});
