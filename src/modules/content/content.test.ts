import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createTestApp, Client, decodeEntities, type TestApp } from '../../../test/helpers.ts';
import { SEED_FAQ } from './content.seed-data.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ seed: true });
});
after(async () => t.close());

test('the Swedish FAQ shows every question of the seed with an anchor, and FAQPage JSON-LD', async () => {
  const c = new Client(t.app);
  const r = await c.get('/faq');
  assert.equal(r.status, 200);
  assert.match(r.body, /<html lang="sv">/);
  const body = decodeEntities(r.body);
  for (const f of SEED_FAQ) {
    assert.ok(body.includes(`id="${f.slug}"`), `anchor ${f.slug}`);
    assert.ok(body.includes(`<h3>${f.question_sv}</h3>`), `question ${f.question_sv}`);
  }
  const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(r.body);
  assert.ok(ld, 'FAQPage JSON-LD in the head');
  const data = JSON.parse(ld[1]!);
  assert.equal(data['@type'], 'FAQPage');
  assert.equal(data.mainEntity.length, SEED_FAQ.length);
  assert.equal(data.mainEntity[0].acceptedAnswer['@type'], 'Answer');
  assert.match(r.body, /hreflang="en" href="\/en\/faq"/);
});

test('every paragraph of the seed document appears in some Swedish answer', async () => {
  const seed = fs.readFileSync(path.resolve(import.meta.dirname ?? '.', '../../../../shared/seeds/000_87f73b62a34652a8.txt'), 'utf8');
  const answers = SEED_FAQ.map((f) => f.answer_sv.replace(/\s+/g, ' ')).join(' ');
  const intro = ['FAQ', 'Nyfiken på H22?', 'Svenska'];
  const paragraphs = seed
    .split(/\n\s*\n/)
    .map((p) => p.replace(/^\s*•\s*/gm, '').replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 40 && !p.startsWith('Vad är H22 för något'));
  const questions = SEED_FAQ.map((f) => f.question_sv).join(' ');
  // Headings of the source ("118 mkr – The making of …") live on in the questions.
  const isHeading = (p: string) => !/[.:)]$/.test(p) && p.length < 80;
  let missing = paragraphs.filter((p) =>
    isHeading(p) ? !questions.includes(p.split(' – ').pop()!) : !answers.includes(p.slice(0, 60)),
  );
  missing = missing.filter((p) => !intro.includes(p));
  assert.deepEqual(missing, []);
});

test('the English FAQ is a full translation in lang="en" and links back to Swedish', async () => {
  const c = new Client(t.app);
  const r = await c.get('/en/faq');
  assert.equal(r.status, 200);
  assert.match(r.body, /<html lang="en">/);
  const body = decodeEntities(r.body);
  for (const f of SEED_FAQ) assert.ok(body.includes(`<h3>${f.question_en}</h3>`), f.question_en);
  assert.match(r.body, /<a class="lang-switch" href="\/faq" hreflang="sv"/);
});

test('search finds FAQ entries with stemming in both languages and tolerates a typo', async () => {
  const c = new Client(t.app);
  const typo = await c.get('/sok?q=inovation');
  assert.match(typo.body, /href="\/faq#132-miljoner-innovationsarbete"/);
  const stem = await c.get('/sok?q=testbäddar');
  assert.match(stem.body, /href="\/faq#vad-ar-en-testbadd"/);
  const en = await c.get('/en/search?q=testbeds');
  assert.match(en.body, /href="\/en\/faq#vad-ar-en-testbadd"/);
  const kinds = [...stem.body.matchAll(/<p class="kind">([^<]*)<\/p>/g)].map((m) => m[1]);
  assert.ok(kinds.length > 0 && kinds.every((k) => k === 'Fråga och svar' || k === 'Sida' || k === 'Initiativ' || k === 'Program'), `search result kinds: ${kinds.join(', ')}`);
  const none = await c.get('/sok?q=xyzzyqwv');
  assert.match(decodeEntities(none.body), /Inga träffar för ”xyzzyqwv”/);
});

test('cached public pages answer 304 to a matching If-None-Match', async () => {
  const c = new Client(t.app);
  const first = await c.get('/faq');
  const etag = first.headers.etag as string;
  assert.ok(etag, 'an ETag header');
  const second = await c.get('/faq', { 'if-none-match': etag });
  assert.equal(second.status, 304);
  assert.equal(second.body, '');
});

test('unknown pages are 404 in the language of the path', async () => {
  const c = new Client(t.app);
  const sv = await c.get('/finns-inte');
  assert.equal(sv.status, 404);
  assert.match(sv.body, /Sidan finns inte/);
  const en = await c.get('/en/does-not-exist');
  assert.equal(en.status, 404);
  assert.match(en.body, /Page not found/);
  assert.match(en.body, /<html lang="en">/);
});

test('an accessibility report re-renders with what was typed when invalid, and reaches the programme team', async () => {
  const c = new Client(t.app);
  const bad = await c.submit('/tillganglighet', '/tillganglighet', { page_url: '/faq', description: '', email: 'inte-en-adress' });
  assert.equal(bad.status, 400);
  assert.match(bad.body, /value="inte-en-adress"/);
  assert.match(bad.body, /Fyll i fältet\./);
  assert.match(bad.body, /Ange en giltig e-postadress/);
  const ok = await c.submit('/tillganglighet', '/tillganglighet', { page_url: '/faq', description: 'Kontrasten på knappen är för låg', email: 'anna@example.se' });
  assert.equal(ok.status, 303);
  const stored = await t.ctx.db.selectFrom('accessibility_reports').selectAll().execute();
  assert.equal(stored.length, 1);
  assert.equal(stored[0]!.description, 'Kontrasten på knappen är för låg');
});

test('a form post without a CSRF token is refused with 403 and saves nothing', async () => {
  const c = new Client(t.app);
  await c.get('/tillganglighet');
  const r = await c.request('POST', '/tillganglighet', { form: { description: 'x' } });
  assert.equal(r.status, 403);
  assert.match(r.body, /Formuläret har gått ut/);
  const forged = await c.request('POST', '/tillganglighet', { form: { description: 'x', _csrf: 'forged' } });
  assert.equal(forged.status, 403);
  const n = await t.ctx.db.selectFrom('accessibility_reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(n.n), 1);
});
