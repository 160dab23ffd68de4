// The demo portfolio: deterministic, idempotent, every stage present, ended ones with lessons learned.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { generateDemoPortfolio } from './initiatives.demo.ts';
import { seedInitiatives, DEMO_COUNT } from './initiatives.seed.ts';
import { DEMO_ORGANISATIONS } from './initiatives.seed-data.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

test('the generator is deterministic for a seed and gives unique addresses', () => {
  const now = new Date('2026-01-15T12:00:00Z');
  const a = generateDemoPortfolio(300, { seed: 7, now });
  const b = generateDemoPortfolio(300, { seed: 7, now });
  assert.deepEqual(a, b);
  assert.equal(new Set(a.map((d) => d.slug)).size, 300);
  assert.notDeepEqual(generateDemoPortfolio(20, { seed: 8, now }).map((d) => d.title_sv), a.slice(0, 20).map((d) => d.title_sv));
  for (const d of a) {
    for (const g of d.goals) {
      assert.ok(g.target_date >= g.baseline_date, `${d.slug}: target before baseline`);
      for (const f of g.followUps) assert.ok(f.measured_on >= g.baseline_date && f.measured_on <= '2026-01-15', `${d.slug}: follow-up ${f.measured_on}`);
    }
  }
});

test('seeding twice loads ~200 demo initiatives once, over the real organisations, with every stage', async () => {
  // An organisation that already exists (e.g. seeded by the accounts module) is reused, not duplicated.
  await t.ctx.db.insertInto('organisations').values({ slug: 'nsva', name: 'NSVA', kind: 'company' }).execute();
  const first = await seedInitiatives(t.ctx);
  assert.equal(first.inserted, DEMO_COUNT);
  const second = await seedInitiatives(t.ctx);
  assert.equal(second.inserted, 0);

  const count = (q: string) => sql<{ n: number }>`${sql.raw(q)}`.execute(t.ctx.db).then((r) => Number(r.rows[0]!.n));
  assert.equal(await count('SELECT count(*) AS n FROM initiatives'), DEMO_COUNT);
  assert.equal(await count('SELECT count(*) AS n FROM initiatives WHERE NOT is_demo'), 0);
  assert.equal(await count("SELECT count(*) AS n FROM organisations WHERE slug = 'nsva'"), 1);
  assert.equal(await count('SELECT count(*) AS n FROM organisations'), DEMO_ORGANISATIONS.length);

  const stages = await sql<{ stage: string; n: number }>`SELECT stage, count(*)::int AS n FROM initiatives GROUP BY stage ORDER BY stage`.execute(t.ctx.db);
  assert.deepEqual(stages.rows.map((r) => r.stage), ['idea', 'pilot', 'realised', 'scale_up', 'stopped']);
  for (const r of stages.rows) assert.ok(r.n >= 5, `${r.stage}: ${r.n}`);
  assert.equal(await count("SELECT count(*) AS n FROM initiatives WHERE stage IN ('realised', 'stopped') AND btrim(lessons_learned_sv) = ''"), 0);
  // The named initiatives about a district carry an area (a closed ring of 5 positions) besides their point.
  assert.ok((await count("SELECT count(*) AS n FROM initiatives WHERE jsonb_array_length(location_area) = 5 AND location_area->0 = location_area->4 AND location_lat IS NOT NULL")) >= 3);

  // Owners spread over administrations and companies named in the facts file.
  const owners = await sql<{ slug: string }>`SELECT DISTINCT o.slug FROM initiatives i JOIN organisations o ON o.id = i.owner_organisation_id`.execute(t.ctx.db);
  const ownerSlugs = owners.rows.map((r) => r.slug);
  for (const s of ['stadsbyggnadsforvaltningen', 'skol-och-fritidsforvaltningen', 'vard-och-omsorgsforvaltningen', 'helsingborgshem', 'oresundskraft', 'nsr', 'nsva']) {
    assert.ok(ownerSlugs.includes(s), `owner ${s}`);
  }
  // Each initiative's approved history ends at its current stage and starts at Idé.
  const broken = await sql<{ id: number }>`
    SELECT i.id FROM initiatives i
    WHERE (SELECT to_stage FROM initiative_stage_moves m WHERE m.initiative_id = i.id AND status = 'approved' ORDER BY requested_at DESC, id DESC LIMIT 1) <> i.stage
       OR (SELECT to_stage FROM initiative_stage_moves m WHERE m.initiative_id = i.id ORDER BY requested_at, id LIMIT 1) <> 'idea'`.execute(t.ctx.db);
  assert.deepEqual(broken.rows, []);
  assert.ok((await count('SELECT count(*) AS n FROM impact_follow_ups')) > 100);
  assert.ok((await count("SELECT count(*) AS n FROM initiatives WHERE published")) > 150);
});
