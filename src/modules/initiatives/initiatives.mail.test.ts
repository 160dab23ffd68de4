// Mail on stage moves: an editor's request reaches the owning organisation's innovation lead(s), each in
// their language, with the initiative, from → to, the reason and the approval page; the decision
// (approved or refused, with its reason) reaches the editor. Through the real job queue handler and outbox;
// a retried or repeated job mails no one twice (ADR 023).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, decodeEntities, type TestApp } from '../../../test/helpers.ts';
import { flakyMailer, makeOrganisation, makeUser } from '../../../test/factories.ts';
import type { UserActor } from '../../platform/auth/actor.ts';
import type { JobHandler } from '../../platform/jobs.ts';
import { requestStageMove } from './initiatives.commands.ts';
import { registerInitiativeJobs, STAGE_MAIL_QUEUE } from './initiatives.mail.ts';

let t: TestApp;
let sbf: { id: number };
let sf: { id: number };
const people: Record<string, { email: string; password: string }> = {};

before(async () => {
  t = await createTestApp();
  sbf = await makeOrganisation(t.ctx, { name: 'Stadsbyggnadsförvaltningen', slug: 'stadsbyggnadsforvaltningen' });
  sf = await makeOrganisation(t.ctx, { name: 'Skol- och fritidsförvaltningen', slug: 'skol-och-fritidsforvaltningen' });
  people.editor = await makeUser(t.ctx, { name: 'Eva Editor', email: 'eva.editor@example.test', org: { id: sbf.id, role: 'editor' } });
  people.lead = await makeUser(t.ctx, { name: 'Lars Lead', email: 'lars.lead@example.test', org: { id: sbf.id, role: 'innovation_lead' } });
  people.leadEn = await makeUser(t.ctx, { name: 'Lena Lead', email: 'lena.lead@example.test', org: { id: sbf.id, role: 'innovation_lead' }, locale: 'en' });
  people.otherLead = await makeUser(t.ctx, { name: 'Olivia Otherlead', email: 'olivia@example.test', org: { id: sf.id, role: 'innovation_lead' } });
  people.team = await makeUser(t.ctx, { name: 'Tove Team', email: 'tove.team@example.test', roles: ['programme_team'] });
});
after(async () => t.close());

async function as(who: string): Promise<Client> {
  const c = new Client(t.app);
  await c.signIn(people[who]!.email, people[who]!.password);
  return c;
}
const outbox = (since: number) => t.ctx.db.selectFrom('mail_outbox').select(['id', 'to_address', 'subject', 'text_body']).where('id', '>', since).orderBy('id').execute();
const lastMailId = async () => Number((await t.ctx.db.selectFrom('mail_outbox').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst())?.m ?? 0);

async function createInitiative(title_sv: string, title_en: string): Promise<number> {
  const c = await as('editor');
  const r = await c.submit('/admin/initiatives/new', '/admin/initiatives/new', { title_sv, title_en, owner_organisation_id: String(sbf.id) });
  assert.equal(r.status, 303, r.body.slice(0, 300));
  return Number(/\/admin\/initiatives\/(\d+)/.exec(r.headers.location as string)![1]);
}

