// The whole site as a visitor and as staff meet it: a crawl over app.inject from the home pages (and
// from /admin, signed in) with the full demo, checking every page and every machine-readable link.
// Every problem is collected and reported in one assertion, so one run shows all of them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, decodeEntities, type TestApp } from './helpers.ts';
import { makeUser } from './factories.ts';
import { listRoutes } from './routes.ts';
import { checkHtmlPage, checkResource, checkTwins, crawl, cookieFetcher, extractAssets, extractLinks, capKey, routeBucket, type Allowance, type CrawlResult, type Lang } from './crawl.ts';

const ORIGIN = 'http://h22.test';
const langOfPath = (url: string): Lang => (url === '/en' || url.startsWith('/en/') || url.startsWith('/en?') ? 'en' : 'sv');
/** Paths whose language follows the visitor (cookie, browser, account), not the path: /admin, /api. */
const followsVisitor = (url: string) => url.startsWith('/admin') || url.startsWith('/api');
/** The language a page must answer in for a visitor whose own language is `visitor`; the API docs also take ?lang=. */
function expectedLang(url: string, visitor: Lang): Lang {
  if (!followsVisitor(url)) return langOfPath(url);
  const q = new URLSearchParams(url.split('?')[1] ?? '').get('lang');
  return q === 'sv' || q === 'en' ? q : visitor;
}

/** Known exceptions, each with its reason. Add one only when the lead engineer decides. */
const ALLOW: Allowance[] = [
  { url: /^\/api\/v1\/docs(\?|$)/, problem: 'visible text has "null"', reason: 'the API reference names the JSON type null ("object | null")' },
  { url: /^\/api\/v1\/docs(\?|$)/, problem: 'identifier in visible text', reason: 'the API reference lists field names, enum values and error codes' },
  { url: /^\/admin\/audit(\?|$)/, problem: 'identifier in visible text', reason: 'the audit log shows entity types as stored (expo_release 3), by design' },
];

/** Exceptions on an installation without the demo (SEED_DEMO=false), waiting for the lead engineer's decision. */
const EMPTY_ALLOW: Allowance[] = [...ALLOW];

let t: TestApp;
let seedMs = 0;
/** Caps count per route (`/initiativ/:slug`, `/program?` for any filter), read from the app's own routes. */
let bucket: (url: string) => string;
before(async () => {
  const t0 = Date.now();
  t = await createTestApp({ seed: true });
  seedMs = Date.now() - t0;
  bucket = routeBucket(listRoutes(t.app).filter((r) => r.method === 'GET').map((r) => r.url));
});
after(async () => {
  await t?.close();
});

function summary(name: string, r: CrawlResult): string {
  const byStatus = new Map<number, number>();
  for (const p of r.pages.values()) byStatus.set(p.status, (byStatus.get(p.status) ?? 0) + 1);
  return `${name}: ${r.pages.size} URLs (${[...byStatus].map(([s, n]) => `${s}×${n}`).join(', ')}; ${r.htmlChecked} HTML pages, ${r.resourcesChecked} data files), ${r.skippedByCap} left out by caps`;
}

// ---------- the checker itself must be able to fail ----------

