// The initiative commands against a real database: outcomes, domain rules, audit entries, nothing half-saved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { makeOrganisation } from '../../../test/factories.ts';
import type { Actor, GlobalRole, Membership } from '../../platform/auth/actor.ts';
import type { InitiativeFormValue } from './initiatives.schema.ts';
import {
  addComment,
  addImpactGoal,
  createInitiative,
  decideStageMove,
  recordFollowUp,
  requestStageMove,
  setPublished,
  updateInitiative,
} from './initiatives.commands.ts';

let t: TestApp;
let owner: { id: number; name: string };
let participant: { id: number; name: string };
let other: { id: number; name: string };
let editor: Actor, lead: Actor, otherEditor: Actor, otherLead: Actor, participantMember: Actor, team: Actor;

before(async () => {
  t = await createTestApp();
  owner = await makeOrganisation(t.ctx, { name: 'Stadsbyggnadsförvaltningen' });
  participant = await makeOrganisation(t.ctx, { name: 'NSVA', kind: 'company' });
  other = await makeOrganisation(t.ctx, { name: 'Skol- och fritidsförvaltningen' });
  // Real users so the audit log's actor_id foreign key holds.
  const mk = async (name: string, roles: GlobalRole[], m: Membership[] = []) => {
    const row = await t.ctx.db.insertInto('users').values({ email: `${name}@example.test`, name, global_roles: roles }).returning('id').executeTakeFirstOrThrow();
    return { kind: 'user', id: row.id, email: `${name}@example.test`, name, locale: 'sv', globalRoles: roles, memberships: m, via: 'session' } as Actor;
  };
  editor = await mk('Eva Editor', [], [{ organisationId: owner.id, role: 'editor' }]);
  lead = await mk('Lars Lead', [], [{ organisationId: owner.id, role: 'innovation_lead' }]);
  otherEditor = await mk('Olga Other', [], [{ organisationId: other.id, role: 'editor' }]);
  otherLead = await mk('Oskar Otherlead', [], [{ organisationId: other.id, role: 'innovation_lead' }]);
  participantMember = await mk('Pia Participant', [], [{ organisationId: participant.id, role: 'member' }]);
  team = await mk('Tove Team', ['programme_team']);
});
after(async () => t.close());

function form(over: Partial<InitiativeFormValue> = {}): InitiativeFormValue {
  return {
    title_sv: 'Smarta sopkärl på Drottninghög',
    title_en: 'Smart bins in Drottninghög',
    summary_sv: 'Sensorer i sopkärlen visar när de behöver tömmas.',
    owner_organisation_id: String(owner.id),
    participant_ids: [String(participant.id)],
    technologies: ['sensors', 'iot'],
    sdgs: ['11', '12'],
    sdg_targets: '11.6, 12.5',
    aims: ['technology'],
    collaboration_kinds: ['testbed'],
    location_lat: '56,0600',
    location_lng: '12,7300',
    estimated_budget_sek: '250 000',
    ...over,
  };
}

const count = async (table: 'initiatives' | 'initiative_stage_moves' | 'impact_goals' | 'impact_follow_ups' | 'initiative_comments') =>
  Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

const auditFor = (id: number, action: string) =>
  t.ctx.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'initiative').where('entity_id', '=', String(id)).where('action', '=', action).orderBy('id').execute();

test('an editor creates an initiative: stored with parsed numbers, a first stage entry and an audit entry', async () => {
  const r = await createInitiative(t.ctx, editor, 'sv', form());
  assert.equal(r.outcome, 'ok');
  if (r.outcome !== 'ok') return;
  assert.equal(r.slug, 'smarta-sopkarl-pa-drottninghog');
  const row = await t.ctx.db.selectFrom('initiatives').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
  assert.equal(row.stage, 'idea');
  assert.equal(row.published, false);
  assert.equal(row.estimated_budget_ore, 25_000_000);
  assert.equal(row.location_lat, 56.06);
  assert.deepEqual(row.sdgs, [11, 12]);
  assert.deepEqual(row.sdg_targets, ['11.6', '12.5']);
  const parts = await t.ctx.db.selectFrom('initiative_organisations').select('organisation_id').where('initiative_id', '=', r.id).execute();
  assert.deepEqual(parts.map((p) => p.organisation_id), [participant.id]);
  const history = await t.ctx.db.selectFrom('initiative_stage_moves').selectAll().where('initiative_id', '=', r.id).execute();
  assert.deepEqual(history.map((h) => [h.from_stage, h.to_stage, h.status, h.requested_by_name]), [[null, 'idea', 'approved', 'Eva Editor']]);
  const audit = await auditFor(r.id, 'initiative.create');
  assert.equal(audit.length, 1);
  assert.equal((audit[0]!.after as Record<string, unknown>).title_sv, 'Smarta sopkärl på Drottninghög');
  assert.equal(audit[0]!.actor_label, 'Eva Editor <Eva Editor@example.test>');
  // A second initiative with the same title gets its own address.
  const again = await createInitiative(t.ctx, editor, 'sv', form());
  assert.equal(again.outcome === 'ok' && again.slug, 'smarta-sopkarl-pa-drottninghog-2');
});

