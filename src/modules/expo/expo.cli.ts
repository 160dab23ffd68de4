// `h22 import events FILE`: programme items from Helsingborg's event API (JSON) or an iCalendar file.
import fs from 'node:fs/promises';
import path from 'node:path';
import { cliOptions, type Importer } from '../../platform/cli.ts';
import { applyImport, planImport, type ImportOptions } from './expo.import.ts';

const MAX_BYTES = 50 * 1024 * 1024;

export const importEventsCli: Importer = {
  summary: "programme items from Helsingborg's event API (JSON) or an iCalendar file (.ics); options --org SLUG, --state accepted|submitted, --source NAME",
  async run(cli, file, args) {
    const o = cliOptions(args, { 'dry-run': { type: 'boolean' }, org: { type: 'string' }, state: { type: 'string' }, source: { type: 'string' } });
    if ('error' in o) {
      cli.log(o.error);
      return 2;
    }
    const state = o.values.state ?? 'accepted';
    if (state !== 'accepted' && state !== 'submitted') {
      cli.log('--state must be accepted or submitted');
      return 2;
    }
    if (o.values.source !== undefined && !/^[a-z0-9][a-z0-9-]{0,49}$/.test(o.values.source)) {
      cli.log('--source must be lowercase letters, digits and hyphens (at most 50)');
      return 2;
    }
    let text: string;
    try {
      const stat = await fs.stat(file);
      if (stat.size > MAX_BYTES) {
        cli.log(`${file}: the file is larger than ${MAX_BYTES / 1024 / 1024} MB`);
        return 1;
      }
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      cli.log(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      return 1;
    }
    const opts: ImportOptions = { state, fallbackOrg: o.values.org, source: o.values.source };
    const name = path.basename(file);
    const rt = await cli.runtime();
    try {
      const plan = await planImport(rt.ctx, name, text, opts);
      const total = plan.create.length + plan.update.length + plan.unchanged.length;
      cli.out(`${name}: ${plan.format === 'ics' ? 'iCalendar' : "Helsingborg's event API (JSON)"}, ${total} item(s)`);
      if (plan.problems.length) {
        for (const p of plan.problems) cli.out(`  ${name}: ${p}`);
        cli.out(`Nothing was imported: ${plan.problems.length} problem(s).`);
        return 1;
      }
      if (o.values['dry-run']) {
        for (const [label, list] of [['create', plan.create], ['update', plan.update], ['unchanged', plan.unchanged]] as const) {
          for (const i of list) cli.out(`  ${label.padEnd(9)} ${i.position} ${i.title}`);
        }
        cli.out(`Dry run: would create ${plan.create.length}, update ${plan.update.length}, leave ${plan.unchanged.length} unchanged. Nothing was changed.`);
        return 0;
      }
      const r = await applyImport(rt.ctx, plan, opts);
      if (r.outcome === 'invalid') {
        // The expo's dates or time zone changed between reading the file and writing it.
        for (const p of r.problems) cli.out(`  ${name}: ${p}`);
        cli.out(`Nothing was imported: ${r.problems.length} problem(s).`);
        return 1;
      }
      cli.out(`Imported: created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}.${r.created + r.updated ? ' The items are published with the next release.' : ''}`);
      return 0;
    } finally {
      await rt.close();
    }
  },
};