test('the page checker finds every kind of problem on a synthetic bad page', () => {
  const bad = `<!doctype html><html lang="en"><head><script>alert(1)</script></head><body>
    <h1>One</h1><h1>Two</h1>
    <p>Price: NaN kr, by undefined, at [object Object], seats null, {{greeting}} and \${name}</p>
    <a href="/program/evenemang/undefined">x</a>
    <img src="/a.png">
    <p id="x" style="color:red">a</p><p id="x">b</p><label for="f-gone">Name</label><input aria-describedby="hint-gone">
    <table><tr><th>Day</th></tr></table><button onclick="go()">Go</button><p>Status: in_progress</p>
  </body></html>`;
  const problems = checkHtmlPage(bad, 'sv');
  const expected = [
    '<html lang="en">, expected "sv"',
    '2 <h1> elements',
    'no <title>',
    'no <main>',
    'visible text has "undefined"',
    'visible text has "NaN"',
    'visible text has "[object Object]"',
    'visible text has "null"',
    'visible text has "{{"',
    'visible text has "${"',
    'attribute href="/program/evenemang/undefined"',
    '<img> without alt',
    'id="x" used 2 times',
    'for="f-gone" names no element',
    'aria-describedby="hint-gone" names no element',
    '<th> without scope',
    'inline <script>',
    'inline style',
    'inline event handler',
    'identifier in visible text "in_progress"',
  ];
  for (const e of expected) assert.ok(problems.some((p) => p.startsWith(e)), `missing "${e}" in ${JSON.stringify(problems, null, 1)}`);
  assert.equal(problems.length, expected.length, JSON.stringify(problems, null, 1));

  // Script data is not visible text, "Nullställ" is not "null", code and units are not leaked identifiers,
  // and an empty alt is a valid alt.
  const good = `<!doctype html><html lang="sv"><head><title>Hem – H22</title><script type="application/ld+json">{"x":null,"y":"undefined"}</script>
    <script src="/assets/site.js" defer></script></head>
    <body><main><h1>Hem</h1><p>Nullställ inte: 0 kr, 12 kWh</p><p>Fältet <code>createdAt</code></p><img src="/a.png" alt=""><label for="f-q">Sök</label><input id="f-q">
    <table><tr><th scope="col">Dag</th></tr></table></main></body></html>`;
  assert.deepEqual(checkHtmlPage(good, 'sv'), []);
});

test('the resource checker rejects wrong content types and bodies that do not parse', () => {
  const buf = (s: string) => Buffer.from(s);
  assert.deepEqual(checkResource('/api/v1/events', 'application/json; charset=utf-8', buf('{"items":[]}')), []);
  assert.match(checkResource('/api/v1/events', 'application/json', buf('{"items":'))[0]!, /JSON does not parse/);
  assert.match(checkResource('/program.ics', 'text/html', buf('<html>'))[0]!, /claims ics but answers content-type "text\/html"/);
  assert.match(checkResource('/program.ics', 'text/calendar', buf('BEGIN:VEVENT'))[0]!, /ICS is not one VCALENDAR/);
  assert.deepEqual(checkResource('/program.ics', 'text/calendar', buf('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n')), []);
  assert.match(checkResource('/program.csv', 'text/csv', buf('\n'))[0]!, /CSV has no header row/);
  assert.deepEqual(checkResource('/program.csv', 'text/csv', buf('\uFEFFtitle,starts\r\nA,B\r\n')), []);
  assert.match(checkResource('/api/v1/areas.geojson', 'application/json', buf('{"type":"FeatureCollection","features":[]}'))[0]!, /GeoJSON answers content-type/);
  assert.match(checkResource('/api/v1/areas.geojson', 'application/geo+json', buf('{"items":[]}'))[0]!, /GeoJSON has type undefined/);
  assert.deepEqual(checkResource('/api/v1/areas.geojson', 'application/geo+json', buf('{"type":"FeatureCollection","features":[]}')), []);
  assert.match(checkResource('/schedule.xml', 'application/xml', buf('<a><b></a>'))[0]!, /XML does not parse/);
});

test('links: same-origin only, fragments and mail links skipped, entities decoded; caps bucket by section', () => {
  const body = `<a href="/program?dag=2022-05-30&amp;omrade=x#top">a</a><a href="#main">skip</a><a href="mailto:a@b.se">m</a>
    <a href="tel:+46">t</a><a href="https://helsingborg.se/">ext</a><a href="http://h22.test/faq">abs</a><a href="sida/om">rel</a>
    <link rel="alternate" hreflang="en" href="/en/program"><link rel="stylesheet" href="/assets/site.css">`;
  assert.deepEqual(extractLinks(body, '/program', ORIGIN), ['/program?dag=2022-05-30&omrade=x', '/faq', '/sida/om', '/en/program']);
  assert.deepEqual(extractAssets(body + '<script src="/assets/site.js" defer></script><img src="/a.png" alt=""><script type="application/ld+json">{}</script>', '/program', ORIGIN), ['/assets/site.css', '/assets/site.js', '/a.png']);
  assert.equal(capKey('/en/program/events/a-b'), 'en:/program/events');
  assert.equal(capKey('/program?dag=1'), 'sv:/program?');
  assert.equal(capKey('/'), 'sv:/');
  const b = routeBucket(['/*', '/initiativ/:slug', '/initiativ/karta', '/program', '/program.ics']);
  assert.equal(b('/initiativ/solceller-i-paarp'), '/initiativ/:slug');
  assert.equal(b('/initiativ/karta'), '/initiativ/karta');
  assert.equal(b('/program?dag=2022-06-01&omrade=x'), '/program?');
  assert.equal(b('/program.ics'), '/program.ics');
  assert.equal(b('/saknas/x'), 'sv:/saknas/x');
});