test('bad numbers, goals and references come back as field messages and nothing is saved', async () => {
  const before = await count('initiatives');
  const r = await createInitiative(t.ctx, editor, 'sv', form({
    owner_organisation_id: '999999',
    sdgs: ['11', '18'],
    sdg_targets: '11.6, elva',
    location_lat: '95',
    location_lng: 'öster',
    estimated_budget_sek: 'mycket',
  }));
  assert.equal(r.outcome, 'invalid');
  assert.deepEqual(r.outcome === 'invalid' && r.errors, {
    owner_organisation_id: 'Välj en organisation i listan.',
    sdgs: 'Välj mål mellan 1 och 17.',
    sdg_targets: '”elva” är inget delmål. Skriv delmål som 11.2 eller 12.a, åtskilda med komma.',
    location_lat: 'Latitud är ett tal mellan -90 och 90, till exempel 56,0465.',
    location_lng: 'Longitud är ett tal mellan -180 och 180, till exempel 12,6945.',
    estimated_budget_sek: 'Ange beloppet i kronor, till exempel 250 000.',
  });
  const half = await createInitiative(t.ctx, editor, 'en', form({ location_lng: undefined }));
  assert.deepEqual(half.outcome === 'invalid' && half.errors, { location_lng: 'Fill in both latitude and longitude, or neither.' });
  assert.equal(await count('initiatives'), before);
});

test("an editor cannot create for, or edit, another organisation's initiative; the reason names the organisation", async () => {
  const before = await count('initiatives');
  const c = await createInitiative(t.ctx, otherEditor, 'sv', form());
  assert.deepEqual(c, { outcome: 'forbidden', reason: 'Du kan inte skapa initiativ för Stadsbyggnadsförvaltningen: du är inte redaktör eller innovationsledare där.' });
  assert.equal(await count('initiatives'), before);
  const mine = await createInitiative(t.ctx, editor, 'sv', form({ title_sv: 'Digital tvilling av Oceanhamnen' }));
  assert.equal(mine.outcome, 'ok');
  if (mine.outcome !== 'ok') return;
  const u = await updateInitiative(t.ctx, otherEditor, 'en', mine.id, form({ title_sv: 'Kapad' }));
  assert.deepEqual(u, { outcome: 'forbidden', reason: 'Only editors and innovation leads of Stadsbyggnadsförvaltningen (or the H22 programme team) can change this initiative.' });
  const row = await t.ctx.db.selectFrom('initiatives').select('title_sv').where('id', '=', mine.id).executeTakeFirstOrThrow();
  assert.equal(row.title_sv, 'Digital tvilling av Oceanhamnen');
});

