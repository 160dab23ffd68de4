import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, decodeEntities, type TestApp } from '../../../test/helpers.ts';
import { makeOrganisation, makeUser } from '../../../test/factories.ts';
import type { Actor, GlobalRole, UserActor } from '../../platform/auth/actor.ts';
import type { MembershipRole } from '../../db/types.ts';
import { seedExpo } from './expo.seed.ts';
import { eventPolicy, programmePolicy } from './expo.policy.ts';
import type { EventState } from './expo.schema.ts';
import { clock } from './expo.time.ts';

let t: TestApp;
let orgA: { id: number; slug: string };
let orgB: { id: number; slug: string };
let member: { email: string; password: string; id: number };
let outsider: { email: string; password: string; id: number };
let team: { email: string; password: string; id: number };
let venues: Record<string, number>;

before(async () => {
  clock.set(() => new Date('2023-01-10T12:00:00Z'));
  t = await createTestApp();
  await seedExpo(t.ctx);
  orgA = await makeOrganisation(t.ctx, { name: 'Föreningen Testbädd' });
  orgB = await makeOrganisation(t.ctx, { name: 'Annan förvaltning' });
  member = await makeUser(t.ctx, { org: { id: orgA.id, role: 'member' }, email: 'arrangor@example.test' });
  outsider = await makeUser(t.ctx, { org: { id: orgB.id, role: 'editor' } });
  team = await makeUser(t.ctx, { roles: ['programme_team'] });
  const rows = await t.ctx.db.selectFrom('expo_venues').select(['id', 'slug']).execute();
  venues = Object.fromEntries(rows.map((r) => [r.slug, r.id]));
});
after(async () => {
  clock.set(undefined);
  await t.close();
});

const text = (s: string) => decodeEntities(s.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));

// ---------- the policy, every role × action ----------

function actor(globalRoles: GlobalRole[], memberships: { organisationId: number; role: MembershipRole }[]): UserActor {
  return { kind: 'user', id: 1, email: 'x@example.test', name: 'X', locale: 'sv', globalRoles, memberships, via: 'session' };
}

test('policy table: every role × action on an item in each state, and on the programme', () => {
  const ORG = 10;
  const roles: Record<string, Actor> = {
    anonymous: { kind: 'anonymous' },
    resident: actor([], []),
    member: actor([], [{ organisationId: ORG, role: 'member' }]),
    editor: actor([], [{ organisationId: ORG, role: 'editor' }]),
    innovation_lead: actor([], [{ organisationId: ORG, role: 'innovation_lead' }]),
    other_org: actor([], [{ organisationId: 99, role: 'editor' }]),
    finance: actor(['finance'], []),
    programme_team: actor(['programme_team'], []),
    admin: actor(['admin'], []),
  };
  const org = ['member', 'editor', 'innovation_lead'];
  const staff = ['programme_team', 'admin'];
  // [action, state] → the roles that may
  const expected: [string, EventState, string[]][] = [
    ['view', 'draft', [...org, ...staff]],
    ['view', 'accepted', [...org, ...staff]],
    ['edit', 'draft', [...org, ...staff]],
    ['edit', 'changes_requested', [...org, ...staff]],
    ['edit', 'submitted', staff],
    ['edit', 'accepted', staff],
    ['submit', 'draft', [...org, ...staff]],
    ['submit', 'changes_requested', [...org, ...staff]],
    ['submit', 'submitted', []],
    ['submit', 'accepted', []],
    ['withdraw', 'submitted', [...org, ...staff]],
    ['withdraw', 'accepted', []],
    ['review', 'draft', []],
    ['review', 'submitted', staff],
    ['review', 'accepted', staff],
    ['review', 'rejected', []],
    ['schedule', 'draft', staff],
    ['schedule', 'accepted', staff],
  ];
  for (const [action, state, allowed] of expected) {
    for (const [name, a] of Object.entries(roles)) {
      const can = eventPolicy.can(a, action as 'view', { state, organisationIds: [ORG] });
      assert.equal(can, allowed.includes(name), `${name} ${action} ${state}`);
    }
  }
  const programme: [string, string[]][] = [
    ['list', [...org, 'other_org', ...staff]],
    ['create', [...org, 'other_org', ...staff]],
    ['publish', staff],
    ['star', ['resident', ...org, 'other_org', 'finance', ...staff]],
  ];
  for (const [action, allowed] of programme) {
    for (const [name, a] of Object.entries(roles)) assert.equal(programmePolicy.can(a, action as 'list', undefined), allowed.includes(name), `${name} ${action}`);
  }
  // Every action of both policies is in the table.
  assert.deepEqual([...new Set(expected.map((e) => e[0]))].sort(), [...eventPolicy.actions].sort());
  assert.deepEqual(programme.map((p) => p[0]).sort(), [...programmePolicy.actions].sort());
});

