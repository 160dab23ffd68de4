// Responses rendered per request (signed-in pages, API answers for token holders) are gzipped for clients
// that accept it; the render cache's responses keep their own gzip variant and ETag (ADR 010), untouched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { createTestApp, Client, type TestApp } from './helpers.ts';
import { makeUser } from './factories.ts';
import { seedExpo } from '../src/modules/expo/expo.seed.ts';
import { createApiToken } from '../src/modules/accounts/index.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
  await seedExpo(t.ctx);
});
after(async () => {
  await t.close();
});

const DAY = '/program?date=2022-06-04';

async function raw(url: string, headers: Record<string, string>) {
  const r = await t.app.inject({ method: 'GET', url, headers });
  return { status: r.statusCode, headers: r.headers, bytes: r.rawPayload };
}

test('a signed-in visitor gets the day page gzipped: the same page, a fraction of the bytes', async () => {
  const user = await makeUser(t.ctx);
  const c = new Client(t.app);
  await c.signIn(user.email, user.password);
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const plain = await raw(DAY, { cookie });
  const zipped = await raw(DAY, { cookie, 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.headers['cache-control'], 'private, no-cache', 'rendered for this visitor, not from the render cache');
  assert.match(String(plain.headers.vary), /Accept-Encoding/);
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.match(String(zipped.headers.vary), /Accept-Encoding/);
  assert.equal(Number(zipped.headers['content-length']), zipped.bytes.length);
  const unzipped = zlib.gunzipSync(zipped.bytes).toString('utf8');
  assert.equal(unzipped, plain.bytes.toString('utf8'));
  assert.match(unzipped, /Logga ut|Mitt konto/, 'the signed-in header');
  assert.ok(zipped.bytes.length * 4 < plain.bytes.length, `${zipped.bytes.length} gzipped against ${plain.bytes.length}`);
});

test('API answers for a token holder are gzipped; a q=0 refusal is respected', async () => {
  const user = await makeUser(t.ctx);
  const { token } = await createApiToken(t.ctx.db, { kind: 'anonymous' }, user.id, 'compression test');
  const url = '/api/v1/events?date=2022-06-04&limit=50';
  const auth = { authorization: `Bearer ${token}` };
  const plain = await raw(url, auth);
  const zipped = await raw(url, { ...auth, 'accept-encoding': 'gzip' });
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.equal(zipped.headers.etag, undefined, 'rendered per request, no ETag');
  const items = (JSON.parse(zlib.gunzipSync(zipped.bytes).toString('utf8')) as { items: { title: unknown }[] }).items;
  assert.ok(items.length >= 10, `${items.length} dates that day`);
  assert.deepEqual(JSON.parse(zlib.gunzipSync(zipped.bytes).toString('utf8')), JSON.parse(plain.bytes.toString('utf8')));
  const refused = await raw(url, { ...auth, 'accept-encoding': 'gzip;q=0, identity' });
  assert.equal(refused.headers['content-encoding'], undefined);
  assert.deepEqual(JSON.parse(refused.bytes.toString('utf8')), JSON.parse(plain.bytes.toString('utf8')));
});

test('cached anonymous pages keep the render cache’s gzip variant (compressed once, its own ETag); small answers stay plain', async () => {
  const zipped = await raw(DAY, { 'accept-encoding': 'gzip' });
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.match(String(zipped.headers.etag), /-gz"$/);
  const once = zlib.gunzipSync(zipped.bytes).toString('utf8');
  assert.match(once, /^<!doctype html>/i, 'gzipped once, not twice');
  const small = await raw('/healthz', { 'accept-encoding': 'gzip' });
  assert.equal(small.headers['content-encoding'], undefined);
  assert.ok(small.bytes.length < 1024);
});