test('an edit records only what changed, and an edit based on an old version is refused', async () => {
  const c = await createInitiative(t.ctx, editor, 'sv', form({ title_sv: 'Lärplattform med AI' }));
  assert.equal(c.outcome, 'ok');
  if (c.outcome !== 'ok') return;
  const ok = await updateInitiative(t.ctx, editor, 'sv', c.id, form({ title_sv: 'Lärplattform med AI', summary_sv: 'Ny sammanfattning', sdgs: ['4'], version: '1' }));
  assert.deepEqual(ok, { outcome: 'ok' });
  const [audit] = await auditFor(c.id, 'initiative.update');
  assert.deepEqual(audit!.before, { summary_sv: 'Sensorer i sopkärlen visar när de behöver tömmas.', sdgs: [11, 12] });
  assert.deepEqual(audit!.after, { summary_sv: 'Ny sammanfattning', sdgs: [4] });
  const stale = await updateInitiative(t.ctx, editor, 'sv', c.id, form({ title_sv: 'Gammal version', version: '1' }));
  assert.equal(stale.outcome, 'conflict');
  const row = await t.ctx.db.selectFrom('initiatives').select(['title_sv', 'version']).where('id', '=', c.id).executeTakeFirstOrThrow();
  assert.deepEqual(row, { title_sv: 'Lärplattform med AI', version: 2 });
  assert.deepEqual(await updateInitiative(t.ctx, editor, 'sv', 987654, form()), { outcome: 'not_found' });
});

test('stage moves: no Idé → Realiserad without lessons; an editor asks, a non-lead cannot approve, the lead approves', async () => {
  const c = await createInitiative(t.ctx, editor, 'sv', form({ title_sv: 'Trygg hemgång med välfärdsteknik' }));
  if (c.outcome !== 'ok') throw new Error(c.outcome);
  const noLessons = await requestStageMove(t.ctx, editor, 'sv', c.id, { to_stage: 'realised', reason: 'Klart' });
  assert.deepEqual(noLessons, { outcome: 'invalid', errors: { lessons_learned_sv: 'Skriv vilka lärdomar ni har dragit – det krävs för att flytta till Realiserad.' } });

  const asked = await requestStageMove(t.ctx, editor, 'sv', c.id, { to_stage: 'pilot', reason: 'Testgrupp och partner är klara' });
  assert.equal(asked.outcome, 'requested');
  if (asked.outcome !== 'requested') return;
  let row = await t.ctx.db.selectFrom('initiatives').select('stage').where('id', '=', c.id).executeTakeFirstOrThrow();
  assert.equal(row.stage, 'idea');
  const twice = await requestStageMove(t.ctx, editor, 'sv', c.id, { to_stage: 'scale_up', reason: 'x' });
  assert.deepEqual(twice, { outcome: 'invalid', errors: { to_stage: 'Det finns redan en begäran om stegbyte som väntar på beslut. Den behöver beslutas först.' } });

  for (const notLead of [editor, otherLead]) {
    const d = await decideStageMove(t.ctx, notLead, 'sv', asked.moveId, { decision: 'approve' });
    assert.deepEqual(d, { outcome: 'forbidden', reason: 'Bara innovationsledaren på Stadsbyggnadsförvaltningen eller H22:s projektgrupp kan godkänna stegbyten för initiativet.' });
  }
  row = await t.ctx.db.selectFrom('initiatives').select('stage').where('id', '=', c.id).executeTakeFirstOrThrow();
  assert.equal(row.stage, 'idea');

  const approved = await decideStageMove(t.ctx, lead, 'sv', asked.moveId, { decision: 'approve', decision_comment: 'Bra underlag' });
  assert.deepEqual(approved, { outcome: 'approved', initiativeId: c.id });
  row = await t.ctx.db.selectFrom('initiatives').select('stage').where('id', '=', c.id).executeTakeFirstOrThrow();
  assert.equal(row.stage, 'pilot');
  const again = await decideStageMove(t.ctx, lead, 'sv', asked.moveId, { decision: 'approve' });
  assert.deepEqual(again, { outcome: 'invalid', errors: { decision: 'Begäran är redan beslutad.' } });

  const back = await requestStageMove(t.ctx, lead, 'en', c.id, { to_stage: 'idea', reason: 'Rethink' });
  assert.deepEqual(back, { outcome: 'invalid', errors: { to_stage: 'An initiative cannot move backwards from Pilot to Idea.' } });

  const history = await t.ctx.db.selectFrom('initiative_stage_moves').selectAll().where('initiative_id', '=', c.id).orderBy('id').execute();
  assert.deepEqual(history.map((h) => [h.from_stage, h.to_stage, h.status, h.reason, h.requested_by_name, h.decided_by_name]), [
    [null, 'idea', 'approved', '', 'Eva Editor', 'Eva Editor'],
    ['idea', 'pilot', 'approved', 'Testgrupp och partner är klara', 'Eva Editor', 'Lars Lead'],
  ]);
  const audit = await auditFor(c.id, 'initiative.stage_move');
  assert.deepEqual([audit[0]!.before, (audit[0]!.after as { stage: string }).stage, audit[0]!.actor_label], [{ stage: 'idea' }, 'pilot', 'Lars Lead <Lars Lead@example.test>']);
});

