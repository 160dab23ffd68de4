// Every role × every content action, as pure rules. (content.admin.test.ts checks the routes use them.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor, GlobalRole } from '../../platform/auth/actor.ts';
import type { MembershipRole } from '../../db/types.ts';
import { contentPolicy } from './content.policy.ts';

const user = (globalRoles: GlobalRole[], role?: MembershipRole): Actor => ({
  kind: 'user',
  id: 1,
  email: 'x@example.test',
  name: 'X',
  locale: 'sv',
  globalRoles,
  memberships: role ? [{ organisationId: 7, role }] : [],
  via: 'session',
});

const ROLES: Record<string, Actor> = {
  anonymous: { kind: 'anonymous' },
  resident: user([]),
  member: user([], 'member'),
  editor: user([], 'editor'),
  innovation_lead: user([], 'innovation_lead'),
  programme_team: user(['programme_team']),
  finance: user(['finance']),
  admin: user(['admin']),
};

const ACTIONS = [
  'faq.list',
  'faq.create',
  'faq.edit',
  'faq.publish',
  'faq.delete',
  'page.list',
  'page.create',
  'page.edit',
  'page.publish',
  'page.delete',
  'report.list',
  'report.update',
] as const;

// Who may do what: only the programme team and admins administer programme-wide content.
const ALLOWED: Record<string, readonly string[]> = {
  anonymous: [],
  resident: [],
  member: [],
  editor: [],
  innovation_lead: [],
  programme_team: ACTIONS,
  finance: [],
  admin: ACTIONS,
};

test('the policy covers exactly the documented actions', () => {
  assert.deepEqual([...contentPolicy.actions].sort(), [...ACTIONS].sort());
});

for (const [role, actor] of Object.entries(ROLES)) {
  for (const action of ACTIONS) {
    const expected = ALLOWED[role]!.includes(action);
    test(`${role} ${expected ? 'may' : 'may not'} ${action}`, () => {
      assert.equal(contentPolicy.can(actor, action, undefined), expected);
      assert.equal(contentPolicy.abilities(actor, undefined)[action], expected);
      if (expected) assert.doesNotThrow(() => contentPolicy.authorize(actor, action, undefined));
      else assert.throws(() => contentPolicy.authorize(actor, action, undefined), { code: role === 'anonymous' ? 'unauthorized' : 'forbidden' });
    });
  }
}

test('an editor or innovation lead of an organisation does not become programme team by holding several memberships', () => {
  const multi: Actor = { ...(ROLES.editor as Extract<Actor, { kind: 'user' }>), memberships: [{ organisationId: 1, role: 'editor' }, { organisationId: 2, role: 'innovation_lead' }] };
  for (const action of ACTIONS) assert.equal(contentPolicy.can(multi, action, undefined), false, action);
});
