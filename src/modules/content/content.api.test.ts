// /api/v1/faq and /api/v1/pages: public cached reads, token-authorized writes, problem details.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, decodeEntities, type TestApp } from '../../../test/helpers.ts';
import { makeUser } from '../../../test/factories.ts';
import { createApiToken } from '../accounts/index.ts';
import { SEED_FAQ } from './content.seed-data.ts';
import { SEED_PAGES } from './content.seed-pages.ts';


/** includes() with a message: a bare assert.ok makes Node re-parse the TypeScript source to build one, which can hang. */
function contains(hay: string, needle: string, yes = true) {
  assert.equal(hay.includes(needle), yes, `${yes ? 'expected' : 'did not expect'} to find ${JSON.stringify(needle.slice(0, 120))}`);
}
let t: TestApp;
let teamToken: string;
let residentToken: string;
let teamId: number;
before(async () => {
  t = await createTestApp({ seed: true });
  const team = await makeUser(t.ctx, { roles: ['programme_team'], name: 'Api Team' });
  const resident = await makeUser(t.ctx);
  teamId = team.id;
  teamToken = (await createApiToken(t.ctx.db, { kind: 'anonymous' }, team.id, 'test')).token;
  residentToken = (await createApiToken(t.ctx.db, { kind: 'anonymous' }, resident.id, 'test')).token;
});
after(async () => t.close());

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const faqBySlug = (slug: string) => t.ctx.db.selectFrom('faq_entries').selectAll().where('slug', '=', slug).executeTakeFirst();
const countFaq = async () => Number((await t.ctx.db.selectFrom('faq_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

interface FaqItem {
  slug: string;
  category: string;
  position: number;
  lang: string;
  question: string;
  answer: string;
  answer_html: string;
  translated: boolean;
  url: string;
  updated_at: string;
}

test('GET /api/v1/faq lists every published entry in the order of the public page, in Swedish or English', async () => {
  const c = new Client(t.app);
  const r = await c.get('/api/v1/faq');
  assert.equal(r.status, 200);
  assert.match(String(r.headers['content-type']), /^application\/json/);
  const { items } = r.json<{ items: FaqItem[] }>();
  const order = ['about', 'expo', 'collaboration', 'money'];
  const expected = [...SEED_FAQ].map((f, i) => ({ f, i })).sort((a, b) => order.indexOf(a.f.category) - order.indexOf(b.f.category) || a.i - b.i).map((x) => x.f.slug);
  assert.deepEqual(items.map((i) => i.slug), expected);
  const first = items.find((i) => i.slug === 'vad-ar-h22')!;
  assert.equal(first.lang, 'sv');
  assert.equal(first.question, 'Vad är H22?');
  assert.equal(first.url, 'http://h22.test/faq#vad-ar-h22');
  assert.match(first.answer_html, /^<p>H22 är Helsingborgs stora välfärdssatsning/);
  assert.ok(!Number.isNaN(Date.parse(first.updated_at)), 'updated_at is a timestamp');

  const en = (await c.get('/api/v1/faq?lang=en')).json<{ items: FaqItem[] }>().items;
  assert.equal(en.length, SEED_FAQ.length);
  const seed = SEED_FAQ.find((f) => f.slug === 'vad-ar-en-testbadd')!;
  const e = en.find((i) => i.slug === seed.slug)!;
  assert.deepEqual([e.lang, e.question, e.answer, e.translated, e.url], ['en', seed.question_en, seed.answer_en, true, 'http://h22.test/en/faq#vad-ar-en-testbadd']);

  const bad = await c.get('/api/v1/faq?lang=fi');
  assert.equal(bad.status, 400);
  assert.match(String(bad.headers['content-type']), /^application\/problem\+json/);
  assert.equal(bad.json().code, 'bad_request');
});

test('public reads answer 304 to a matching ETag, and a change gives a new ETag', async () => {
  const c = new Client(t.app);
  const first = await c.get('/api/v1/faq');
  const etag = first.headers.etag as string;
  assert.match(etag, /^"[\w-]+"$/);
  const again = await c.get('/api/v1/faq', { 'if-none-match': etag });
  assert.equal(again.status, 304);
  assert.equal(again.body, '');
  const one = await c.get('/api/v1/faq/bli-partner');
  const oneAgain = await c.get('/api/v1/faq/bli-partner', { 'if-none-match': one.headers.etag as string });
  assert.equal(oneAgain.status, 304);

  const r = await c.request('PATCH', '/api/v1/faq/bli-partner', { json: { position: 999 }, headers: auth(teamToken) });
  assert.equal(r.status, 200);
  const changed = await c.get('/api/v1/faq', { 'if-none-match': etag });
  assert.equal(changed.status, 200);
  assert.notEqual(changed.headers.etag, etag);
  assert.equal(changed.json<{ items: FaqItem[] }>().items.find((i) => i.slug === 'bli-partner')!.position, 999);
});

test('GET /api/v1/faq/{slug} gives one entry; unknown slugs are 404 problem details', async () => {
  const c = new Client(t.app);
  const r = await c.get('/api/v1/faq/var-ar-h22-city-expo?lang=en');
  assert.equal(r.status, 200);
  const item = r.json<FaqItem>();
  assert.equal(item.question, SEED_FAQ.find((f) => f.slug === 'var-ar-h22-city-expo')!.question_en);
  for (const slug of ['finns-inte', 'Vad%20%C3%A4r', 'x'.repeat(90)]) {
    const nf = await c.get(`/api/v1/faq/${slug}`);
    assert.equal(nf.status, 404, slug.slice(0, 20));
    assert.match(String(nf.headers['content-type']), /^application\/problem\+json/);
    assert.deepEqual([nf.json().code, nf.json().status], ['not_found', 404]);
  }
  assert.equal(t.ctx.cache.get('api:faq:sv:finns-inte'), undefined, 'misses are not cached');
  // Fastify refuses path parameters over 100 characters before routing: 414, never a 500.
  assert.equal((await c.get(`/api/v1/faq/${'x'.repeat(500)}`)).status, 414);
});

test('writes need a token (401), the right role (403), and go through the same commands as the admin pages', async () => {
  const c = new Client(t.app);
  const body = { category: 'expo', question_sv: 'Kan jag ta med hunden till mässan?', answer_sv: 'Ja, **kopplade** hundar är välkomna.', published: true };
  const n = await countFaq();

  const none = await c.request('POST', '/api/v1/faq', { json: body });
  assert.equal(none.status, 401);
  assert.match(String(none.headers['content-type']), /^application\/problem\+json/);
  assert.equal(none.json().code, 'unauthorized');
  const badToken = await c.request('POST', '/api/v1/faq', { json: body, headers: auth('h22_not-a-real-token') });
  assert.equal(badToken.status, 401);
  const resident = await c.request('POST', '/api/v1/faq', { json: body, headers: auth(residentToken) });
  assert.equal(resident.status, 403);
  assert.equal(resident.json().code, 'forbidden');
  const residentPatch = await c.request('PATCH', '/api/v1/faq/vad-ar-h22', { json: { answer_sv: 'Hackat' }, headers: auth(residentToken) });
  assert.equal(residentPatch.status, 403);
  // A session cookie is not a token: the API does not accept it for writes.
  const staff = new Client(t.app);
  const u = await makeUser(t.ctx, { roles: ['admin'] });
  await staff.signIn(u.email, u.password);
  const cookieOnly = await staff.request('POST', '/api/v1/faq', { json: body });
  assert.equal(cookieOnly.status, 403);
  assert.equal(cookieOnly.json().code, 'csrf_invalid');
  assert.equal(await countFaq(), n);

  const anon = new Client(t.app);
  await anon.get('/faq'); // warm the cache
  const created = await c.request('POST', '/api/v1/faq', { json: body, headers: auth(teamToken) });
  assert.equal(created.status, 201);
  assert.equal(created.headers.location, '/api/v1/faq/kan-jag-ta-med-hunden-till-massan');
  const entry = created.json();
  assert.deepEqual([entry.slug, entry.category, entry.published, entry.question_en, entry.answer_sv], ['kan-jag-ta-med-hunden-till-massan', 'expo', true, '', body.answer_sv]);
  assert.equal(await countFaq(), n + 1);
  const page = decodeEntities((await anon.get('/faq')).body);
  contains(page, '<h3>Kan jag ta med hunden till mässan?</h3>');
  contains(page, '<strong>kopplade</strong>');
  const enItem = (await anon.get('/api/v1/faq/kan-jag-ta-med-hunden-till-massan?lang=en')).json<FaqItem>();
  assert.deepEqual([enItem.question, enItem.translated], ['Kan jag ta med hunden till mässan?', false]);
  const [audit] = await t.ctx.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'faq_entry').where('entity_id', '=', String(entry.id)).execute();
  assert.deepEqual([audit!.action, audit!.actor_id], ['faq.create', teamId]);
});

test('PATCH /api/v1/faq/{slug} changes only what is sent; the change shows on /faq and /en/faq and is audited', async () => {
  const anon = new Client(t.app);
  await anon.get('/faq');
  await anon.get('/en/faq');
  const before = (await faqBySlug('projektgruppen'))!;
  const r = await anon.request('PATCH', '/api/v1/faq/projektgruppen', {
    json: { answer_sv: 'Projektgruppen nås på h22@helsingborg.se.', answer_en: 'The project group is at h22@helsingborg.se.' },
    headers: auth(teamToken),
  });
  assert.equal(r.status, 200);
  assert.equal(r.json().answer_sv, 'Projektgruppen nås på h22@helsingborg.se.');
  assert.equal(r.json().question_sv, before.question_sv);
  contains(decodeEntities((await anon.get('/faq')).body), '<p>Projektgruppen nås på h22@helsingborg.se.</p>');
  contains(decodeEntities((await anon.get('/en/faq')).body), '<p>The project group is at h22@helsingborg.se.</p>');
  const [audit] = await t.ctx.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'faq_entry').where('entity_id', '=', String(before.id)).orderBy('id', 'desc').execute();
  assert.deepEqual(audit!.before, { answer_sv: before.answer_sv, answer_en: before.answer_en });
  assert.deepEqual(audit!.after, { answer_sv: 'Projektgruppen nås på h22@helsingborg.se.', answer_en: 'The project group is at h22@helsingborg.se.' });

  // Unpublishing through the API removes the entry from the page, the API and search at once.
  await anon.get('/api/v1/faq');
  const unpub = await anon.request('PATCH', '/api/v1/faq/projektgruppen', { json: { published: false }, headers: auth(teamToken) });
  assert.equal(unpub.json().published, false);
  contains(decodeEntities((await anon.get('/faq')).body), 'id="projektgruppen"', false);
  assert.ok(!(await anon.get('/api/v1/faq')).json<{ items: FaqItem[] }>().items.some((i) => i.slug === 'projektgruppen'), 'gone from the API list');
  assert.equal((await anon.get('/api/v1/faq/projektgruppen')).status, 404);
  contains((await anon.get('/sok?q=projektgruppen')).body, '/faq#projektgruppen', false);
  // …and the writer can still reach the draft.
  const again = await anon.request('PATCH', '/api/v1/faq/projektgruppen', { json: { published: true }, headers: auth(teamToken) });
  assert.equal(again.status, 200);

  const missing = await anon.request('PATCH', '/api/v1/faq/finns-inte', { json: { answer_sv: 'x' }, headers: auth(teamToken) });
  assert.equal(missing.status, 404);
  assert.equal(missing.json().code, 'not_found');
});

test('bad bodies are 422 problem details with a message per field, and nothing is saved', async () => {
  const c = new Client(t.app);
  const n = await countFaq();
  const cases: [string, 'POST' | 'PATCH', string, unknown, string[]][] = [
    ['missing Swedish texts', 'POST', '/api/v1/faq', { category: 'about' }, ['question_sv', 'answer_sv']],
    ['empty question', 'POST', '/api/v1/faq', { category: 'about', question_sv: '', answer_sv: 'Svar' }, ['question_sv']],
    ['blank question', 'POST', '/api/v1/faq', { category: 'about', question_sv: '   ', answer_sv: 'Svar' }, ['question_sv']],
    ['too long question', 'POST', '/api/v1/faq', { category: 'about', question_sv: 'q'.repeat(301), answer_sv: 'Svar' }, ['question_sv']],
    ['too long answer', 'POST', '/api/v1/faq', { category: 'about', question_sv: 'Fråga?', answer_sv: 'a'.repeat(20001) }, ['answer_sv']],
    ['bad slug', 'POST', '/api/v1/faq', { category: 'about', question_sv: 'Fråga?', answer_sv: 'Svar', slug: 'Inte OK' }, ['slug']],
    ['duplicate slug', 'POST', '/api/v1/faq', { category: 'about', question_sv: 'Fråga?', answer_sv: 'Svar', slug: 'vad-ar-h22' }, ['slug']],
    ['unknown category', 'POST', '/api/v1/faq', { category: 'sport', question_sv: 'Fråga?', answer_sv: 'Svar' }, ['category']],
    ['unknown property', 'POST', '/api/v1/faq', { category: 'about', question_sv: 'Fråga?', answer_sv: 'Svar', answer: 'typo' }, ['answer']],
    ['negative position', 'PATCH', '/api/v1/faq/vad-ar-h22', { position: -1 }, ['position']],
    ['empty patch', 'PATCH', '/api/v1/faq/vad-ar-h22', {}, ['body']],
    ['duplicate slug on patch', 'PATCH', '/api/v1/faq/vad-ar-h22', { slug: 'bli-partner' }, ['slug']],
    ['emptied answer', 'PATCH', '/api/v1/faq/vad-ar-h22', { answer_sv: '' }, ['answer_sv']],
    ['page without title', 'POST', '/api/v1/pages', { body_sv: 'Text' }, ['title_sv']],
    ['page with a taken slug', 'POST', '/api/v1/pages', { title_sv: 'Ny', slug_sv: 'om-h22' }, ['slug_sv']],
  ];
  const before = await faqBySlug('vad-ar-h22');
  for (const [name, method, url, json, fields] of cases) {
    const r = await c.request(method, url, { json, headers: auth(teamToken) });
    assert.equal(r.status, 422, name);
    assert.match(String(r.headers['content-type']), /^application\/problem\+json/, name);
    const p = r.json<{ code: string; errors: { field: string; message: string }[] }>();
    assert.equal(p.code, 'validation_failed', name);
    assert.deepEqual(p.errors.map((e) => e.field).sort(), [...fields].sort(), name);
    for (const e of p.errors) assert.ok(e.message.length > 3, `${name}: ${e.field}`);
  }
  assert.equal(await countFaq(), n);
  assert.deepEqual(await faqBySlug('vad-ar-h22'), before);

  const cat = await c.request('POST', '/api/v1/faq', { json: { category: 'sport', question_sv: 'F?', answer_sv: 'S' }, headers: auth(teamToken) });
  assert.equal(cat.json().errors[0].message, 'must be one of: about, expo, collaboration, money');
  const dup = await c.request('POST', '/api/v1/faq', { json: { category: 'about', question_sv: 'F?', answer_sv: 'S', slug: 'vad-ar-h22' }, headers: auth(teamToken) });
  assert.match(dup.json().errors[0].message, /already uses this anchor/);
  const malformed = await c.request('POST', '/api/v1/faq', { headers: { ...auth(teamToken), 'content-type': 'application/json' } });
  assert.equal(malformed.status, 400);
});

test('pages: public list and lookup by Swedish or English slug; writes with a token', async () => {
  const c = new Client(t.app);
  const list = (await c.get('/api/v1/pages')).json<{ items: { slug: string; title: string }[] }>().items;
  assert.deepEqual(list.map((p) => p.slug).sort(), SEED_PAGES.map((p) => p.slug_sv).sort());
  const about = SEED_PAGES.find((p) => p.slug_sv === 'om-h22')!;
  const sv = (await c.get('/api/v1/pages/om-h22')).json();
  assert.deepEqual([sv.lang, sv.title, sv.url], ['sv', about.title_sv, 'http://h22.test/sida/om-h22']);
  const en = (await c.get(`/api/v1/pages/${about.slug_en}`)).json();
  assert.deepEqual([en.lang, en.title, en.slug, en.url], ['en', about.title_en, about.slug_en, `http://h22.test/en/page/${about.slug_en}`]);
  assert.match(en.body_html, /<h2>/);
  assert.equal((await c.get('/api/v1/pages/finns-inte')).status, 404);

  const none = await c.request('POST', '/api/v1/pages', { json: { title_sv: 'Press' } });
  assert.equal(none.status, 401);
  const resident = await c.request('PATCH', '/api/v1/pages/om-h22', { json: { title_sv: 'Hackad' }, headers: auth(residentToken) });
  assert.equal(resident.status, 403);

  const created = await c.request('POST', '/api/v1/pages', { json: { title_sv: 'Press och media', title_en: 'Press and media', body_sv: 'Kontakta pressjouren.', published: true }, headers: auth(teamToken) });
  assert.equal(created.status, 201);
  assert.deepEqual([created.json().slug_sv, created.json().slug_en], ['press-och-media', 'press-and-media']);
  assert.equal(created.headers.location, '/api/v1/pages/press-och-media');
  const shown = await c.get('/sida/press-och-media');
  assert.match(decodeEntities(shown.body), /<h1>Press och media<\/h1>[\s\S]*Kontakta pressjouren\./);

  const patched = await c.request('PATCH', '/api/v1/pages/press-and-media', { json: { body_en: 'Call the press office.' }, headers: auth(teamToken) });
  assert.equal(patched.status, 200);
  assert.match(decodeEntities((await c.get('/en/page/press-and-media')).body), /Call the press office\./);
  const protectedPage = await c.request('PATCH', '/api/v1/pages/tillganglighet', { json: { published: false }, headers: auth(teamToken) });
  assert.equal(protectedPage.status, 422);
  assert.equal(protectedPage.json().errors[0].field, 'published');
  assert.equal((await c.request('PATCH', '/api/v1/pages/finns-inte', { json: { title_sv: 'X' }, headers: auth(teamToken) })).status, 404);
});

test('the content routes are in the OpenAPI document with their schemas and error responses', async () => {
  const doc = t.app.swagger() as unknown as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown; responses: Record<string, unknown>; security?: unknown[] }>> };
  assert.deepEqual(Object.keys(doc.paths['/api/v1/faq']!).sort(), ['get', 'post']);
  assert.deepEqual(Object.keys(doc.paths['/api/v1/faq/{slug}']!).sort(), ['get', 'patch']);
  assert.deepEqual(Object.keys(doc.paths['/api/v1/pages']!).sort(), ['get', 'post']);
  assert.deepEqual(Object.keys(doc.paths['/api/v1/pages/{slug}']!).sort(), ['get', 'patch']);
  const list = doc.paths['/api/v1/faq']!.get!;
  assert.ok(list.parameters!.some((p) => p.name === 'lang' && p.in === 'query'), 'lang query parameter');
  assert.ok(list.responses['200'], '200 response');
  const post = doc.paths['/api/v1/faq']!.post!;
  assert.ok(post.requestBody, 'request body');
  assert.deepEqual(Object.keys(post.responses).sort(), ['201', '401', '403', '422']);
  assert.deepEqual(post.security, [{ bearer: [] }]);
  assert.deepEqual(Object.keys(doc.paths['/api/v1/faq/{slug}']!.patch!.responses).sort(), ['200', '401', '403', '404', '422']);
  assert.ok(!Object.keys(doc.paths).some((p) => p.startsWith('/admin')), 'admin pages are not in the API document');
});