test('the lead stops an initiative directly with lessons learned; an ended initiative cannot move again', async () => {
  const c = await createInitiative(t.ctx, editor, 'sv', form({ title_sv: 'Drönare för ledningsinspektion' }));
  if (c.outcome !== 'ok') throw new Error(c.outcome);
  const r = await requestStageMove(t.ctx, lead, 'sv', c.id, { to_stage: 'stopped', reason: 'Tillstånden tog för lång tid', lessons_learned_sv: 'Börja med tillstånden.' });
  assert.equal(r.outcome, 'moved');
  const row = await t.ctx.db.selectFrom('initiatives').select(['stage', 'lessons_learned_sv']).where('id', '=', c.id).executeTakeFirstOrThrow();
  assert.deepEqual(row, { stage: 'stopped', lessons_learned_sv: 'Börja med tillstånden.' });
  const more = await requestStageMove(t.ctx, team, 'sv', c.id, { to_stage: 'pilot', reason: 'Nytt försök' });
  assert.deepEqual(more, { outcome: 'invalid', errors: { to_stage: 'Initiativet är avslutat (Avbruten) och kan inte flyttas.' } });
});

test('a rejected request leaves the stage and records the decision', async () => {
  const c = await createInitiative(t.ctx, editor, 'sv', form({ title_sv: 'Cykelräknare i city' }));
  if (c.outcome !== 'ok') throw new Error(c.outcome);
  const asked = await requestStageMove(t.ctx, editor, 'sv', c.id, { to_stage: 'scale_up', reason: 'Vi vill skala' });
  if (asked.outcome !== 'requested') throw new Error(asked.outcome);
  const d = await decideStageMove(t.ctx, team, 'sv', asked.moveId, { decision: 'reject', decision_comment: 'Pilotera först' });
  assert.deepEqual(d, { outcome: 'rejected', initiativeId: c.id });
  const move = await t.ctx.db.selectFrom('initiative_stage_moves').selectAll().where('id', '=', asked.moveId).executeTakeFirstOrThrow();
  assert.deepEqual([move.status, move.decision_comment, move.decided_by_name], ['rejected', 'Pilotera först', 'Tove Team']);
  const row = await t.ctx.db.selectFrom('initiatives').select('stage').where('id', '=', c.id).executeTakeFirstOrThrow();
  assert.equal(row.stage, 'idea');
});

