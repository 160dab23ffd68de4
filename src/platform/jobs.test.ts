// Jobs without the queue (JOBS=false: tests, the CLI, a web-only process) run inline in the request that
// queued them; a failure is logged, never turned into an error for a request whose change is committed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eachOrThrow, startJobs, tryEach } from './jobs.ts';

test('an inline job runs at once; its failure is logged, not thrown', async () => {
  const logged: string[] = [];
  const jobs = await startJobs('postgres://unused', false, (m) => logged.push(m));
  assert.equal(jobs.enabled, false);
  const ran: unknown[] = [];
  await jobs.work('test.ok', async (d) => void ran.push(d));
  await jobs.work('test.fails', async () => {
    throw new Error('451 4.3.0 Mailbox temporarily unavailable');
  });
  await jobs.send('test.ok', { n: 1 });
  assert.deepEqual(ran, [{ n: 1 }]);
  await jobs.send('test.fails', { n: 2 });
  assert.deepEqual(logged, ['jobs: test.fails failed: 451 4.3.0 Mailbox temporarily unavailable']);
  await jobs.send('test.unknown', {});
  assert.equal(logged.length, 1, 'a queue without a handler is nothing to run');
});

test('tryEach works through every item, one failing; the first failure is given back; eachOrThrow throws it', async () => {
  const done: number[] = [];
  const work = async (n: number) => {
    if (n === 2 || n === 4) throw new Error(`item ${n} refused`);
    done.push(n);
  };
  const failed = await tryEach([1, 2, 3, 4, 5], work);
  assert.deepEqual(done, [1, 3, 5]);
  assert.equal((failed?.error as Error).message, 'item 2 refused');
  assert.equal(await tryEach([1, 3], work), undefined);
  await assert.rejects(eachOrThrow([4, 6, 2], work), /^Error: item 4 refused$/);
  assert.deepEqual(done, [1, 3, 5, 1, 3, 6]);
});