test('the crawler reports a broken link and a server error with the page that links them', async () => {
  const pages: Record<string, { status: number; body: string }> = {
    '/': { status: 200, body: `<html lang="sv"><head><title>H</title></head><body><main><h1>H</h1><a href="/saknas">x</a><a href="/trasig">y</a></main></body></html>` },
    '/trasig': { status: 500, body: 'boom' },
  };
  const fetch = async (url: string) => {
    const p = pages[url] ?? { status: 404, body: 'not found' };
    return { url, status: p.status, contentType: 'text/html; charset=utf-8', body: p.body, raw: Buffer.from(p.body) };
  };
  const r = await crawl(fetch, { origin: ORIGIN, starts: ['/'], expectLang: langOfPath, include: () => true, perPrefix: 40, total: 10 });
  assert.deepEqual(r.problems, ['/saknas (linked from /): 404 for a link we render', '/trasig (linked from /): 500 server error']);
});

// ---------- the real site ----------

/** The crawl must really reach the site: each path (or path prefix ending in "/", or path with any query) met. */
function reach(r: CrawlResult, paths: string[]): string[] {
  const urls = [...r.pages.keys()];
  return paths
    .filter((p) => !urls.some((u) => u === p || u.startsWith(p + '?') || (p.endsWith('/') && p.length > 4 && u.startsWith(p) && u !== p)))
    .map((p) => `the crawl never reached ${p}`);
}


function failures(name: string, problems: string[]): string {
  return `${problems.length} problem(s) in the ${name} crawl:\n  ${problems.join('\n  ')}`;
}

/** The API's documented GET endpoints a visitor can call as they are: no path parameters, no token needed. */
async function openApiStarts(): Promise<string[]> {
  const doc = JSON.parse((await t.app.inject({ url: '/api/v1/openapi.json' })).body) as { paths: Record<string, { get?: { security?: unknown[] } }> };
  return Object.entries(doc.paths)
    .filter(([path, item]) => item.get && !path.includes('{') && !(item.get.security?.length))
    .map(([path]) => path);
}

test('public crawl, anonymous, both languages: every page works, is well formed and has its twin', async () => {
  const t0 = Date.now();
  const fetch = cookieFetcher(t.app);
  const api = await openApiStarts();
  const r = await crawl(fetch, {
    origin: ORIGIN,
    // The home pages, and the API reference's endpoints (the docs name them in text, not as links).
    starts: ['/', '/en/', ...api],
    expectLang: (u) => expectedLang(u, 'sv'),
    include: () => true,
    bucket,
    // Public pages only are expanded; a link into /admin from a public page is checked (it must redirect to sign-in).
    expand: (p) => !p.startsWith('/admin'),
    perPrefix: 40,
    total: 800,
    allow: ALLOW,
  });
  const twins = await checkTwins(fetch, r, ORIGIN, ALLOW);
  const missed = reach(r, ['/', '/en/', '/program', '/en/program', '/initiativ', '/en/initiatives', '/faq', '/en/faq', '/api/v1/docs', '/program/evenemang/', '/en/program/events/', '/initiativ/', '/en/initiatives/', '/program.ics', '/en/program.ics', '/program.csv', '/sida/om-h22', '/en/page/about-h22', '/schedule.json', '/schedule.xml', '/program/andringar.atom', ...api]);
  if (api.length < 8) missed.push(`only ${api.length} API endpoints in the OpenAPI document: ${api.join(', ')}`);
  console.log(`${summary('public', r)}, ${twins.checked} twins, in ${Date.now() - t0} ms (demo seed took ${seedMs} ms)`);
  const kinds = new Set([...r.pages.values()].filter((p) => p.status === 200).map((p) => p.contentType.split(';')[0]));
  for (const k of ['text/html', 'text/calendar', 'text/csv', 'application/json', 'text/css']) if (!kinds.has(k)) missed.push(`no ${k} response met (seen: ${[...kinds].join(', ')})`);
  if (r.pages.size < 300) missed.push(`only ${r.pages.size} URLs crawled`);
  if (r.htmlChecked < 250) missed.push(`only ${r.htmlChecked} HTML pages checked`);
  if (twins.checked < 250) missed.push(`only ${twins.checked} language twins checked`);
  const problems = [...missed, ...r.problems, ...twins.problems];
  assert.deepEqual(problems, [], failures('public', problems));
});

