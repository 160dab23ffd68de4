// Every role × every action of the initiatives policy, as one table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor, GlobalRole, Membership } from '../../platform/auth/actor.ts';
import { createPolicy, initiativePolicy, INITIATIVE_ACTIONS, staffPolicy, type InitiativeAccess } from './initiatives.policy.ts';

const OWNER = 1;
const PARTICIPANT = 2;
const OTHER = 3;

function user(globalRoles: GlobalRole[], memberships: Membership[] = []): Actor {
  return { kind: 'user', id: 9, email: 'x@example.test', name: 'X', locale: 'sv', globalRoles, memberships, via: 'session' };
}

const actors: Record<string, Actor> = {
  anonymous: { kind: 'anonymous' },
  resident: user([]),
  finance: user(['finance']),
  ownerMember: user([], [{ organisationId: OWNER, role: 'member' }]),
  ownerEditor: user([], [{ organisationId: OWNER, role: 'editor' }]),
  ownerLead: user([], [{ organisationId: OWNER, role: 'innovation_lead' }]),
  participantMember: user([], [{ organisationId: PARTICIPANT, role: 'member' }]),
  participantEditor: user([], [{ organisationId: PARTICIPANT, role: 'editor' }]),
  participantLead: user([], [{ organisationId: PARTICIPANT, role: 'innovation_lead' }]),
  otherEditor: user([], [{ organisationId: OTHER, role: 'editor' }]),
  otherLead: user([], [{ organisationId: OTHER, role: 'innovation_lead' }]),
  programmeTeam: user(['programme_team']),
  admin: user(['admin']),
};

// Columns: view (published), view (draft), then the remaining initiative actions in order, then
// create (for the owner organisation), useStaffArea, createInitiatives, viewPortfolio.
const columns = ['view:published', 'view:draft', ...INITIATIVE_ACTIONS.filter((a) => a !== 'view'), 'create', 'useStaffArea', 'createInitiatives', 'viewPortfolio'] as const;
//                          vP vD vI ed pu rq de im co cr st ca po
const expected: Record<keyof typeof actors, string> = {
  anonymous: /*        */ '1  0  0  0  0  0  0  0  0  0  0  0  0',
  resident: /*         */ '1  0  0  0  0  0  0  0  0  0  0  0  0',
  finance: /*          */ '1  0  0  0  0  0  0  0  0  0  0  0  0',
  ownerMember: /*      */ '1  1  1  0  0  0  0  0  1  0  1  0  0',
  ownerEditor: /*      */ '1  1  1  1  1  1  0  1  1  1  1  1  0',
  ownerLead: /*        */ '1  1  1  1  1  1  1  1  1  1  1  1  1',
  participantMember: /**/ '1  1  1  0  0  0  0  0  1  0  1  0  0',
  participantEditor: /**/ '1  1  1  0  0  0  0  0  1  0  1  1  0',
  participantLead: /*  */ '1  1  1  0  0  0  0  0  1  0  1  1  1',
  otherEditor: /*      */ '1  0  0  0  0  0  0  0  0  0  1  1  0',
  otherLead: /*        */ '1  0  0  0  0  0  0  0  0  0  1  1  1',
  programmeTeam: /*    */ '1  1  1  1  1  1  1  1  1  1  1  1  1',
  admin: /*            */ '1  1  1  1  1  1  1  1  1  1  1  1  1',
};

test('the policy table: every role × every action', () => {
  assert.deepEqual(columns, ['view:published', 'view:draft', 'viewInternal', 'edit', 'publish', 'requestStageMove', 'decideStageMove', 'manageImpact', 'comment', 'create', 'useStaffArea', 'createInitiatives', 'viewPortfolio']);
  const published: InitiativeAccess = { ownerOrganisationId: OWNER, participantOrganisationIds: [PARTICIPANT], published: true };
  const draft: InitiativeAccess = { ...published, published: false };
  const failures: string[] = [];
  for (const [name, actor] of Object.entries(actors)) {
    const row = (expected[name] ?? '').split(/\s+/).map((c) => c === '1');
    assert.equal(row.length, columns.length, `row ${name}`);
    columns.forEach((col, i) => {
      let got: boolean;
      if (col === 'view:published') got = initiativePolicy.can(actor, 'view', published);
      else if (col === 'view:draft') got = initiativePolicy.can(actor, 'view', draft);
      else if (col === 'create') got = createPolicy.can(actor, 'create', { ownerOrganisationId: OWNER });
      else if (col === 'useStaffArea' || col === 'createInitiatives' || col === 'viewPortfolio') got = staffPolicy.can(actor, col, undefined);
      else got = initiativePolicy.can(actor, col, draft);
      if (got !== row[i]) failures.push(`${name} × ${col}: expected ${row[i]}, got ${got}`);
    });
  }
  assert.deepEqual(failures, []);
});

test('abilities agree with can() and authorize() throws 401 for visitors and 403 for signed-in people', () => {
  const draft: InitiativeAccess = { ownerOrganisationId: OWNER, participantOrganisationIds: [], published: false };
  const ab = initiativePolicy.abilities(actors.ownerEditor!, draft);
  assert.deepEqual(ab, { view: true, viewInternal: true, edit: true, publish: true, requestStageMove: true, decideStageMove: false, manageImpact: true, comment: true });
  assert.throws(() => initiativePolicy.authorize(actors.anonymous!, 'edit', draft), { code: 'unauthorized' });
  assert.throws(() => initiativePolicy.authorize(actors.otherLead!, 'decideStageMove', draft), { code: 'forbidden', message: 'Not allowed: decideStageMove' });
});
