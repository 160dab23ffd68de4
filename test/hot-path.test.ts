// The hot path of public pages: security headers computed once, and the front cache that answers
// anonymous repeat GETs before Fastify. Over real HTTP, since the front cache sits in the HTTP server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { startLiveApp, type LiveApp } from './browser.ts';
import { createTestApp, Client, httpGet, httpGetBytes, type RawResponse, type TestApp } from './helpers.ts';
import { makeUser } from './factories.ts';
import { cachedPage, createFrontCache, platformHttp, securityHeaders, securityHeadersHook } from '../src/platform/http.ts';
import { acceptsGzip } from '../src/platform/cache.ts';
import { loadConfig } from '../src/config.ts';

const header = (r: RawResponse, name: string) => r.headers.find(([k]) => k.toLowerCase() === name)?.[1];

const OIDC_ENV = { OIDC_ISSUER: 'https://login.example.org/realms/h22', OIDC_CLIENT_ID: 'h22', OIDC_CLIENT_SECRET: 'not-a-secret' };
const EXPECTED_SECURITY: [string, string][] = [
  [
    'Content-Security-Policy',
    "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data: https://tile.openstreetmap.org;font-src 'self';connect-src 'self';form-action 'self' https://login.example.org;frame-ancestors 'none';base-uri 'self';object-src 'none'",
  ],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

let live: LiveApp;
before(async () => {
  live = await startLiveApp({ seed: true, env: OIDC_ENV });
});
after(async () => live?.close());

test('every response starts with the security headers: pages, 304s, 404s, API problems, assets, health', async () => {
  const u = live.baseUrl;
  const faq = await httpGet(`${u}/faq`);
  const cases = {
    page: faq,
    notModified: await httpGet(`${u}/faq`, { 'if-none-match': header(faq, 'etag')! }),
    notFound: await httpGet(`${u}/finns-inte`),
    apiProblem: await httpGet(`${u}/api/v1/finns-inte`),
    asset: await httpGet(`${u}/assets/site.css`),
    health: await httpGet(`${u}/healthz`),
  };
  assert.deepEqual(
    Object.fromEntries(Object.entries(cases).map(([k, r]) => [k, r.status])),
    { page: 200, notModified: 304, notFound: 404, apiProblem: 404, asset: 200, health: 200 },
  );
  for (const [name, r] of Object.entries(cases)) assert.deepEqual(r.headers.slice(0, EXPECTED_SECURITY.length), EXPECTED_SECURITY, name);
  assert.equal(header(faq, 'strict-transport-security'), undefined, 'no HSTS over plain http');
  const https = securityHeaders(loadConfig({ BASE_URL: 'https://h22.example.org' }));
  assert.deepEqual(https.find(([k]) => k === 'Strict-Transport-Security'), ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']);
  assert.match(https[0]![1], /form-action 'self';/, 'no provider in form-action without OIDC');
});

test('an anonymous repeat GET is answered by the front cache with the bytes and headers Fastify sends', async () => {
  for (const path of ['/faq', '/en/faq', '/api/v1/faq', '/api/v1/faq?lang=en']) {
    // drop, not invalidate: the NOTIFY echo of an invalidation reaches this process later and would
    // drop the entry again between the two requests.
    live.ctx.cache.drop(['faq']);
    const h0 = live.app.frontCache!.hits;
    const fromFastify = await httpGet(live.baseUrl + path);
    assert.equal(live.app.frontCache!.hits, h0, `${path}: the first answer comes from Fastify`);
    const fromFront = await httpGet(live.baseUrl + path);
    assert.equal(live.app.frontCache!.hits, h0 + 1, `${path}: the repeat comes from the front cache`);
    assert.equal(fromFront.status, 200);
    assert.deepEqual(fromFront, fromFastify, path);
    assert.ok(fromFront.body.length > 1000, 'a real page');

    const etag = header(fromFastify, 'etag')!;
    const h1 = live.app.frontCache!.hits;
    const notModified = await httpGet(live.baseUrl + path, { 'if-none-match': etag });
    assert.equal(live.app.frontCache!.hits, h1 + 1);
    assert.deepEqual(notModified, { status: 304, headers: fromFastify.headers.filter(([k]) => !['content-type', 'content-length'].includes(k)), body: '' });
  }
});

test('a visitor whose browser accepts gzip gets the cached page gzipped, with its own ETag, from Fastify and the front cache alike', async () => {
  const gz = { 'accept-encoding': 'gzip, deflate, br' };
  for (const path of ['/faq', '/api/v1/faq']) {
    live.ctx.cache.drop(['faq']);
    const h0 = live.app.frontCache!.hits;
    const plain = await httpGetBytes(live.baseUrl + path, {});
    // Dropped again, so the gzip answer is Fastify's (rendered afresh: the same bytes).
    live.ctx.cache.drop(['faq']);
    const fromFastify = await httpGetBytes(live.baseUrl + path, gz);
    assert.equal(live.app.frontCache!.hits, h0, `${path}: both first answers come from Fastify`);
    const fromFront = await httpGetBytes(live.baseUrl + path, gz);
    assert.equal(live.app.frontCache!.hits, h0 + 1, `${path}: the gzip repeat comes from the front cache`);
    assert.deepEqual(fromFront, fromFastify, path);
    const h = (r: { headers: [string, string][] }, n: string) => r.headers.find(([k]) => k.toLowerCase() === n)?.[1];
    assert.equal(h(fromFastify, 'content-encoding'), 'gzip');
    assert.equal(h(plain, 'content-encoding'), undefined, 'no gzip for a client that did not ask');
    assert.match(h(fromFastify, 'vary') ?? '', /Accept-Encoding/);
    // The same page, smaller, and a different representation (its own ETag).
    assert.deepEqual(zlib.gunzipSync(fromFastify.body), plain.body);
    assert.ok(fromFastify.body.length * 3 < plain.body.length, `${path}: ${fromFastify.body.length} vs ${plain.body.length} bytes`);
    const etag = h(fromFastify, 'etag')!;
    assert.equal(etag, h(plain, 'etag')!.replace(/"$/, '-gz"'));
    const notModified = await httpGetBytes(live.baseUrl + path, { ...gz, 'if-none-match': etag });
    assert.equal(notModified.status, 304);
    assert.equal(notModified.body.length, 0);
    // The plain ETag does not validate the gzip representation.
    assert.equal((await httpGetBytes(live.baseUrl + path, { ...gz, 'if-none-match': h(plain, 'etag')! })).status, 200);
  }
  // Small responses and refused gzip stay plain.
  assert.equal(acceptsGzip('gzip;q=0, identity'), false);
  assert.equal(acceptsGzip('br;q=1, *;q=0.5'), true);
  assert.equal(acceptsGzip('identity'), false);
  assert.equal(acceptsGzip(undefined), false);
  const refused = await httpGetBytes(`${live.baseUrl}/faq`, { 'accept-encoding': 'gzip;q=0' });
  assert.equal(refused.headers.find(([k]) => k.toLowerCase() === 'content-encoding'), undefined);
});

test('the front cache never answers a signed-in visitor, a bearer token, a HEAD or a POST', async () => {
  const u = live.baseUrl;
  const user = await makeUser(live.ctx, { email: 'front.cache@example.test', name: 'Frida Front' });
  const c = new Client(live.app);
  await c.signIn(user.email, user.password);
  const sessionCookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  await httpGet(`${u}/faq`); // remembered for anonymous visitors
  const h0 = live.app.frontCache!.hits;
  const signedIn = await httpGet(`${u}/faq`, { cookie: sessionCookie });
  assert.match(signedIn.body, /Logga ut/, 'the signed-in header, rendered afresh');
  assert.equal(header(signedIn, 'cache-control'), 'private, no-cache');
  const withToken = await httpGet(`${u}/api/v1/faq`, { authorization: 'Bearer not-a-real-token' });
  assert.equal(withToken.status, 401, 'a bad token is refused, not served from the cache');
  const head = await httpGet(`${u}/faq`, {}, 'HEAD');
  assert.equal(head.status, 200);
  const post = await httpGet(`${u}/faq`, {}, 'POST');
  assert.equal(post.status, 403, 'a POST meets the CSRF check, not a cached page');
  assert.equal(live.app.frontCache!.hits, h0, 'none of these came from the front cache');
  // Other cookies (the CSRF cookie of a visitor who opened a form) do not make a visitor someone.
  await httpGet(`${u}/faq`); // a fresh decision: the ones above may have taken longer than its second
  const h1 = live.app.frontCache!.hits;
  const withCsrf = await httpGet(`${u}/faq`, { cookie: 'h22_csrf=abc' });
  assert.equal(live.app.frontCache!.hits, h1 + 1);
  assert.doesNotMatch(withCsrf.body, /Logga ut/);
});

test('publishing reaches anonymous visitors at once, and a remembered route decision lasts one second', async () => {
  const u = live.baseUrl;
  const before = await httpGet(`${u}/faq`);
  await httpGet(`${u}/faq`);
  const row = await live.ctx.db.selectFrom('faq_entries').select(['id', 'question_sv']).where('slug', '=', 'vad-ar-h22').executeTakeFirstOrThrow();
  const changed = `${row.question_sv} (uppdaterad)`;
  await live.ctx.db.updateTable('faq_entries').set({ question_sv: changed }).where('id', '=', row.id).execute();
  live.ctx.cache.drop(['faq']); // what an invalidation does in this process (its NOTIFY echo would race the requests below)
  const h0 = live.app.frontCache!.hits;
  const after1 = await httpGet(`${u}/faq`);
  assert.equal(live.app.frontCache!.hits, h0, 'an invalidated entry is never served by the front cache');
  assert.ok(after1.body.includes(`<h3>${changed}</h3>`), 'the new question is on the page');
  assert.notEqual(header(after1, 'etag'), header(before, 'etag'));

  await httpGet(`${u}/faq`);
  assert.equal(live.app.frontCache!.hits, h0 + 1);
  await new Promise((r) => setTimeout(r, 1100));
  await httpGet(`${u}/faq`);
  assert.equal(live.app.frontCache!.hits, h0 + 1, 'after a second, Fastify decides again');
  await httpGet(`${u}/faq`);
  assert.equal(live.app.frontCache!.hits, h0 + 2, 'and the new decision is used');
  await live.ctx.db.updateTable('faq_entries').set({ question_sv: row.question_sv }).where('id', '=', row.id).execute();
  live.ctx.cache.drop(['faq']);
});

// A small app of its own: routes whose cache key depends on the visitor's language or on Accept,
// and one with a rate limit, to show the front cache keeps those decisions apart.
let t: TestApp;
let demo: FastifyInstance;
let demoUrl: string;
before(async () => {
  t = await createTestApp();
  const security = securityHeaders(t.config);
  const front = createFrontCache(t.ctx.cache, security);
  demo = Fastify({ serverFactory: (h, o) => front.serverFactory(h, o) });
  demo.addHook('onRequest', securityHeadersHook(security));
  await demo.register(cookie);
  await demo.register(rateLimit, { global: false });
  await demo.register(platformHttp, { ctx: t.ctx, front });
  demo.get('/api/v1/demo/lang', async (request, reply) =>
    cachedPage(request, reply, `demo:lang:${request.locale}`, ['demo'], async () => ({ body: `locale=${request.locale}`, contentType: 'text/plain; charset=utf-8' })),
  );
  demo.get('/api/v1/demo/accept', async (request, reply) => {
    const json = (request.headers.accept ?? '').includes('application/json');
    return cachedPage(request, reply, `demo:accept:${json}`, ['demo'], async () => ({ body: json ? '{"json":true}' : 'plain', contentType: json ? 'application/json' : 'text/plain; charset=utf-8' }));
  });
  demo.get('/api/v1/demo/limited', { config: { rateLimit: { max: 1000, timeWindow: '1 minute' } } }, async (request, reply) =>
    cachedPage(request, reply, 'demo:limited', ['demo'], async () => ({ body: 'limited', contentType: 'text/plain; charset=utf-8' })),
  );
  await demo.listen({ port: 0, host: '127.0.0.1' });
  demoUrl = `http://127.0.0.1:${(demo.server.address() as { port: number }).port}`;
});
after(async () => {
  await demo?.close();
  await t?.close();
});

test('on paths without a language, the visitor language inputs and Accept are part of the front cache decision', async () => {
  const front = demo.frontCache!;
  const body = async (path: string, headers: Record<string, string>) => (await httpGet(demoUrl + path, headers)).body;
  assert.equal(await body('/api/v1/demo/lang', { 'accept-language': 'en-GB,en;q=0.9' }), 'locale=en');
  assert.equal(await body('/api/v1/demo/lang', { 'accept-language': 'en-GB,en;q=0.9' }), 'locale=en');
  assert.equal(front.hits, 1);
  assert.equal(await body('/api/v1/demo/lang', { 'accept-language': 'sv-SE' }), 'locale=sv');
  assert.equal(await body('/api/v1/demo/lang', { 'accept-language': 'en-GB,en;q=0.9', cookie: 'h22_lang=sv' }), 'locale=sv');
  assert.equal(await body('/api/v1/demo/lang', { 'accept-language': 'en-GB,en;q=0.9', cookie: 'h22_lang=sv' }), 'locale=sv');
  assert.equal(front.hits, 2);

  assert.equal(await body('/api/v1/demo/accept', { accept: 'application/json' }), '{"json":true}');
  assert.equal(await body('/api/v1/demo/accept', { accept: 'text/plain' }), 'plain');
  assert.equal(await body('/api/v1/demo/accept', { accept: 'application/json' }), '{"json":true}');
  assert.equal(front.hits, 3);

  for (let i = 0; i < 3; i++) assert.equal(await body('/api/v1/demo/limited', {}), 'limited');
  assert.equal(front.hits, 3, 'a rate-limited route always goes through Fastify');
});