test("an editor's request mails the owner's innovation leads — each in their language — with title, from → to, reason and the approval link; no one else", async () => {
  const id = await createInitiative('Sensorer i Slottshagen', 'Sensors in Slottshagen');
  const since = await lastMailId();
  const editor = await as('editor');
  const r = await editor.submit(`/admin/initiatives/${id}`, `/admin/initiatives/${id}/stage`, { to_stage: 'pilot', reason: 'Testgruppen och NSVA är redo att börja i maj.' });
  assert.equal(r.status, 303);
  assert.match(r.headers.location as string, /done=requested/);

  const mails = await outbox(since);
  assert.deepEqual(mails.map((m) => m.to_address).sort(), ['lars.lead@example.test', 'lena.lead@example.test']);
  const sv = mails.find((m) => m.to_address === 'lars.lead@example.test')!;
  assert.equal(sv.subject, 'Stegbyte att godkänna: Sensorer i Slottshagen → Pilot');
  assert.match(sv.text_body, /Eva Editor vill flytta initiativet ”Sensorer i Slottshagen” \(Stadsbyggnadsförvaltningen\) från Idé till Pilot\./);
  assert.match(sv.text_body, /Motivering:\nTestgruppen och NSVA är redo att börja i maj\./);
  assert.ok(sv.text_body.includes(`${t.config.baseUrl}/admin/initiatives/${id}\n`), sv.text_body);
  const en = mails.find((m) => m.to_address === 'lena.lead@example.test')!;
  assert.equal(en.subject, 'Stage move to approve: Sensors in Slottshagen → Pilot');
  assert.match(en.text_body, /Eva Editor would like to move the initiative "Sensors in Slottshagen" \(Stadsbyggnadsförvaltningen\) from Idea to Pilot\./);
  assert.ok(en.text_body.includes(`${t.config.baseUrl}/admin/initiatives/${id}`));

  // The link leads the lead to the decision form.
  const lead = await as('lead');
  const page = decodeEntities((await lead.get(`/admin/initiatives/${id}`)).body);
  assert.match(page, /name="decision" value="approve"/);

  // The programme team sees the mail in the outbox.
  const team = await as('team');
  const box = decodeEntities((await team.get('/admin/outbox')).body);
  assert.match(box, /Stegbyte att godkänna: Sensorer i Slottshagen → Pilot/);
});

test('the decision mails the requesting editor: approved with the reason, refused with the reason and the stage it stays at', async () => {
  for (const [decision, comment, title] of [
    ['approve', 'Bra underlag, kör!', 'Digital anslagstavla'],
    ['reject', 'Vänta på budgeten för nästa år.', 'Robot i biblioteket'],
  ] as const) {
    const id = await createInitiative(title, '');
    const editor = await as('editor');
    await editor.submit(`/admin/initiatives/${id}`, `/admin/initiatives/${id}/stage`, { to_stage: 'pilot', reason: 'Dags att testa' });
    const move = await t.ctx.db.selectFrom('initiative_stage_moves').select('id').where('initiative_id', '=', id).where('status', '=', 'pending').executeTakeFirstOrThrow();
    const since = await lastMailId();
    const lead = await as('lead');
    const r = await lead.submit(`/admin/initiatives/${id}`, `/admin/initiatives/stage-moves/${move.id}/decide`, { decision, decision_comment: comment });
    assert.equal(r.status, 303, r.body.slice(0, 300));
    const mails = await outbox(since);
    assert.deepEqual(mails.map((m) => m.to_address), ['eva.editor@example.test']);
    const m = mails[0]!;
    if (decision === 'approve') {
      assert.equal(m.subject, `Stegbytet är godkänt: ${title}`);
      assert.match(m.text_body, new RegExp(`Lars Lead har godkänt att initiativet ”${title}” flyttas från Idé till Pilot\\.`));
    } else {
      assert.equal(m.subject, `Stegbytet är avslaget: ${title}`);
      assert.match(m.text_body, new RegExp(`Lars Lead har avslagit att initiativet ”${title}” flyttas från Idé till Pilot\\. Initiativet är kvar i Idé\\.`));
    }
    assert.ok(m.text_body.includes(`Motivering: ${comment}`));
    assert.ok(m.text_body.includes(`${t.config.baseUrl}/admin/initiatives/${id}`));
  }
});

test('a lead moving their own initiative directly sends no request mail; a refused request (not the lead) sends nothing', async () => {
  const id = await createInitiative('Smart belysning', '');
  const since = await lastMailId();
  const lead = await as('lead');
  const r = await lead.submit(`/admin/initiatives/${id}`, `/admin/initiatives/${id}/stage`, { to_stage: 'pilot', reason: 'Beslutat i ledningsgruppen' });
  assert.match(r.headers.location as string, /done=moved/);
  const other = await as('otherLead');
  const refused = await other.submit(`/admin/initiatives/${id}`, `/admin/initiatives/${id}/stage`, { to_stage: 'scale_up', reason: 'Vi tar över' });
  assert.equal(refused.status, 403);
  assert.deepEqual(await outbox(since), []);
});