// ---------- submitting ----------

const baseForm = () => ({
  title_sv: 'Vi bygger en fågelholk av returträ',
  title_en: 'Building a bird box from reclaimed wood',
  type: 'workshop',
  description_sv: 'En workshop för hela familjen.',
  languages: ['sv'],
  audience: ['families'],
  themes: ['engagement'],
  sdgs: ['12', '15'],
  booking_mode: 'none',
  attendance_mode: 'offline',
  slot1_date: '2022-06-11',
  slot1_start: '11:00',
  slot1_end: '12:30',
  slot1_venue: '',
  intent: 'submit',
});

async function signedIn(user: { email: string; password: string }) {
  const c = new Client(t.app);
  await c.signIn(user.email, user.password);
  return c;
}

const eventCount = async () => Number((await t.ctx.db.selectFrom('expo_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

test('bad input re-renders the form with what was typed and a message at each field; nothing is saved', async () => {
  const c = await signedIn(member);
  const before = await eventCount();
  const venue = String(venues['drottninghog-stadsodlingen']);
  const cases: [Record<string, string | string[]>, string, RegExp][] = [
    [{ slot1_end: '10:00', slot1_venue: venue }, 'slot1_end', /Sluttiden måste vara efter starttiden\./],
    [{ slot1_date: '2022-08-01', slot1_venue: venue }, 'slot1_date', /Datumet måste ligga inom expot, 2022-05-30–2022-07-03\./],
    [{ slot1_venue: '999999' }, 'slot1_venue', /Välj en plats i listan\./],
    [{ title_sv: '', slot1_venue: venue }, 'title_sv', /Fyll i fältet\./],
    [{ slot1_venue: venue, main_organisation: String(orgB.id) }, 'main_organisation', /Du kan bara skicka in för organisationer du är medlem i\./],
    [{ slot1_venue: '', slot1_date: '', slot1_start: '', slot1_end: '' }, 'slot1_date', /Ange minst ett tillfälle/],
    [{ slot1_venue: venue, slot1_start: '' }, 'slot1_start', /Fyll i datum, start, slut och plats\./],
    [{ slot1_venue: venue, slot1_start: '25:99' }, 'slot1_start', /Ange en tid som TT:MM\./],
  ];
  for (const [over, field, message] of cases) {
    const r = await c.submit('/admin/program/new', '/admin/program/new', { ...baseForm(), main_organisation: String(orgA.id), ...over });
    assert.ok(r.status === 400 || r.status === 422, `${field}: ${r.status}`);
    const fieldBlock = new RegExp(`<p class="error-message" id="f-${field}-error">([^<]+)</p>`).exec(r.body);
    assert.ok(fieldBlock, `message next to ${field}`);
    assert.match(decodeEntities(fieldBlock[1]!), message);
    assert.match(r.body, /<div class="error-summary" role="alert"/);
    assert.match(r.body, /value="Building a bird box from reclaimed wood"/);
    if (field !== 'title_sv') assert.match(r.body, /value="Vi bygger en fågelholk av returträ"/);
  }
  // A 10 MB description is refused before it reaches the form.
  const page = await c.get('/admin/program/new');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const huge = await c.request('POST', '/admin/program/new', { form: { _csrf: csrf, ...baseForm(), main_organisation: String(orgA.id), slot1_venue: venue, description_sv: 'x'.repeat(10 * 1024 * 1024) } });
  assert.equal(huge.status, 413);
  assert.match(huge.body, /För mycket data/);
  // Just over the field limit: a message at the field.
  const long = await c.submit('/admin/program/new', '/admin/program/new', { ...baseForm(), main_organisation: String(orgA.id), slot1_venue: venue, description_sv: 'x'.repeat(20001) });
  assert.equal(long.status, 400);
  assert.match(decodeEntities(long.body), /id="f-description_sv-error">Texten får vara högst 20000 tecken\./);
  assert.equal(await eventCount(), before);
});

test('an organiser submits; the team requests changes with a reason the organiser sees and gets by mail; then accepts and publishes', async () => {
  const c = await signedIn(member);
  const r = await c.submit('/admin/program/new', '/admin/program/new', { ...baseForm(), main_organisation: String(orgA.id), slot1_venue: String(venues['drottninghog-stadsodlingen']) });
  assert.equal(r.status, 303);
  const id = Number(/\/admin\/program\/(\d+)/.exec(String(r.headers.location))![1]);
  const mine = await c.get(`/admin/program/${id}?done=submitted`);
  assert.match(text(mine.body), /Programpunkten är inskickad för granskning\./);
  assert.match(text(mine.body), /Läge Inskickad/);
  // Submitted: the organiser can no longer edit, and the list shows it.
  assert.doesNotMatch(mine.body, /action="\/admin\/program\/\d+" class="admin-form"/);
  assert.match(text((await c.get('/admin/program')).body), /Vi bygger en fågelholk av returträ Inskickad/);
  // Another organisation does not even see it.
  const other = await signedIn(outsider);
  assert.equal((await other.get(`/admin/program/${id}`)).status, 404);
  assert.doesNotMatch((await other.get('/admin/program')).body, /fågelholk/);
  // The organiser may not review.
  const sneaky = await c.submit(`/admin/program/${id}`, `/admin/program/${id}/review`, { decision: 'accept', reason: 'Jag godkänner mig själv' });
  assert.equal(sneaky.status, 403);

  const tc = await signedIn(team);
  const noReason = await tc.submit(`/admin/program/${id}`, `/admin/program/${id}/review`, { decision: 'reject', reason: '' });
  assert.equal(noReason.status, 400);
  assert.match(decodeEntities(noReason.body), /id="f-reason-error">Fyll i fältet\./);
  const changes = await tc.submit(`/admin/program/${id}`, `/admin/program/${id}/review`, { decision: 'request_changes', reason: 'Lägg till en engelsk beskrivning, tack.' });
  assert.equal(changes.status, 303);
  const mail = await t.ctx.db.selectFrom('mail_outbox').select(['to_address', 'subject', 'text_body']).where('to_address', '=', member.email).orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.equal(mail.subject, 'Beslut om din programpunkt ”Vi bygger en fågelholk av returträ”');
  assert.match(mail.text_body, /Beslut: Begär ändringar/);
  assert.match(mail.text_body, /Lägg till en engelsk beskrivning, tack\./);
  const seen = await c.get(`/admin/program/${id}`);
  assert.match(text(seen.body), /Programgruppens kommentar Lägg till en engelsk beskrivning, tack\./);
  // Back to the organiser: edit and submit again.
  const edit = await c.submit(`/admin/program/${id}`, `/admin/program/${id}`, {
    ...baseForm(),
    main_organisation: String(orgA.id),
    slot1_id: '',
    slot1_venue: String(venues['drottninghog-stadsodlingen']),
    description_en: 'A workshop for the whole family.',
  });
  assert.equal(edit.status, 303);
  assert.equal((await t.ctx.db.selectFrom('expo_events').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state, 'submitted');

  const accept = await tc.submit(`/admin/program/${id}`, `/admin/program/${id}/review`, { decision: 'accept', reason: 'Välkommen!' });
  assert.equal(accept.status, 303);
  // Accepted is not published: nothing leaks anywhere public.
  const slug = (await t.ctx.db.selectFrom('expo_events').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;
  const anon = new Client(t.app);
  assert.equal((await anon.get(`/program/evenemang/${slug}`)).status, 404);
  assert.doesNotMatch((await anon.get('/program?date=2022-06-11')).body, /fågelholk/);
  assert.doesNotMatch((await anon.get('/api/v1/events?date=2022-06-11&limit=500')).body, /fågelholk/);
  assert.doesNotMatch((await anon.get('/schedule.json')).body, /fågelholk/);
  assert.doesNotMatch((await anon.get('/program.ics?date=2022-06-11')).body, /fågelholk/);
  assert.doesNotMatch((await anon.get('/sok?q=f%C3%A5gelholk')).body, /Vi bygger en fågelholk/);

  const pending = await tc.get('/admin/program/releases');
  assert.match(text(pending.body), /1 ändring väntar på publicering\. Nytt Vi bygger en fågelholk av returträ/);
  const pub = await tc.submit('/admin/program/releases', '/admin/program/releases', { note_sv: 'Fågelholkar', note_en: 'Bird boxes' });
  assert.equal(pub.status, 303);
  const done = await tc.get(String(pub.headers.location));
  assert.match(text(done.body), /Version 2 är publicerad\./);
  assert.equal((await anon.get(`/program/evenemang/${slug}`)).status, 200);
  assert.ok(text((await anon.get('/program?date=2022-06-11')).body).includes('Vi bygger en fågelholk av returträ'));
  const log = text((await anon.get('/program/andringar')).body);
  assert.match(log, /Version 2 – .* Fågelholkar .* Nytt Vi bygger en fågelholk av returträ/);
  const atom = (await anon.get('/program/andringar.atom')).body;
  assert.match(atom, /<title>Version 2 – \d{4}-\d\d-\d\d<\/title>/);
  // The publish page now has nothing to publish.
  assert.match(text((await tc.get('/admin/program/releases')).body), /Inget har ändrats sedan förra publiceringen\./);
  // A member of the organisation may not publish.
  assert.equal((await c.get('/admin/program/releases')).status, 403);
});

test('scheduling warns about a double-booked exclusive venue, opening hours and an organiser in two places', async () => {
  const tc = await signedIn(team);
  // Urban Future holds Helsingborgs konserthus (exclusive) on 1 June 09:00–17:30.
  const form = {
    ...baseForm(),
    title_sv: 'Krockande konsert',
    main_organisation: String(orgA.id),
    slot1_date: '2022-06-01',
    slot1_start: '10:00',
    slot1_end: '11:00',
    slot1_venue: String(venues.konserthuset),
    slot2_date: '2022-06-06',
    slot2_start: '19:00',
    slot2_end: '20:00',
    slot2_venue: String(venues.stadsbiblioteket),
    intent: 'save',
  };
  const before = await eventCount();
  const warned = await tc.submit('/admin/program/new', '/admin/program/new', form);
  assert.equal(warned.status, 422);
  const box = text(/<div class="warning-list" role="alert">[\s\S]*?<\/div>/.exec(warned.body)![0]);
  assert.match(box, /Helsingborgs konserthus är redan bokad 2022-06-01 09:00–17:30 av ”Urban Future”\./);
  assert.match(box, /2022-06-06: Tiden ligger utanför öppettiderna för Stadsbiblioteket \(10:00–19:00\)\./);
  assert.match(warned.body, /<input type="checkbox" id="f-confirm_warnings" name="confirm_warnings" value="on">/);
  assert.equal(await eventCount(), before);
  // The team may schedule anyway after confirming.
  const confirmed = await tc.submit('/admin/program/new', '/admin/program/new', { ...form, confirm_warnings: 'on' });
  assert.equal(confirmed.status, 303);
  assert.equal(await eventCount(), before + 1);

  // An organiser cannot override a double-booked exclusive venue.
  const c = await signedIn(member);
  const refused = await c.submit('/admin/program/new', '/admin/program/new', { ...form, title_sv: 'Också krock', confirm_warnings: 'on', slot2_date: '', slot2_start: '', slot2_end: '', slot2_venue: '' });
  assert.equal(refused.status, 422);
  assert.match(decodeEntities(refused.body), /id="f-slot1_venue-error">Platsen är redan bokad den tiden\./);
  assert.equal(await eventCount(), before + 1);

  // The same organiser in two places at once.
  const first = await c.submit('/admin/program/new', '/admin/program/new', { ...baseForm(), title_sv: 'Förmiddag i Oceanhamnen', main_organisation: String(orgA.id), slot1_date: '2022-06-15', slot1_start: '10:00', slot1_end: '12:00', slot1_venue: String(venues['oceanhamnen-strandpromenaden']) });
  assert.equal(first.status, 303);
  const second = await c.submit('/admin/program/new', '/admin/program/new', { ...baseForm(), title_sv: 'Samtidigt på Drottninghög', main_organisation: String(orgA.id), slot1_date: '2022-06-15', slot1_start: '11:00', slot1_end: '12:00', slot1_venue: String(venues['drottninghog-stadsodlingen']) });
  assert.equal(second.status, 422);
  assert.match(text(second.body), /2022-06-15 10:00–12:00: Föreningen Testbädd är samtidigt med på ”Förmiddag i Oceanhamnen” \(Strandpromenaden Oceanhamnen\)\./);
});

test('the team cancels one date; the release says so and the calendar carries STATUS:CANCELLED', async () => {
  const tc = await signedIn(team);
  const ev = await t.ctx.db.selectFrom('expo_events').select(['id', 'slug']).where('title_sv', '=', 'Demokratifestivalen').executeTakeFirstOrThrow();
  const occ = await t.ctx.db.selectFrom('expo_occurrences').select(['id', 'guid']).where('event_id', '=', ev.id).orderBy('starts_at').execute();
  const r = await tc.submit(`/admin/program/${ev.id}`, `/admin/program/${ev.id}/occurrences/${occ[3]!.id}/status`, { status: 'cancelled' });
  assert.equal(r.status, 303);
  await tc.submit('/admin/program/releases', '/admin/program/releases', {});
  const anon = new Client(t.app);
  const log = text((await anon.get('/program/andringar')).body);
  assert.match(log, /Inställt Demokratifestivalen ?: torsdag 16 juni 2022, 10:00–18:00, H22 Arena Hamntorget/);
  const ics = (await anon.get(`/program/evenemang/${ev.slug}.ics`)).body;
  const cancelled = ics.split('BEGIN:VEVENT').find((b) => b.includes(`UID:${occ[3]!.guid}@h22`))!;
  assert.match(cancelled, /STATUS:CANCELLED/);
  assert.match(cancelled, /SEQUENCE:1/);
  const other = ics.split('BEGIN:VEVENT').find((b) => b.includes(`UID:${occ[0]!.guid}@h22`))!;
  assert.match(other, /STATUS:CONFIRMED/);
  assert.match(other, /SEQUENCE:0/);
  // Anonymous visitors are sent to sign in; ids that are not numbers are 404.
  const a = await anon.get('/admin/program');
  assert.equal(a.status, 303);
  assert.equal((await tc.get('/admin/program/abc')).status, 404);
});
