// The cache bus: invalidations reach other app processes through LISTEN/NOTIFY, also when a release
// changes thousands of tags (a notification carries at most 8000 bytes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from './helpers.ts';
import { connectCacheBus, createRenderCache, notifyPayloads, type RenderCache } from '../src/platform/cache.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

const manyTags = (n: number) => Array.from({ length: n }, (_, i) => `expo:event:programpunkt-med-ett-ganska-langt-namn-${i}`);

test('a long list of tags is split into payloads under the limit, in order, nothing lost', () => {
  const tags = [...manyTags(1000), 'expo:day:2022-06-01', 'x'.repeat(8000), 'åäö:flerbyte'];
  const payloads = notifyPayloads(tags);
  assert.ok(payloads.length >= 6, `${payloads.length} payloads`);
  for (const p of payloads) assert.ok(Buffer.byteLength(p) <= 7900, `${Buffer.byteLength(p)} bytes`);
  // A tag too long for any notification is left out (no page carries one); every other tag is sent once, in order.
  assert.deepEqual(payloads.flatMap((p) => JSON.parse(p) as string[]), tags.filter((x) => x.length < 7000));
  assert.deepEqual(notifyPayloads([]), []);
  assert.deepEqual(notifyPayloads(['expo']), ['["expo"]']);
});

test('another process drops every one of 2,000 invalidated tags', async () => {
  // "Another process": a second render cache with its own LISTEN connection to the same database.
  let other: RenderCache | undefined;
  const bus = await connectCacheBus(t.db.url, () => other, () => {});
  try {
    other = createRenderCache(10_000);
    const tags = manyTags(2000);
    for (const tag of tags) other.set(`page:${tag}`, ['expo', tag], tag, 'text/plain');
    other.set('page:untouched', ['expo', 'expo:day:2022-07-01'], 'x', 'text/plain');
    assert.equal(other.size(), 2001);
    t.ctx.cache.invalidate(...tags);
    const deadline = Date.now() + 10_000;
    while (other.size() > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(other.size(), 1, 'every tagged entry was dropped');
    assert.ok(other.get('page:untouched'), 'an entry without those tags stays');
    assert.equal(other.get(`page:${tags[1999]}`), undefined);
  } finally {
    await bus.close();
  }
});