test('an organisation without an active innovation lead: the request goes to the programme team instead, saying why', async () => {
  const nsr = await makeOrganisation(t.ctx, { name: 'NSR', slug: 'nsr' });
  const nsrEditor = await makeUser(t.ctx, { name: 'Nils Nsr', email: 'nils@example.test', org: { id: nsr.id, role: 'editor' } });
  // A disabled lead does not count.
  const gone = await makeUser(t.ctx, { email: 'gone.lead@example.test', org: { id: nsr.id, role: 'innovation_lead' } });
  await t.ctx.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', gone.id).execute();
  const c = new Client(t.app);
  await c.signIn(nsrEditor.email, nsrEditor.password);
  const created = await c.submit('/admin/initiatives/new', '/admin/initiatives/new', { title_sv: 'Sorteringsrobot', owner_organisation_id: String(nsr.id) });
  const id = Number(/\/admin\/initiatives\/(\d+)/.exec(created.headers.location as string)![1]);
  const since = await lastMailId();
  const r = await c.submit(`/admin/initiatives/${id}`, `/admin/initiatives/${id}/stage`, { to_stage: 'pilot', reason: 'Roboten står klar i Filborna.' });
  assert.match(r.headers.location as string, /done=requested/);
  const mails = await outbox(since);
  assert.deepEqual(mails.map((m) => m.to_address), ['tove.team@example.test']);
  assert.equal(mails[0]!.subject, 'Stegbyte att godkänna: Sorteringsrobot → Pilot');
  assert.match(mails[0]!.text_body, /NSR har ingen aktiv innovationsledare, så frågan går till projektgruppen H22\./);
  // The team can decide it.
  const team = await as('team');
  assert.match((await team.get(`/admin/initiatives/${id}`)).body, /name="decision" value="approve"/);
});