test('signed-in visitor crawl: account, my programme and a ticket, both languages', async () => {
  // The pages only a visitor with an account, a starred item and a registration reaches.
  const user = await makeUser(t.ctx, { locale: 'sv', name: 'Vera Visitor' });
  const c = new Client(t.app);
  await c.signIn(user.email, user.password);
  const occ = await t.ctx.db
    .selectFrom('registration_occurrences as ro')
    .innerJoin('expo_occurrences as o', 'o.id', 'ro.occurrence_id')
    .innerJoin('registration_events as re', 're.event_id', 'o.event_id')
    .innerJoin('expo_events as e', 'e.id', 'o.event_id')
    .select(['ro.occurrence_id', 'e.slug'])
    .where('re.questions', '=', '[]' as never)
    .orderBy('ro.occurrence_id')
    .executeTakeFirstOrThrow();
  const signUp = await c.submit(`/program/anmalan/${occ.occurrence_id}`, `/program/anmalan/${occ.occurrence_id}`, { name: 'Vera Visitor', email: user.email, seats: '1' });
  assert.equal(signUp.status, 303, 'the sign-up went through');
  const ticket = String(signUp.headers.location);
  assert.match(ticket, /^\/program\/anmalan\/biljett\/[^/?]+\?done=new$/);
  const star = await c.submit(`/program/evenemang/${occ.slug}`, '/program/mitt/stjarnor', { add: occ.slug, back: `/program/evenemang/${occ.slug}` });
  assert.equal(star.status, 303, 'the star was saved');
  // The feed address is shown once, as text to copy: the crawl starts from it too.
  const feed = await c.submit('/program/mitt', '/program/mitt/kalender', {});
  const feedUrl = /<code class="feed-url">([^<]+)<\/code>/.exec(feed.body)?.[1];
  assert.ok(feedUrl, 'the calendar feed address is shown');
  const feedPage = checkHtmlPage(feed.body, 'sv').map((p) => `/program/mitt (after making a feed): ${p}`);

  const t0 = Date.now();
  const fetch = cookieFetcher(t.app, c.cookies);
  const r = await crawl(fetch, {
    origin: ORIGIN,
    starts: ['/konto', '/en/account', '/program/mitt', '/en/program/mine', ticket, new URL(decodeEntities(feedUrl), ORIGIN).pathname],
    expectLang: (u) => expectedLang(u, 'sv'),
    include: () => true,
    bucket,
    // Stay near the visitor's own pages: the anonymous crawl covers the rest of the site.
    expand: (p) => /^\/(en\/)?(konto|account|program\/(mitt|mine|anmalan|register|kalender|calendar))/.test(p),
    perPrefix: 20,
    total: 150,
    allow: ALLOW,
  });
  const twins = await checkTwins(fetch, r, ORIGIN, ALLOW);
  console.log(`${summary('signed-in visitor', r)}, ${twins.checked} twins, in ${Date.now() - t0} ms`);
  const missed = reach(r, ['/konto', '/en/account', '/program/mitt', '/en/program/mine', '/program/kalender/', '/program/anmalan/biljett/', '/en/program/register/ticket/']);
  const problems = [...missed, ...feedPage, ...r.problems, ...twins.problems];
  assert.deepEqual(problems, [], failures('signed-in visitor', problems));
});

test('empty installation (no demo): the public pages it links still work', async () => {
  // SEED_DEMO=false: no edition, no initiatives, no pages. Links must not assume the demo's rows.
  const empty = await createTestApp();
  try {
    const t0 = Date.now();
    const fetch = cookieFetcher(empty.app);
    const r = await crawl(fetch, { origin: ORIGIN, starts: ['/', '/en/'], expectLang: (u) => expectedLang(u, 'sv'), include: () => true, bucket, perPrefix: 40, total: 200, allow: EMPTY_ALLOW });
    const twins = await checkTwins(fetch, r, ORIGIN, EMPTY_ALLOW);
    console.log(`${summary('empty installation', r)}, ${twins.checked} twins, in ${Date.now() - t0} ms`);
    const missed = reach(r, ['/', '/en/', '/initiativ', '/en/initiatives', '/faq', '/en/faq', '/api/v1/docs', '/program', '/en/program']);
    const problems = [...missed, ...r.problems, ...twins.problems];
    assert.deepEqual(problems, [], failures('empty installation', problems));
    // The programme linked from the nav says it is not published yet, in the visitor's language.
    assert.match((await empty.app.inject({ url: '/program' })).body, /Programmet är inte publicerat än\./);
    assert.match((await empty.app.inject({ url: '/en/program' })).body, /The programme has not been published yet\./);
  } finally {
    await empty.close();
  }
});

