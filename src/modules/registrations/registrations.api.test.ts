// /api/v1 registration: sign-up with problem details for every refusal, the manage URL (GET,
// DELETE), staff endpoints with tokens (list, CSV, check-in), rate limits, and the OpenAPI document.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, type TestApp } from '../../../test/helpers.ts';
import { makeUser } from '../../../test/factories.ts';
import { makeRegistrable, type Registrable } from '../../../test/registration-fixtures.ts';
import { createApiToken } from '../accounts/index.ts';

let t: TestApp;
let ev: Registrable;
let teamToken: string;
let editorToken: string;
let memberToken: string;
let strangerToken: string;
before(async () => {
  // The limits are raised here; the rate-limit test below builds its own app with low ones.
  process.env.REGISTRATION_LIMIT_PER_IP = '0';
  process.env.REGISTRATION_LIMIT_PER_EMAIL = '0';
  t = await createTestApp();
  ev = await makeRegistrable(t.ctx, {
    capacity: 4,
    waitlist: 3,
    maxGroup: 2,
    titleSv: 'Urban Brilliance',
    titleEn: 'Urban Brilliance',
    questions: [{ id: 'q1', label_sv: 'Organisation', label_en: 'Organisation', required: true }],
  });
  const token = async (props: Parameters<typeof makeUser>[1]) => (await createApiToken(t.ctx.db, { kind: 'anonymous' }, (await makeUser(t.ctx, props)).id, 'test')).token;
  teamToken = await token({ roles: ['programme_team'], name: 'Team Person' });
  editorToken = await token({ org: { id: ev.organisationId, role: 'editor' }, name: 'Edit Organiser' });
  memberToken = await token({ org: { id: ev.organisationId, role: 'member' }, name: 'Door Keeper' });
  strangerToken = await token({ name: 'Someone Else' });
});
after(async () => {
  delete process.env.REGISTRATION_LIMIT_PER_IP;
  delete process.env.REGISTRATION_LIMIT_PER_EMAIL;
  await t.close();
});

const api = (method: string, url: string, opts: { json?: unknown; headers?: Record<string, string> } = {}) => new Client(t.app).request(method, url, opts);
const signUpUrl = (id: number) => `/api/v1/occurrences/${id}/registrations`;
let n = 0;
const body = (extra: Record<string, unknown> = {}) => {
  n++;
  return { name: `API Person ${n}`, email: `api${n}@example.test`, seats: 1, answers: { q1: 'Helsingborgs stad' }, ...extra };
};