test('a request job that failed after mailing the first lead is retried: each lead ends up with exactly one request mail', async () => {
  const id = await createInitiative('Solceller på Knutpunkten', 'Solar panels at Knutpunkten');
  const eva = await t.ctx.db.selectFrom('users').select(['id', 'email', 'name']).where('email', '=', 'eva.editor@example.test').executeTakeFirstOrThrow();
  const actor: UserActor = { kind: 'user', id: eva.id, email: eva.email, name: eva.name, locale: 'sv', globalRoles: [], memberships: [{ organisationId: sbf.id, role: 'editor' }], via: 'session' };
  // The command queues the job (as with pg-boss) instead of running it.
  const queued: { queue: string; data: Record<string, unknown> }[] = [];
  const asked = await requestStageMove({ ...t.ctx, jobs: { send: async (queue, data = {}) => void queued.push({ queue, data }) } }, actor, 'sv', id, { to_stage: 'pilot', reason: 'Taket är besiktigat och elnätet klart.' });
  assert.equal(asked.outcome, 'requested');
  const moveId = asked.outcome === 'requested' ? asked.moveId : 0;
  assert.deepEqual(queued, [{ queue: STAGE_MAIL_QUEUE, data: { moveId, event: 'requested' } }]);

  // The worker: the module's real job handler, with an SMTP server that refuses Lena (the second lead) at first.
  const refused = new Set(['lena.lead@example.test']);
  const { mail, delivered: handed } = flakyMailer(t.ctx, refused, () => new Error('451 4.3.0 Mailbox temporarily unavailable'));
  const handlers = new Map<string, JobHandler>();
  await registerInitiativeJobs({ ...t.ctx, mail, jobs: { ...t.ctx.jobs, async work(queue, handler) { handlers.set(queue, handler); } } });
  const runJob = () => handlers.get(STAGE_MAIL_QUEUE)!(queued[0]!.data);
  const since = await lastMailId();

  await assert.rejects(runJob(), /451 4\.3\.0 Mailbox temporarily unavailable/);
  assert.deepEqual(handed, ['lars.lead@example.test: Stegbyte att godkänna: Solceller på Knutpunkten → Pilot']);
  // pg-boss retries the failed job: Lars is not mailed again, Lena now is.
  refused.clear();
  await runJob();
  // A third run (a job queued twice) sends nothing.
  await runJob();
  assert.deepEqual(handed, ['lars.lead@example.test: Stegbyte att godkänna: Solceller på Knutpunkten → Pilot', 'lena.lead@example.test: Stage move to approve: Solar panels at Knutpunkten → Pilot']);

  const rows = await t.ctx.db.selectFrom('mail_outbox').select(['to_address', 'subject', 'text_body', 'sent_at', 'error']).where('id', '>', since).orderBy('id').execute();
  const delivered = rows.filter((r) => r.error === null);
  assert.deepEqual(
    delivered.map((r) => [r.to_address, r.subject, r.sent_at !== null]),
    [
      ['lars.lead@example.test', 'Stegbyte att godkänna: Solceller på Knutpunkten → Pilot', true],
      ['lena.lead@example.test', 'Stage move to approve: Solar panels at Knutpunkten → Pilot', true],
    ],
  );
  assert.match(delivered[0]!.text_body, /Eva Editor vill flytta initiativet ”Solceller på Knutpunkten” \(Stadsbyggnadsförvaltningen\) från Idé till Pilot\./);
  assert.match(delivered[1]!.text_body, /Eva Editor would like to move the initiative "Solar panels at Knutpunkten" \(Stadsbyggnadsförvaltningen\) from Idea to Pilot\./);
  assert.match(delivered[1]!.text_body, /Taket är besiktigat och elnätet klart\./);
  // The refused attempt stays in the outbox with its error, as failed deliveries always have.
  assert.deepEqual(
    rows.filter((r) => r.error !== null).map((r) => [r.to_address, r.subject, r.sent_at, r.error]),
    [['lena.lead@example.test', 'Stage move to approve: Solar panels at Knutpunkten → Pilot', null, '451 4.3.0 Mailbox temporarily unavailable']],
  );
  const keys = await t.ctx.db.selectFrom('mail_once').select('key').where('key', 'like', `initiatives.stage-move:${moveId}:%`).orderBy('key').execute();
  const leadIds = await t.ctx.db.selectFrom('users').select('id').where('email', 'in', ['lars.lead@example.test', 'lena.lead@example.test']).orderBy('id').execute();
  assert.deepEqual(keys.map((k) => k.key), leadIds.map((u) => `initiatives.stage-move:${moveId}:requested:user:${u.id}`).sort());
});

test('the decision job run a second time (a retry or a duplicate) does not mail the editor again', async () => {
  const id = await createInitiative('Lånecyklar vid Drottninghög', '');
  const editor = await as('editor');
  await editor.submit(`/admin/initiatives/${id}`, `/admin/initiatives/${id}/stage`, { to_stage: 'pilot', reason: 'Cyklarna är levererade' });
  const move = await t.ctx.db.selectFrom('initiative_stage_moves').select('id').where('initiative_id', '=', id).where('status', '=', 'pending').executeTakeFirstOrThrow();
  const since = await lastMailId();
  const lead = await as('lead');
  await lead.submit(`/admin/initiatives/${id}`, `/admin/initiatives/stage-moves/${move.id}/decide`, { decision: 'approve', decision_comment: 'Kör!' });
  await t.ctx.jobs.send(STAGE_MAIL_QUEUE, { moveId: move.id, event: 'decided' });
  const mails = await outbox(since);
  assert.deepEqual(mails.map((m) => [m.to_address, m.subject]), [['eva.editor@example.test', 'Stegbytet är godkänt: Lånecyklar vid Drottninghög']]);
  assert.match(mails[0]!.text_body, /Lars Lead har godkänt att initiativet ”Lånecyklar vid Drottninghög” flyttas från Idé till Pilot\./);
});
