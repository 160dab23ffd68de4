// Who may do what with registrations: every role × every action, as pure rules and over HTTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, type TestApp } from '../../../test/helpers.ts';
import { makeOrganisation, makeUser } from '../../../test/factories.ts';
import { makeRegistrable, type Registrable } from '../../../test/registration-fixtures.ts';
import type { Actor, GlobalRole } from '../../platform/auth/actor.ts';
import type { MembershipRole } from '../../db/types.ts';
import { registrationAreaPolicy, registrationPolicy, signUpPolicy, type RegistrationAction } from './registrations.policy.ts';
import { signUp } from './registrations.commands.ts';

const ORG = 7;
const OTHER = 8;
const user = (roles: GlobalRole[] = [], memberships: { organisationId: number; role: MembershipRole }[] = []): Actor => ({
  kind: 'user',
  id: 1,
  email: 'a@example.test',
  name: 'A',
  locale: 'sv',
  globalRoles: roles,
  memberships,
  via: 'session',
});

type Role = 'anonymous' | 'resident' | 'member' | 'editor' | 'innovation_lead' | 'other_editor' | 'other_member' | 'programme_team' | 'admin' | 'finance';
const ACTORS: Record<Role, Actor> = {
  anonymous: { kind: 'anonymous' },
  resident: user(),
  member: user([], [{ organisationId: ORG, role: 'member' }]),
  editor: user([], [{ organisationId: ORG, role: 'editor' }]),
  innovation_lead: user([], [{ organisationId: ORG, role: 'innovation_lead' }]),
  other_editor: user([], [{ organisationId: OTHER, role: 'editor' }]),
  other_member: user([], [{ organisationId: OTHER, role: 'member' }]),
  programme_team: user(['programme_team']),
  admin: user(['admin']),
  finance: user(['finance']),
};

// The expected answer for every role and action (Y = allowed). Columns follow ACTIONS.
const ACTIONS: (RegistrationAction | 'overview')[] = ['overview', 'list', 'checkIn', 'configure', 'export', 'message', 'releaseNoShows', 'cancel'];
const TABLE: Record<Role, string> = {
  anonymous: '--------',
  resident: '--------',
  member: 'YYY-----',
  editor: 'YYYYYYYY',
  innovation_lead: 'YYYYYYYY',
  other_editor: 'Y-------',
  other_member: 'Y-------',
  programme_team: 'YYYYYYYY',
  admin: 'YYYYYYYY',
  finance: '--------',
};

test('the policy answers every role × action as the table says', () => {
  const resource = { organisationIds: [ORG] };
  for (const [role, row] of Object.entries(TABLE) as [Role, string][]) {
    ACTIONS.forEach((action, i) => {
      const expected = row[i] === 'Y';
      const actual = action === 'overview' ? registrationAreaPolicy.can(ACTORS[role], 'overview', undefined) : registrationPolicy.can(ACTORS[role], action, resource);
      assert.equal(actual, expected, `${role} ${action}`);
    });
  }
  // An item with two organisers: the second organiser's editor manages it too.
  assert.ok(registrationPolicy.can(ACTORS.other_editor, 'configure', { organisationIds: [ORG, OTHER] }));
  // Sign-up: everyone, unless the item needs an account.
  assert.ok(signUpPolicy.can(ACTORS.anonymous, 'signUp', { accountRequired: false }));
  assert.ok(!signUpPolicy.can(ACTORS.anonymous, 'signUp', { accountRequired: true }));
  assert.ok(signUpPolicy.can(ACTORS.resident, 'signUp', { accountRequired: true }));
});

// ---------- the same table over HTTP ----------

