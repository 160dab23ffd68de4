import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { createTestApp, Client, decodeEntities, type TestApp } from '../../../test/helpers.ts';
import { makeUser } from '../../../test/factories.ts';
import { seedExpo } from './expo.seed.ts';
import { clock } from './expo.time.ts';

let t: TestApp;
let urbanFuture: string;
let democracy: string;
let unpublished: string;
before(async () => {
  clock.set(() => new Date('2023-01-10T12:00:00Z'));
  t = await createTestApp();
  await seedExpo(t.ctx);
  const slug = async (title: string) => (await t.ctx.db.selectFrom('expo_events').select('slug').where('title_sv', '=', title).executeTakeFirstOrThrow()).slug;
  urbanFuture = await slug('Urban Future');
  democracy = await slug('Demokratifestivalen');
  unpublished = (await t.ctx.db.selectFrom('expo_events').select('slug').where('state', '=', 'submitted').executeTakeFirstOrThrow()).slug;
});
after(async () => {
  clock.set(undefined);
  await t.close();
});

const text = (s: string) => decodeEntities(s.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
const uids = (ics: string) => new ICAL.Component(ICAL.parse(ics) as unknown[]).getAllSubcomponents('vevent').map((e) => String(e.getFirstPropertyValue('uid')));

test('without an account: the page says what stars need, lists what the browser remembers, and exports it as ICS', async () => {
  const c = new Client(t.app);
  const empty = await c.get('/program/mitt');
  assert.equal(empty.status, 200);
  assert.match(text(empty.body), /Utan JavaScript kan stjärnorna inte sparas i webbläsaren\./);
  assert.match(empty.body, /data-module="my-programme stars"/);
  assert.match(empty.body, /<script src="\/assets\/expo-stars\.js" defer><\/script>/);
  assert.match(text(empty.body), /Du har inte sparat något ännu\./);
  // The browser sends its stars in the query; unknown and unpublished items are left out.
  const r = await c.get(`/program/mitt?s=${democracy},${urbanFuture},finns-inte,${unpublished}`);
  const body = text(r.body);
  assert.ok(body.indexOf('Urban Future') < body.indexOf('Demokratifestivalen'), 'in time order');
  assert.doesNotMatch(body, /Sensorer som mäter luftkvaliteten/);
  assert.match(r.body, new RegExp(`href="/program/mitt\\.ics\\?s=${urbanFuture},${democracy}" download`));
  const ics = await c.get(`/program/mitt.ics?s=${urbanFuture},${democracy}`);
  assert.match(String(ics.headers['content-type']), /^text\/calendar/);
  const occ = await t.ctx.db
    .selectFrom('expo_pub_occurrences as o')
    .innerJoin('expo_pub_events as e', 'e.event_id', 'o.event_id')
    .select('o.guid')
    .where('e.slug', 'in', [urbanFuture, democracy])
    .execute();
  assert.deepEqual(uids(ics.body).sort(), occ.map((o) => `${o.guid}@h22`).sort());
  assert.equal(uids(ics.body).length, 7);
  // Starring in an account needs one.
  const anon = await c.request('POST', '/program/mitt/stjarnor', { form: { add: urbanFuture } });
  assert.equal(anon.status, 403);
});

test('signed in: browser stars move into the account, forms star and unstar without JavaScript, and pages show the state', async () => {
  const u = await makeUser(t.ctx, {});
  const c = new Client(t.app);
  await c.signIn(u.email, u.password);
  const page = await c.get('/program/mitt');
  assert.match(text(page.body), /Du har inte sparat något ännu\./);
  // What expo-stars.js sends after sign-in: the stars the browser kept.
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const moved = await c.request('POST', '/program/mitt/stjarnor', { form: { _csrf: csrf, add: [urbanFuture, unpublished, 'finns-inte'] }, headers: { accept: 'application/json' } });
  assert.equal(moved.status, 200);
  assert.deepEqual(moved.json(), { starred: [urbanFuture] });
  // The event page offers a plain form (no JavaScript needed) in the right state.
  const ev = await c.get(`/program/evenemang/${democracy}`);
  assert.match(ev.body, /<form method="post" action="\/program\/mitt\/stjarnor" class="star-slot">/);
  assert.match(ev.body, new RegExp(`<input type="hidden" name="add" value="${democracy}">`));
  assert.match(ev.body, /aria-pressed="false">Spara i mitt program<\/button>/);
  assert.equal(ev.headers['cache-control'], 'private, no-cache');
  const star = await c.submit(`/program/evenemang/${democracy}`, '/program/mitt/stjarnor', { add: democracy, back: `/program/evenemang/${democracy}` });
  assert.equal(star.status, 303);
  assert.equal(star.headers.location, `/program/evenemang/${democracy}`);
  const again = await c.get(`/program/evenemang/${democracy}`);
  assert.match(again.body, new RegExp(`<input type="hidden" name="remove" value="${democracy}">`));
  assert.match(again.body, /aria-pressed="true">Spara i mitt program<\/button>/);
  // The day list tells the script which items are starred.
  const day = await c.get('/program?date=2022-06-13');
  assert.match(day.body, new RegExp(`data-sync-url="/program/mitt/stjarnor" data-csrf="[^"]+" data-starred="${urbanFuture},${democracy}"`));
  // Anonymous visitors get the cached page without anyone's stars.
  const anon = await new Client(t.app).get('/program?date=2022-06-13');
  assert.doesNotMatch(anon.body, /data-starred/);
  const mine = text((await c.get('/program/mitt')).body);
  assert.match(mine, /Urban Future .* Demokratifestivalen/);
  const un = await c.submit('/program/mitt', '/program/mitt/stjarnor', { remove: urbanFuture, back: '//evil.example/' });
  assert.equal(un.headers.location, '/program/mitt');
  assert.doesNotMatch(text((await c.get('/program/mitt')).body), /Urban Future/);
});

test('the personal calendar feed: a secret URL shown once, the starred items as ICS, and a new URL revokes the old', async () => {
  const u = await makeUser(t.ctx, { locale: 'en' });
  const c = new Client(t.app);
  await c.signIn(u.email, u.password);
  await c.submit('/en/program/mine', '/en/program/mine/stars', { add: [democracy] });
  const created = await c.submit('/en/program/mine', '/en/program/mine/calendar', {});
  assert.equal(created.status, 200);
  assert.match(text(created.body), /Your calendar address \(shown only now\):/);
  const url = /<code class="feed-url">([^<]+)<\/code>/.exec(created.body)![1]!;
  assert.match(url, /^http:\/\/h22\.test\/en\/program\/calendar\/[A-Za-z0-9_-]{32}$/);
  const path = url.replace('http://h22.test', '');
  const stored = await t.ctx.db.selectFrom('expo_feed_tokens').select('token_hash').executeTakeFirstOrThrow();
  assert.ok(!url.includes(stored.token_hash), 'only a hash is stored');
  // Later visits do not show the address again.
  assert.doesNotMatch((await c.get('/en/program/mine')).body, /feed-url/);
  const anon = new Client(t.app);
  const feed = await anon.get(path);
  assert.equal(feed.status, 200);
  assert.equal(feed.headers['cache-control'], 'private, no-store');
  const comp = new ICAL.Component(ICAL.parse(feed.body) as unknown[]);
  assert.equal(comp.getFirstPropertyValue('x-wr-calname'), 'My H22 programme');
  assert.deepEqual(comp.getAllSubcomponents('vevent').map((e) => e.getFirstPropertyValue('summary')), ['Democracy Festival', 'Democracy Festival', 'Democracy Festival', 'Democracy Festival']);
  assert.equal((await anon.get(`${path.slice(0, -3)}xyz`)).status, 404);
  const renewed = await c.submit('/en/program/mine', '/en/program/mine/calendar', {});
  const url2 = /<code class="feed-url">([^<]+)<\/code>/.exec(renewed.body)![1]!;
  assert.notEqual(url2, url);
  assert.equal((await anon.get(path)).status, 404);
  assert.equal((await anon.get(url2.replace('http://h22.test', ''))).status, 200);
});