test('201 with the status, the code and a signed manage URL; waiting people get their position; a full waiting list is 409 "waitlist_full"', async () => {
  const occ = ev.occurrenceIds[0]!;
  const r = await api('POST', signUpUrl(occ), { json: body({ seats: 2 }) });
  assert.equal(r.status, 201);
  const j = r.json();
  assert.deepEqual(Object.keys(j).sort(), ['id', 'manageUrl', 'pageUrl', 'seats', 'status', 'ticketCode']);
  assert.equal(j.status, 'confirmed');
  assert.match(j.ticketCode, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  assert.match(j.manageUrl, /^http:\/\/h22\.test\/api\/v1\/registrations\/manage\/[A-Za-z0-9_-]{43}$/);
  assert.equal(r.headers.location, new URL(j.manageUrl).pathname);
  assert.equal((await api('POST', signUpUrl(occ), { json: body({ seats: 2 }) })).json().status, 'confirmed');
  const w1 = (await api('POST', signUpUrl(occ), { json: body({ seats: 2 }) })).json();
  const w2 = (await api('POST', signUpUrl(occ), { json: body({ seats: 1 }) })).json();
  assert.deepEqual([w1.status, w1.position, w2.status, w2.position], ['waitlisted', 1, 'waitlisted', 2]);
  const full = await api('POST', signUpUrl(occ), { json: body({ seats: 1 }) });
  assert.equal(full.status, 409);
  assert.equal(full.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.equal(full.json().reason, 'waitlist_full');
  assert.equal(full.json().code, 'conflict');
  assert.match(full.json().detail, /väntelistan har inte plats/);
  // The detail follows the visitor's language.
  const fullEn = await api('POST', signUpUrl(occ), { json: body({ seats: 1 }), headers: { 'accept-language': 'en-GB,en;q=0.8' } });
  assert.equal(fullEn.json().detail, 'It is full and the waiting list has no room for that many. Try fewer seats.');
});

test('an Idempotency-Key replay returns the same registration (200); the key with another address and the same address without a key are 409', async () => {
  const { occurrenceIds } = await makeRegistrable(t.ctx, { capacity: 10, questions: [] });
  const occ = occurrenceIds[0]!;
  const b = { name: 'Retry Rita', email: 'rita@example.test', seats: 1 };
  const headers = { 'idempotency-key': 'c0ffee-1' };
  const [first, second] = await Promise.all([api('POST', signUpUrl(occ), { json: b, headers }), api('POST', signUpUrl(occ), { json: b, headers })]);
  const statuses = [first.status, second.status].sort();
  assert.deepEqual(statuses, [200, 201]);
  assert.equal(first.json().id, second.json().id);
  assert.equal(first.json().manageUrl, second.json().manageUrl);
  const mismatch = await api('POST', signUpUrl(occ), { json: { ...b, email: 'mallory@example.test' }, headers });
  assert.equal(mismatch.status, 409);
  assert.equal(mismatch.json().reason, 'idempotency_mismatch');
  assert.equal(mismatch.json().manageUrl, undefined);
  const dup = await api('POST', signUpUrl(occ), { json: { ...b, email: 'RITA@example.test' } });
  assert.equal(dup.status, 409);
  assert.equal(dup.json().reason, 'already_registered');
  assert.doesNotMatch(dup.body, /manage\//);
  const rows = await t.ctx.db.selectFrom('registrations').select('id').where('occurrence_id', '=', occ).execute();
  assert.equal(rows.length, 1);
});

test('bad input is 422 with a message per field, an unknown occurrence 404, closed and full-without-waiting-list 409; nothing is saved', async () => {
  const occ = ev.occurrenceIds[0]!;
  const before = (await t.ctx.db.selectFrom('registrations').select('id').execute()).length;
  const cases: [unknown, number, string][] = [
    [body({ seats: 0 }), 422, 'seats'],
    [body({ seats: -3 }), 422, 'seats'],
    [body({ seats: 3 }), 422, 'seats'],
    [body({ seats: 1.5 }), 422, 'seats'],
    [body({ email: 'no-at-sign' }), 422, 'email'],
    [body({ name: 'x'.repeat(5000) }), 422, 'name'],
    [body({ answers: {} }), 422, 'answers.q1'],
    [body({ answers: { q1: 'ok', q7: 'extra' } }), 422, 'answers.q7'],
    [{ ...body(), extra: 1 }, 422, 'extra'],
    [{ name: 'Only Name' }, 422, 'email'],
  ];
  for (const [b, status, field] of cases) {
    const r = await api('POST', signUpUrl(occ), { json: b });
    assert.equal(r.status, status, JSON.stringify(b).slice(0, 80));
    const p = r.json();
    assert.equal(p.code, 'validation_failed');
    assert.ok(p.errors.some((e: { field: string }) => e.field === field), `${field} in ${JSON.stringify(p.errors)}`);
  }
  const seats = (await api('POST', signUpUrl(occ), { json: body({ seats: 3 }) })).json();
  assert.equal(seats.detail, 'Välj mellan 1 och 2 platser.');
  assert.equal((await api('POST', signUpUrl(999_999_999), { json: body() })).status, 404);
  const junk = await api('POST', '/api/v1/occurrences/abc/registrations', { json: body() });
  assert.ok(junk.status === 400 || junk.status === 422, String(junk.status));
  assert.equal(junk.headers['content-type'], 'application/problem+json; charset=utf-8');
  const notJson = await new Client(t.app).request('POST', signUpUrl(occ), { headers: { 'content-type': 'application/json' }, json: undefined });
  assert.ok(notJson.status < 500);
  const closed = await makeRegistrable(t.ctx, { opensAt: new Date(Date.now() - 7200_000), closesAt: new Date(Date.now() - 60_000) });
  const c = await api('POST', signUpUrl(closed.occurrenceIds[0]!), { json: body({ answers: {} }) });
  assert.equal(c.status, 409);
  assert.equal(c.json().reason, 'closed');
  const soon = await makeRegistrable(t.ctx, { opensAt: new Date(Date.now() + 7200_000) });
  assert.equal((await api('POST', signUpUrl(soon.occurrenceIds[0]!), { json: body({ answers: {} }) })).json().reason, 'not_open_yet');
  const noList = await makeRegistrable(t.ctx, { capacity: 1, waitlist: 0 });
  assert.equal((await api('POST', signUpUrl(noList.occurrenceIds[0]!), { json: body({ answers: {} }) })).status, 201);
  const f = await api('POST', signUpUrl(noList.occurrenceIds[0]!), { json: body({ answers: {} }) });
  assert.equal(f.status, 409);
  assert.equal(f.json().reason, 'full');
  const members = await makeRegistrable(t.ctx, { accountRequired: true });
  const anon = await api('POST', signUpUrl(members.occurrenceIds[0]!), { json: body({ answers: {} }) });
  assert.equal(anon.status, 401);
  assert.equal(anon.json().reason, 'account_required');
  const withToken = await api('POST', signUpUrl(members.occurrenceIds[0]!), { json: body({ answers: {} }), headers: { authorization: `Bearer ${strangerToken}` } });
  assert.equal(withToken.status, 201);
  const after = (await t.ctx.db.selectFrom('registrations').select('id').execute()).length;
  assert.equal(after, before + 2, 'only the two accepted sign-ups were saved');
});

test('the manage URL shows the registration and DELETE cancels it once; a forged token is 404', async () => {
  const { occurrenceIds } = await makeRegistrable(t.ctx, { capacity: 1, waitlist: 5, titleEn: 'Harbour walk' });
  const occ = occurrenceIds[0]!;
  const a = (await api('POST', signUpUrl(occ), { json: { name: 'Anna', email: 'anna@example.test', seats: 1 } })).json();
  const b = (await api('POST', signUpUrl(occ), { json: { name: 'Bo', email: 'bo@example.test', seats: 1 } })).json();
  const path = (u: string) => new URL(u).pathname;
  const g = await api('GET', path(a.manageUrl), { headers: { 'accept-language': 'en' } });
  assert.equal(g.status, 200);
  assert.equal(g.headers['cache-control'], 'private, no-store');
  const gj = g.json<Record<string, any>>();
  assert.deepEqual({ ...gj, occurrence: { ...gj.occurrence, startsAt: 'x', endsAt: 'x' } }, {
    id: a.id,
    status: 'confirmed',
    seats: 1,
    name: 'Anna',
    ticketCode: a.ticketCode,
    occurrence: { id: occ, title: 'Harbour walk', startsAt: 'x', endsAt: 'x', venue: 'The Test Hall' },
  });
  const d = await api('DELETE', path(a.manageUrl));
  assert.equal(d.status, 200);
  assert.equal(d.json().status, 'cancelled');
  const again = await api('DELETE', path(a.manageUrl));
  assert.equal(again.status, 409);
  assert.equal(again.json().reason, 'not_cancellable');
  // Bo was first in line and now has an offer he can accept through the API.
  const bo = (await api('GET', path(b.manageUrl))).json();
  assert.equal(bo.status, 'offered');
  assert.ok(Date.parse(bo.offerExpiresAt) > Date.now() + 11 * 3600_000);
  const acc = await api('POST', `${path(b.manageUrl)}/accept`);
  assert.equal(acc.status, 200);
  assert.equal(acc.json().status, 'confirmed');
  for (const forged of [`/api/v1/registrations/manage/${'x'.repeat(43)}`, '/api/v1/registrations/manage/short']) {
    assert.equal((await api('GET', forged)).status, 404);
    const del = await api('DELETE', forged);
    assert.equal(del.status, 404);
    assert.match(del.json().detail, /Länken fungerar inte/);
  }
});

test('staff endpoints: tokens of the organisers and the team list, export and check in; others are refused', async () => {
  const occ = ev.occurrenceIds[0]!;
  const list = `/api/v1/occurrences/${occ}/registrations`;
  assert.equal((await api('GET', list)).status, 401);
  assert.equal((await api('GET', list, { headers: { authorization: `Bearer ${strangerToken}` } })).status, 403);
  const r = await api('GET', list, { headers: { authorization: `Bearer ${memberToken}` } });
  assert.equal(r.status, 200);
  const j = r.json();
  assert.equal(j.occurrenceId, occ);
  assert.deepEqual(j.counts, { capacity: 4, confirmedSeats: 4, offeredSeats: 0, available: 0, waitlisted: 2, waitlistedSeats: 3, checkedIn: 0, cancelled: 0 });
  assert.deepEqual(j.items.map((i: { status: string; position?: number }) => [i.status, i.position]), [['confirmed', undefined], ['confirmed', undefined], ['waitlisted', 1], ['waitlisted', 2]]);
  assert.equal(j.items[0].answers.q1, 'Helsingborgs stad');
  // Members keep the door but do not export personal data; editors and the team do.
  assert.equal((await api('GET', `${list}.csv`, { headers: { authorization: `Bearer ${memberToken}` } })).status, 403);
  const csv = await api('GET', `${list}.csv?lang=en`, { headers: { authorization: `Bearer ${editorToken}` } });
  assert.equal(csv.status, 200);
  assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
  assert.match(String(csv.headers['content-disposition']), /attachment; filename="attendees-\d+\.csv"/);
  const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0], 'No.,Status,Line,Name,Email,Seats,Code,Registered,Checked in,Organisation');
  assert.equal(lines.length, 5);
  assert.match(lines[3]!, /^3,On the waiting list,1,API Person \d+,api\d+@example\.test,2,/);
  const code = j.items[0].ticketCode;
  const ci = await api('POST', `/api/v1/occurrences/${occ}/check-ins`, { json: { code }, headers: { authorization: `Bearer ${memberToken}` } });
  assert.equal(ci.status, 200);
  assert.equal(ci.json().outcome, 'checked_in');
  assert.match(ci.json().message, /^Incheckad: API Person \d+, 2 platser\.$/);
  const replay = await api('POST', `/api/v1/occurrences/${occ}/check-ins`, { json: { code: code.toLowerCase() }, headers: { authorization: `Bearer ${teamToken}` } });
  assert.equal(replay.status, 409);
  assert.equal(replay.json().outcome, 'already_checked_in');
  assert.match(replay.json().message, /^Biljetten är redan använd\. Den checkades in \d+ \w+ \d{4} kl\. \d\d:\d\d av Door Keeper\.$/);
  const waiting = j.items[2].ticketCode;
  const notValid = await api('POST', `/api/v1/occurrences/${occ}/check-ins`, { json: { code: waiting }, headers: { authorization: `Bearer ${teamToken}` } });
  assert.equal(notValid.status, 409);
  assert.equal(notValid.json().message, 'Biljetten gäller inte: På väntelistan.');
  assert.equal((await api('POST', `/api/v1/occurrences/${occ}/check-ins`, { json: { code }, headers: { authorization: `Bearer ${strangerToken}` } })).status, 403);
  assert.equal((await api('POST', `/api/v1/occurrences/${occ}/check-ins`, { json: { code: 'x'.repeat(100) }, headers: { authorization: `Bearer ${teamToken}` } })).status, 422);
});

test('the OpenAPI document describes sign-up, the manage URL and the staff endpoints', async () => {
  const doc = (await api('GET', '/api/v1/openapi.json')).json();
  const paths = doc.paths as Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
  const signUp = paths['/api/v1/occurrences/{id}/registrations']!;
  assert.deepEqual(signUp.post!.security, []);
  assert.deepEqual(Object.keys(signUp.post!.responses).sort(), ['200', '201', '400', '401', '404', '409', '422', '429']);
  assert.ok(signUp.get, 'the staff list');
  assert.deepEqual(signUp.get!.security, [{ bearer: [] }]);
  assert.ok(paths['/api/v1/registrations/manage/{token}']!.delete);
  assert.ok(paths['/api/v1/occurrences/{id}/check-ins']!.post);
  assert.ok(paths['/api/v1/occurrences/{id}/registrations.csv']!.get);
});

test('scripted sign-ups hit the limits per client address and per e-mail address', async () => {
  process.env.REGISTRATION_LIMIT_PER_IP = '5';
  process.env.REGISTRATION_LIMIT_PER_EMAIL = '2';
  const limited = await createTestApp();
  try {
    const small = await makeRegistrable(limited.ctx, { capacity: 100, questions: [] });
    const other = await makeRegistrable(limited.ctx, { capacity: 100, questions: [] });
    const occs = [...small.occurrenceIds, ...other.occurrenceIds];
    const post = (occ: number, email: string, ip = '10.0.0.1') => limited.app.inject({ method: 'POST', url: signUpUrl(occ), payload: { name: 'Bot', email, seats: 1 }, remoteAddress: ip });
    // The same address on three occurrences: the third is refused (two per hour).
    assert.equal((await post(occs[0]!, 'bot@example.test', '10.0.0.2')).statusCode, 201);
    assert.equal((await post(occs[1]!, 'bot@example.test', '10.0.0.3')).statusCode, 201);
    const third = await post(occs[0]!, 'BOT@example.test', '10.0.0.4');
    assert.equal(third.statusCode, 429);
    assert.match(third.json().detail, /för många anmälningar/);
    // One client address: five requests a minute, then 429 with Retry-After.
    const codes = [];
    for (let i = 0; i < 7; i++) codes.push((await post(occs[0]!, `script${i}@example.test`)).statusCode);
    assert.deepEqual(codes, [201, 201, 201, 201, 201, 429, 429]);
    const blocked = await post(occs[0]!, 'another@example.test');
    assert.equal(blocked.json().code, 'rate_limited');
    assert.ok(blocked.headers['retry-after']);
    // The form is limited the same way (counted before anything else), with a page in the visitor's language.
    const form = () => limited.app.inject({ method: 'POST', url: `/program/anmalan/${occs[0]}`, payload: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' }, remoteAddress: '10.0.0.9' });
    const formCodes = [];
    for (let i = 0; i < 6; i++) formCodes.push((await form()).statusCode);
    assert.deepEqual(formCodes, [403, 403, 403, 403, 403, 429], 'five refused for the missing form token, then limited');
    const page = await form();
    assert.match(page.body, /<h1>För många försök<\/h1>/);
  } finally {
    delete process.env.REGISTRATION_LIMIT_PER_IP;
    delete process.env.REGISTRATION_LIMIT_PER_EMAIL;
    await limited.close();
  }
});
