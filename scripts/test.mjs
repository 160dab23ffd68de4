#!/usr/bin/env node
// The test command: starts PostgreSQL (embedded unless DATABASE_URL is set), migrates a template
// database, runs the type check, the import-boundary lint and every test file with node:test
// (each file clones the template into its own database), then stops PostgreSQL.
// Usage: npm test [-- FILE_OR_DIR ...]
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (m) => process.stderr.write(`[test] ${m}\n`);
const args = process.argv.slice(2);
const skipStatic = args.includes('--no-static');
const targets = args.filter((a) => !a.startsWith('--'));

function findTests(dir) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== 'node_modules') out.push(...findTests(p)); }
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

if (!skipStatic) {
  log('type check (tsc --noEmit)');
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', root], { stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  log('import boundaries (dependency-cruiser)');
  const dc = spawnSync(process.execPath, [path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'src', '--config', path.join(root, '.dependency-cruiser.cjs'), '--output-type', 'err'], { stdio: 'inherit', cwd: root });
  if (dc.status !== 0) process.exit(dc.status ?? 1);
}

const files = (targets.length ? targets.flatMap((t) => (fs.statSync(t).isDirectory() ? findTests(path.resolve(t)) : [path.resolve(t)])) : [
  ...findTests(path.join(root, 'src')),
  ...findTests(path.join(root, 'test')),
  ...findTests(path.join(root, 'e2e')),
]).sort();
if (files.length === 0) {
  log('no test files found');
  process.exit(1);
}

const { startTestCluster, prepareTemplate, TEMPLATE_DB } = await import('./test-db.ts');
const cluster = await startTestCluster(root, log);
let code = 1;
try {
  await prepareTemplate(cluster.adminUrl, log);
  const concurrency = Number(process.env.TEST_CONCURRENCY ?? 2);
  log(`running ${files.length} test files (concurrency ${concurrency})`);
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, `--test-timeout=${Number(process.env.TEST_TIMEOUT_MS ?? 600_000)}`, '--test-reporter=spec', ...files], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, H22_TEST_ADMIN_URL: cluster.adminUrl, H22_TEST_TEMPLATE: TEMPLATE_DB, NODE_ENV: 'test' },
  });
  code = await new Promise((resolve) => child.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0))));
} finally {
  await cluster.server?.stop();
}
process.exit(code);