test('impact goals: a target date before the baseline and bad numbers are field messages; follow-ups are audited', async () => {
  const c = await createInitiative(t.ctx, editor, 'sv', form({ title_sv: 'Minskat matsvinn i skolan' }));
  if (c.outcome !== 'ok') throw new Error(c.outcome);
  const bad = await addImpactGoal(t.ctx, editor, 'sv', c.id, { indicator_sv: 'Matsvinn per portion', unit: 'g', baseline_value: 'tolv', baseline_date: '2025-06-01', target_value: '30', target_date: '2025-01-31', follow_up_months: '40' });
  assert.deepEqual(bad, {
    outcome: 'invalid',
    errors: { baseline_value: 'Ange ett tal, till exempel 12 eller 12,5.', target_date: 'Måldatum kan inte vara före datumet för utgångsvärdet.', follow_up_months: 'Ange ett heltal från 1 till 36.' },
  });
  const badDate = await addImpactGoal(t.ctx, editor, 'en', c.id, { indicator_sv: 'x', baseline_value: '1', baseline_date: '2025-02-30', target_value: '2', target_date: '2026-01-01' });
  assert.deepEqual(badDate, { outcome: 'invalid', errors: { baseline_date: 'Enter a date as YYYY-MM-DD, for example 2026-03-31.' } });
  assert.equal(await count('impact_goals'), 0);
  const forbidden = await addImpactGoal(t.ctx, otherEditor, 'sv', c.id, { indicator_sv: 'x', baseline_value: '1', baseline_date: '2025-01-01', target_value: '2', target_date: '2026-01-01' });
  assert.equal(forbidden.outcome, 'forbidden');

  const g = await addImpactGoal(t.ctx, editor, 'sv', c.id, { indicator_sv: 'Matsvinn per portion', unit: 'g', baseline_value: '42,5', baseline_date: '2025-01-15', target_value: '30', target_date: '2026-06-30' });
  assert.equal(g.outcome, 'ok');
  if (g.outcome !== 'ok') return;
  const goal = await t.ctx.db.selectFrom('impact_goals').selectAll().where('id', '=', g.id).executeTakeFirstOrThrow();
  assert.equal(goal.baseline_value, 42.5);
  assert.equal(goal.follow_up_months, 6);

  const now = new Date('2025-09-01T10:00:00Z');
  const future = await recordFollowUp(t.ctx, editor, 'sv', g.id, { measured_on: '2025-09-02', value: '38', status: 'green', comment: 'Bra' }, now);
  assert.deepEqual(future, { outcome: 'invalid', errors: { measured_on: 'Mätdatum kan inte vara i framtiden.' } });
  const early = await recordFollowUp(t.ctx, editor, 'sv', g.id, { measured_on: '2024-12-31', value: '38', status: 'green', comment: 'Bra' }, now);
  assert.deepEqual(early, { outcome: 'invalid', errors: { measured_on: 'Mätdatum kan inte vara före datumet för utgångsvärdet.' } });
  const f1 = await recordFollowUp(t.ctx, editor, 'sv', g.id, { measured_on: '2025-06-30', value: '38', status: 'green', comment: 'Enligt plan' }, now);
  assert.equal(f1.outcome, 'ok');
  const f2 = await recordFollowUp(t.ctx, editor, 'sv', g.id, { measured_on: '2025-08-31', value: '41', status: 'yellow', comment: 'Sommaren ökade svinnet' }, now);
  assert.equal(f2.outcome, 'ok');
  const audit = await auditFor(c.id, 'initiative.follow_up');
  assert.equal(audit.length, 2);
  assert.deepEqual(audit[1]!.before, { goalId: g.id, measured_on: '2025-06-30', value: 38, status: 'green' });
  assert.deepEqual((audit[1]!.after as Record<string, unknown>).status, 'yellow');
  assert.equal(await count('impact_follow_ups'), 2);
});

test('members of participating organisations comment internally; outsiders cannot', async () => {
  const c = await createInitiative(t.ctx, editor, 'sv', form({ title_sv: 'Öppna data om vattenkvalitet' }));
  if (c.outcome !== 'ok') throw new Error(c.outcome);
  const ok = await addComment(t.ctx, participantMember, 'sv', c.id, 'Vi kan bidra med mätdata från reningsverket.');
  assert.equal(ok.outcome, 'ok');
  const no = await addComment(t.ctx, otherEditor, 'sv', c.id, 'Hej');
  assert.deepEqual(no, { outcome: 'forbidden', reason: 'Bara medlemmar i ägande eller deltagande organisationer kan kommentera internt.' });
  const rows = await t.ctx.db.selectFrom('initiative_comments').select(['author_name', 'body']).where('initiative_id', '=', c.id).execute();
  assert.deepEqual(rows, [{ author_name: 'Pia Participant', body: 'Vi kan bidra med mätdata från reningsverket.' }]);
  assert.equal((await auditFor(c.id, 'initiative.comment')).length, 1);
});

test('publishing is audited and only the owner side may do it', async () => {
  const c = await createInitiative(t.ctx, editor, 'sv', form({ title_sv: 'Laddinfrastruktur i Mariastaden' }));
  if (c.outcome !== 'ok') throw new Error(c.outcome);
  assert.equal((await setPublished(t.ctx, participantMember, 'sv', c.id, true)).outcome, 'forbidden');
  assert.deepEqual(await setPublished(t.ctx, editor, 'sv', c.id, true), { outcome: 'ok' });
  const row = await t.ctx.db.selectFrom('initiatives').select(['published', 'first_published_at']).where('id', '=', c.id).executeTakeFirstOrThrow();
  assert.equal(row.published, true);
  assert.ok(row.first_published_at instanceof Date);
  const [audit] = await auditFor(c.id, 'initiative.publish');
  assert.deepEqual([audit!.before, audit!.after], [{ published: false }, { published: true }]);
});
