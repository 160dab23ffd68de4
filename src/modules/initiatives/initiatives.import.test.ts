// `h22 import initiatives FILE`: a CSV export of the previous portfolio — dry run, all-or-nothing,
// every problem with its line number, and a second run that updates instead of copying.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { makeOrganisation } from '../../../test/factories.ts';
import type { Cli } from '../../platform/cli.ts';
import { applyImport, parseCsv, planImport } from './initiatives.import.ts';
import { importInitiativesCli } from './initiatives.cli.ts';

let t: TestApp;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h22-import-'));

before(async () => {
  t = await createTestApp();
  await makeOrganisation(t.ctx, { name: 'Vård- och omsorgsförvaltningen', slug: 'vard-och-omsorgsforvaltningen' });
  await makeOrganisation(t.ctx, { name: 'Helsingborgshem', kind: 'company', slug: 'helsingborgshem' });
  await makeOrganisation(t.ctx, { name: 'NSR', kind: 'company', slug: 'nsr' });
  await t.ctx.db.insertInto('challenges').values({ slug: 'trygg-aldre', title_sv: 'Ett tryggt och självständigt liv som äldre', title_en: 'A safe and independent life in old age' }).execute();
});
after(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const HEADER = 'ID;Namn;Ägare;Status;Vad;Deltagare;Globala mål;Teknik;Lärdomar;Latitud;Longitud;Budget (kr);Publicerad;Utmaning';
const GOOD = [
  HEADER,
  'P-101;Digital tillsyn i hemtjänsten;Vård- och omsorgsförvaltningen;Pilot;"Kameror ersätter nattliga besök.',
  '',
  'Bara för dem som vill.";Helsingborgshem;"3; 10";"Välfärdsteknik; e_service";;56,05;12,70;450 000;ja;trygg-aldre',
  'P-102;Smarta sopkärl;nsr;Avbruten;Sensorer i kärlen;;11;Sensorer;Tekniken var inte mogen.;;;;ja;',
  'P-103;Delningstjänst för grannar;helsingborgshem;Idé;;NSR;Mål 11, Mål 12;;;;;;nej;',
].join('\r\n');

const count = async () => Number((await t.ctx.db.selectFrom('initiatives').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

function fakeCli(): { cli: Cli; out: string[]; log: string[] } {
  const out: string[] = [];
  const log: string[] = [];
  const cli = {
    config: t.config,
    out: (m: string) => void out.push(m),
    log: (m: string) => void log.push(m),
    runtime: async () => ({ ctx: t.ctx, databaseUrl: t.db.url, close: async () => {} }),
  } as Cli;
  return { cli, out, log };
}

test('CSV: semicolons or commas, quoted values over several lines, each record with the line it starts on', () => {
  const r = parseCsv('\ufeffa;b\r\n1;"x\n\ny"\r\n2;"say ""hi"""\n');
  assert.deepEqual(r.records, [
    { line: 1, cells: ['a', 'b'] },
    { line: 2, cells: ['1', 'x\n\ny'] },
    { line: 5, cells: ['2', 'say "hi"'] },
  ]);
  assert.deepEqual(parseCsv('a,b\n1,"open').error, { line: 2, message: 'a quoted value is never closed' });
});

test('a dry run reports what would happen and changes nothing; the import then creates every row', async () => {
  const file = path.join(dir, 'good.csv');
  fs.writeFileSync(file, GOOD);
  const dry = fakeCli();
  assert.equal(await importInitiativesCli.run(dry.cli, file, ['--dry-run']), 0);
  assert.deepEqual(dry.out, [
    '  create    line 2: Digital tillsyn i hemtjänsten',
    '  create    line 5: Smarta sopkärl',
    '  create    line 6: Delningstjänst för grannar',
    'Dry run: would create 3, update 0, leave 0 unchanged. Nothing was changed.',
  ]);
  assert.equal(await count(), 0);

  const real = fakeCli();
  assert.equal(await importInitiativesCli.run(real.cli, file, []), 0);
  assert.deepEqual(real.out, ['Imported: created 3, updated 0, unchanged 0.']);
  const rows = await t.ctx.db.selectFrom('initiatives').selectAll().orderBy('external_id').execute();
  assert.deepEqual(
    rows.map((r) => [r.external_id, r.title_sv, r.stage, r.published, r.sdgs, r.technologies, r.estimated_budget_ore, r.lessons_learned_sv]),
    [
      ['P-101', 'Digital tillsyn i hemtjänsten', 'pilot', true, [3, 10], ['welfare_tech', 'e_service'], 45_000_000, ''],
      ['P-102', 'Smarta sopkärl', 'stopped', true, [11], ['sensors'], null, 'Tekniken var inte mogen.'],
      ['P-103', 'Delningstjänst för grannar', 'idea', false, [11, 12], [], null, ''],
    ],
  );
  assert.equal(rows[0]!.what_sv, 'Kameror ersätter nattliga besök.\n\nBara för dem som vill.');
  assert.ok(rows[0]!.challenge_id);
  const history = await t.ctx.db.selectFrom('initiative_stage_moves').select(['from_stage', 'to_stage', 'reason']).where('initiative_id', '=', rows[1]!.id).orderBy('id').execute();
  assert.deepEqual(history, [
    { from_stage: null, to_stage: 'idea', reason: 'Importerad från stadens tidigare projektportfölj' },
    { from_stage: 'idea', to_stage: 'stopped', reason: 'Importerad från stadens tidigare projektportfölj' },
  ]);
  const audit = await t.ctx.db.selectFrom('audit_log').select(['actor_label']).where('action', '=', 'initiative.import').execute();
  assert.equal(audit.length, 3);
});

test('running the same file again changes nothing; a changed row updates its initiative and records the stage move', async () => {
  const again = await planImport(t.ctx.db, GOOD);
  assert.deepEqual(again.items.map((i) => i.action), ['unchanged', 'unchanged', 'unchanged']);
  const changed = GOOD.replace('P-103;Delningstjänst för grannar;helsingborgshem;Idé;', 'P-103;Delningstjänst för grannar;helsingborgshem;Pilot;');
  const plan = await planImport(t.ctx.db, changed);
  assert.deepEqual(plan.items.map((i) => i.action), ['unchanged', 'unchanged', 'update']);
  assert.deepEqual(await applyImport(t.ctx, plan), { created: 0, updated: 1, unchanged: 2 });
  assert.equal(await count(), 3);
  const row = await t.ctx.db.selectFrom('initiatives').select(['id', 'stage']).where('external_id', '=', 'P-103').executeTakeFirstOrThrow();
  assert.equal(row.stage, 'pilot');
  const moves = await t.ctx.db.selectFrom('initiative_stage_moves').select(['from_stage', 'to_stage']).where('initiative_id', '=', row.id).orderBy('id').execute();
  assert.deepEqual(moves.at(-1), { from_stage: 'idea', to_stage: 'pilot' });
});

test('a file with problems imports nothing and names every problem with its line', async () => {
  const bad = [
    HEADER + ';Färg',
    'N-1;Bra rad;nsr;Idé;;;;;;;;;ja;;',
    'N-2;Okänd ägare;Kommunen AB;Pilot;;;;;;;;;ja;;',
    'N-3;Realiserad utan lärdomar;nsr;Realiserad;;;;;;;;;ja;;',
    'N-4;Fel mål;nsr;Idé;;;18;Teleportering;;95;12;mycket;kanske;;',
    `N-1;${'x'.repeat(201)};nsr;Idé;;;;;;;;;ja;;`,
  ].join('\n');
  const first = await planImport(t.ctx.db, bad);
  assert.deepEqual(first.problems, ['line 1: unknown column "Färg"']);

  const file = path.join(dir, 'bad.csv');
  fs.writeFileSync(file, bad.replace(';Färg', '').replace(/;;$/gm, ';'));
  const before = await count();
  const run = fakeCli();
  assert.equal(await importInitiativesCli.run(run.cli, file, []), 1);
  assert.deepEqual(run.out, [
    '  bad.csv: line 3: Ägare: no organisation "Kommunen AB" (use its name or slug)',
    '  bad.csv: line 4: Lärdomar: lessons learned are required for an initiative that is realised',
    '  bad.csv: line 5: Publicerad: "kanske" should be ja or nej',
    '  bad.csv: line 5: Teknik: "Teleportering" is not known',
    '  bad.csv: line 5: Globala mål: Choose goals from 1 to 17.',
    '  bad.csv: line 5: Latitud: Latitude is a number between -90 and 90, for example 56.0465.',
    '  bad.csv: line 5: Budget (kr): Enter the amount in kronor, for example 250000.',
    '  bad.csv: line 6: ID: "N-1" is also on line 2',
    '  bad.csv: line 6: Namn: The text may be at most 200 characters.',
    'Nothing was imported: 9 problem(s).',
  ]);
  assert.equal(await count(), before);
  const missing = fakeCli();
  assert.equal(await importInitiativesCli.run(missing.cli, path.join(dir, 'finns-inte.csv'), []), 1);
  assert.match(missing.log[0]!, /finns-inte\.csv: cannot read the file \(ENOENT\)/);
});

test('if writing fails half-way, nothing of the file stays', async () => {
  const csv = [HEADER, 'R-1;Första;nsr;Idé;;;;;;;;;ja;', 'R-2;Andra;nsr;Idé;;;;;;;;;ja;'].join('\n');
  const plan = await planImport(t.ctx.db, csv);
  assert.deepEqual(plan.problems, []);
  // Someone else takes R-2's id between the check and the write.
  await t.ctx.db.insertInto('initiatives').values({ slug: 'krock', title_sv: 'Krock', owner_organisation_id: plan.items[0]!.values.owner_organisation_id, external_id: 'R-2' }).execute();
  const before = await count();
  await assert.rejects(applyImport(t.ctx, plan), /duplicate key/);
  assert.equal(await count(), before);
  assert.equal((await t.ctx.db.selectFrom('initiatives').select('id').where('external_id', '=', 'R-1').execute()).length, 0);
});

test('the h22 command itself: the kind is listed, and a dry run works from the shell', () => {
  const file = path.join(dir, 'shell.csv');
  fs.writeFileSync(file, [HEADER, 'S-1;Från skalet;nsr;Idé;;;;;;;;;ja;'].join('\n'));
  const env = { ...process.env, DATABASE_URL: t.db.url, JOBS: 'false', LOG_LEVEL: 'silent', SEED_DEMO: 'false' };
  const bin = path.resolve(import.meta.dirname ?? '.', '../../../bin/h22.mjs');
  const help = spawnSync(process.execPath, [bin, 'import', '--help'], { env, encoding: 'utf8' });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /initiatives +initiatives from a CSV export of the previous portfolio/);
  const dry = spawnSync(process.execPath, [bin, 'import', 'initiatives', file, '--dry-run'], { env, encoding: 'utf8' });
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /create {4}line 2: Från skalet/);
  assert.match(dry.stdout, /Dry run: would create 1, update 0, leave 0 unchanged\. Nothing was changed\./);
});