async function staffCrawl(locale: 'sv' | 'en', roles: ('admin' | 'programme_team' | 'finance')[], total: number, org?: { id: number; role: 'member' | 'editor' | 'innovation_lead' }) {
  const user = await makeUser(t.ctx, { roles, locale, ...(org ? { org } : {}) });
  const c = new Client(t.app);
  await c.signIn(user.email, user.password);
  const fetch = cookieFetcher(t.app, c.cookies);
  // Staff pages (and the API docs) answer in the user's language; public paths keep the language of their path.
  const expectLang = (u: string): Lang => expectedLang(u, locale);
  const t0 = Date.now();
  const r = await crawl(fetch, {
    origin: ORIGIN,
    starts: ['/admin'],
    expectLang,
    // GET only, and only staff pages are expanded; public pages they link to are checked as leaves.
    include: (p) => p !== '/',
    bucket,
    expand: (p) => p.startsWith('/admin'),
    perPrefix: 40,
    total,
    allow: ALLOW,
  });
  console.log(`${summary(`staff (${[...roles, org?.role ?? ''].filter(Boolean).join('+')}, ${locale})`, r)} in ${Date.now() - t0} ms`);
  return r;
}

test('staff crawl as an admin: every /admin page it links works and is well formed (Swedish)', async () => {
  const r = await staffCrawl('sv', ['admin'], 300);
  const admin = [...r.pages.keys()].filter((u) => u.startsWith('/admin'));
  const missed = reach(r, ['/admin', '/admin/users', '/admin/organisations', '/admin/program', '/admin/program/places', '/admin/program/releases', '/admin/initiatives', '/admin/initiatives/challenges', '/admin/registrations', '/admin/faq', '/admin/pages', '/admin/audit', '/admin/outbox', '/admin/program/', '/admin/initiatives/']);
  if (admin.length < 100) missed.push(`only ${admin.length} staff URLs crawled`);
  const problems = [...missed, ...r.problems];
  assert.deepEqual(problems, [], failures('staff (admin)', problems));
});

test('staff crawl as finance: every staff page they are shown works', async () => {
  const r = await staffCrawl('sv', ['finance'], 80);
  const missed = reach(r, ['/admin']);
  const problems = [...missed, ...r.problems];
  assert.deepEqual(problems, [], failures('staff (finance)', problems));
});

test('staff crawl as an English-speaking programme-team member: staff pages answer in English', async () => {
  const r = await staffCrawl('en', ['programme_team'], 150);
  const missed = reach(r, ['/admin', '/admin/program', '/admin/program/']);
  const admin = [...r.pages.keys()].filter((u) => u.startsWith('/admin'));
  if (admin.length < 30) missed.push(`only ${admin.length} staff URLs crawled`);
  const problems = [...missed, ...r.problems];
  assert.deepEqual(problems, [], failures('staff (programme team, en)', problems));
});

test('staff crawl as an innovation lead of an organisation: only links they may follow, none answering 403', async () => {
  // The organisation owning the most demo initiatives, so the lead has a real portfolio to page through.
  const owner = await t.ctx.db
    .selectFrom('initiatives')
    .select(['owner_organisation_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('owner_organisation_id')
    .orderBy('n', 'desc')
    .orderBy('owner_organisation_id')
    .executeTakeFirstOrThrow();
  const r = await staffCrawl('sv', [], 120, { id: owner.owner_organisation_id, role: 'innovation_lead' });
  const missed = reach(r, ['/admin', '/admin/initiatives', '/admin/initiatives/']);
  const problems = [...missed, ...r.problems];
  assert.deepEqual(problems, [], failures('staff (innovation lead)', problems));
});
