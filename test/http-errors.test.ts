// The request pipeline under bad input and a missing database: problem details on /api, pages in the
// visitor's language elsewhere, never a 500, and recovery without a restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import { createTestApp, Client, decodeEntities, type TestApp } from './helpers.ts';
import { SESSION_COOKIE } from '../src/platform/auth/sessions.ts';
import { platformHttp } from '../src/platform/http.ts';

let t: TestApp;
let writeRoute: { method: string; url: string };

before(async () => {
  t = await createTestApp({ seed: true });
  // Any write route of the API will do: the body is refused before the route runs.
  const doc = (await t.app.inject('/api/v1/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
  const found = Object.entries(doc.paths).flatMap(([p, item]) => ['post', 'put', 'patch'].filter((m) => item[m]).map((m) => ({ method: m.toUpperCase(), url: p.replace(/\{[^}]+\}/g, 'x') })));
  assert.ok(found.length > 0, 'the API has a write route');
  writeRoute = found[0]!;
});
after(async () => t.close());

const MB = 1024 * 1024;

test('an oversized JSON body on /api answers 413 problem details', async () => {
  const r = await new Client(t.app).request(writeRoute.method, writeRoute.url, { json: { text: 'x'.repeat(MB + 10) } });
  assert.equal(r.status, 413);
  assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
  const p = r.json();
  assert.equal(p.code, 'payload_too_large');
  assert.equal(p.status, 413);
  assert.equal(p.detail, 'The request body is too large');
});

test('a malformed JSON body on /api answers 400 problem details', async () => {
  const r = await t.app.inject({ method: writeRoute.method as 'POST', url: writeRoute.url, headers: { 'content-type': 'application/json' }, payload: '{"question_sv": "Vad' });
  assert.equal(r.statusCode, 400);
  assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
  const p = r.json();
  assert.equal(p.code, 'bad_request');
  assert.match(p.detail, /not valid JSON/);
});

test('an unknown /api route answers 404 problem details naming the route, for reads and writes', async () => {
  const c = new Client(t.app);
  const get = await c.get('/api/v1/no-such-thing?x=1');
  assert.equal(get.status, 404);
  assert.match(String(get.headers['content-type']), /^application\/problem\+json/);
  assert.deepEqual(get.json(), {
    type: 'https://h22.localhost/problems/not-found',
    title: 'Not found',
    status: 404,
    code: 'not_found',
    detail: 'No route GET /api/v1/no-such-thing',
  });
  const post = await c.request('DELETE', '/api/v2/faq');
  assert.equal(post.status, 404);
  assert.equal(post.json().detail, 'No route DELETE /api/v2/faq');
});

test('an oversized form answers a 413 page in the language of the page', async () => {
  const big = { description: 'x'.repeat(MB + 10) };
  const sv = await new Client(t.app).request('POST', '/tillganglighet', { form: big });
  assert.equal(sv.status, 413);
  assert.match(String(sv.headers['content-type']), /^text\/html/);
  assert.match(sv.body, /<html lang="sv">/);
  assert.match(decodeEntities(sv.body), /<h1>För mycket data<\/h1>[\s\S]*Korta ner texten och försök igen\./);
  const en = await new Client(t.app).request('POST', '/en/accessibility', { form: big });
  assert.equal(en.status, 413);
  assert.match(en.body, /<html lang="en">/);
  assert.match(en.body, /<h1>Too much data<\/h1>[\s\S]*Shorten the text and try again\./);
  const reports = await t.ctx.db.selectFrom('accessibility_reports').select('id').execute();
  assert.equal(reports.length, 0, 'nothing was saved');
});

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: process.env.H22_TEST_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

test('when the database refuses connections: 503 health, 503 pages in the visitor language, then recovery by itself', async () => {
  const c = new Client(t.app);
  assert.deepEqual((await c.get('/healthz')).json(), { status: 'ok' });
  const name = t.db.name;
  await admin(async (a) => {
    await a.query(`ALTER DATABASE ${a.escapeIdentifier(name)} ALLOW_CONNECTIONS false`);
    await a.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
  });
  try {
    const health = await c.get('/healthz');
    assert.equal(health.status, 503);
    assert.deepEqual(health.json(), { status: 'unavailable', reason: 'database unreachable' });

    const sv = await c.get('/sok?q=innovation');
    assert.equal(sv.status, 503);
    assert.equal(sv.headers['retry-after'], '5');
    assert.match(sv.body, /<html lang="sv">/);
    assert.match(decodeEntities(sv.body), /<h1>Tjänsten är tillfälligt otillgänglig<\/h1>/);

    const en = await c.get('/en/search?q=innovation');
    assert.equal(en.status, 503);
    assert.match(en.body, /<html lang="en">/);
    assert.match(en.body, /<h1>The service is temporarily unavailable<\/h1>/);

    // A visitor with a session cookie needs the database for every page, the start page included.
    const home = await c.get('/en/', { cookie: `${SESSION_COOKIE}=some-session` });
    assert.equal(home.status, 503);
    assert.match(home.body, /<h1>The service is temporarily unavailable<\/h1>/);

    const api = await c.get('/api/v1/me', { authorization: 'Bearer h22_not-a-real-token' });
    assert.equal(api.status, 503);
    assert.equal(api.json().code, 'database_unavailable');
    // Let the cache bus fail to reconnect a few times (it retries every second).
    await new Promise((r) => setTimeout(r, 3500));
  } finally {
    await admin((a) => a.query(`ALTER DATABASE ${a.escapeIdentifier(name)} ALLOW_CONNECTIONS true`));
  }
  assert.deepEqual((await c.get('/healthz')).json(), { status: 'ok' });
  const back = await c.get('/sok?q=innovation');
  assert.equal(back.status, 200);
  assert.match(decodeEntities(back.body), /träff/);

  // The cache bus is back with exactly one connection, not one per failed attempt.
  const listeners = () =>
    admin(async (a) => Number((await a.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'h22-cache-bus'`, [name])).rows[0].n));
  for (let i = 0; i < 50 && (await listeners()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal(await listeners(), 1);
});

test('a write that loses a race (a row deleted or a value taken meanwhile) is a 409 that says so, not a 500', async () => {
  const mini = Fastify();
  await mini.register(cookie);
  await mini.register(platformHttp, { ctx: t.ctx });
  // What node-postgres throws when the row a write refers to was deleted by someone else a moment before.
  const raced = (code: string) => Object.assign(new Error(`pg error ${code}`), { code, severity: 'ERROR' });
  mini.get('/platser/ny', async () => {
    throw raced('23503');
  });
  mini.get('/en/places/new', async () => {
    throw raced('40001');
  });
  mini.post('/api/v1/things', async () => {
    throw raced('23505');
  });
  mini.get('/api/v1/broken', async () => {
    throw Object.assign(new Error('syntax error at or near'), { code: '42601' });
  });
  try {
    const sv = await mini.inject('/platser/ny');
    assert.equal(sv.statusCode, 409);
    assert.match(decodeEntities(sv.body), /<h1[^>]*>Någon annan ändrade samtidigt<\/h1>/);
    assert.match(decodeEntities(sv.body), /Ingenting sparades\. Gå tillbaka, ladda om sidan och försök igen\./);
    const en = await mini.inject('/en/places/new');
    assert.equal(en.statusCode, 409);
    assert.match(decodeEntities(en.body), /Someone else changed this at the same time/);
    const api = await mini.inject({ method: 'POST', url: '/api/v1/things', payload: {} });
    assert.equal(api.statusCode, 409);
    assert.equal(api.json().code, 'conflict');
    assert.match(api.json().detail, /changed at the same time; reload and try again/);
    // Any other database error is still a server error (logged), never dressed up as a conflict.
    const broken = await mini.inject('/api/v1/broken');
    assert.equal(broken.statusCode, 500);
    assert.equal(broken.json().code, 'internal');
  } finally {
    await mini.close();
  }
});