let t: TestApp;
let ev: Registrable;
let code: string;
const clients = new Map<Role, Client>();
before(async () => {
  t = await createTestApp();
  ev = await makeRegistrable(t.ctx, { capacity: 5 });
  const other = await makeOrganisation(t.ctx);
  const made: Record<Exclude<Role, 'anonymous'>, Parameters<typeof makeUser>[1]> = {
    resident: {},
    member: { org: { id: ev.organisationId, role: 'member' } },
    editor: { org: { id: ev.organisationId, role: 'editor' } },
    innovation_lead: { org: { id: ev.organisationId, role: 'innovation_lead' } },
    other_editor: { org: { id: other.id, role: 'editor' } },
    other_member: { org: { id: other.id, role: 'member' } },
    programme_team: { roles: ['programme_team'] },
    admin: { roles: ['admin'] },
    finance: { roles: ['finance'] },
  };
  clients.set('anonymous', new Client(t.app));
  for (const [role, props] of Object.entries(made) as [Exclude<Role, 'anonymous'>, Parameters<typeof makeUser>[1]][]) {
    const u = await makeUser(t.ctx, { ...props, name: `User ${role}` });
    const c = new Client(t.app);
    await c.signIn(u.email, u.password);
    clients.set(role, c);
  }
  const r = await signUp(t.ctx, { occurrenceId: ev.occurrenceIds[0]!, name: 'Policy Person', email: 'policy@example.test', seats: 1, answers: {}, locale: 'sv' });
  if (r.outcome !== 'created') throw new Error('setup');
  code = r.registration.ticketCode;
});
after(async () => t.close());

test('every staff page and action over HTTP: allowed roles get the page, others 403, anonymous visitors are sent to sign in', async () => {
  const occ = ev.occurrenceIds[0]!;
  // [action column, method, url, form]
  const routes: [RegistrationAction | 'overview', 'GET' | 'POST', string, Record<string, string>?][] = [
    ['overview', 'GET', '/admin/registrations'],
    ['list', 'GET', `/admin/registrations/occurrences/${occ}`],
    ['checkIn', 'GET', `/admin/registrations/occurrences/${occ}/check-in`],
    ['checkIn', 'POST', `/admin/registrations/occurrences/${occ}/check-in`, { code: 'ZZZZ-ZZZZ' }],
    ['configure', 'GET', `/admin/registrations/events/${ev.eventId}`],
    ['configure', 'POST', `/admin/registrations/occurrences/${occ}/settings`, { capacity: 'x' }],
    ['export', 'GET', `/admin/registrations/occurrences/${occ}/attendees.csv`],
    ['message', 'POST', `/admin/registrations/occurrences/${occ}/message`, { subject: '' }],
  ];
  for (const [role, row] of Object.entries(TABLE) as [Role, string][]) {
    const c = clients.get(role)!;
    for (const [action, method, url, form] of routes) {
      const allowed = row[ACTIONS.indexOf(action)] === 'Y';
      let r;
      if (method === 'GET') r = await c.get(url);
      else {
        const page = await c.get('/');
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
        r = await c.request('POST', url, { form: { ...(csrf ? { _csrf: csrf } : {}), ...form } });
        if (role === 'anonymous') {
          // Without a session there is no form token to send: refused before anything else.
          assert.equal(r.status, 403, `${role} ${method} ${url}`);
          continue;
        }
      }
      if (role === 'anonymous') {
        assert.equal(r.status, 303, `${role} ${method} ${url}`);
        assert.match(String(r.headers.location), /^\/logga-in\?next=/);
      } else if (allowed) {
        // Allowed: the page (200), or the form re-rendered with messages (422), or a "not valid" check-in (409).
        assert.ok([200, 409, 422].includes(r.status), `${role} ${method} ${url}: ${r.status}`);
        if (url.endsWith('.csv')) assert.match(r.body, /Policy Person/);
      } else {
        assert.equal(r.status, 403, `${role} ${method} ${url}`);
        assert.doesNotMatch(r.body, /Policy Person|policy@example\.test/);
      }
    }
  }
  // The staff section is in the admin navigation exactly for those who may see the overview.
  for (const [role, row] of Object.entries(TABLE) as [Role, string][]) {
    if (role === 'anonymous' || role === 'resident' || role === 'finance') continue;
    const nav = await clients.get(role)!.get('/admin');
    assert.equal(nav.status, 200, role);
    assert.equal(/href="\/admin\/registrations"/.test(nav.body), row[0] === 'Y', role);
  }
  // Nothing an unauthorised role tried changed anything.
  const reg = await t.ctx.db.selectFrom('registrations').select(['status']).where('ticket_code', '=', code).executeTakeFirstOrThrow();
  assert.equal(reg.status, 'confirmed');
});
