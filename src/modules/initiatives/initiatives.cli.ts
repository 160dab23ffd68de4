// `h22 import initiatives FILE [--dry-run]`: the CSV export of the city's previous project portfolio.
import fs from 'node:fs/promises';
import path from 'node:path';
import { cliOptions, type Importer } from '../../platform/cli.ts';
import { applyImport, IMPORT_COLUMNS, MAX_IMPORT_BYTES, planImport } from './initiatives.import.ts';

export const importInitiativesCli: Importer = {
  summary: `initiatives from a CSV export of the previous portfolio (columns such as ${IMPORT_COLUMNS.title_sv[0]}, ${IMPORT_COLUMNS.owner[0]}, ${IMPORT_COLUMNS.stage[0]}; ; or , separated)`,
  async run(cli, file, args) {
    const o = cliOptions(args, { 'dry-run': { type: 'boolean' } });
    if ('error' in o) {
      cli.log(o.error);
      return 2;
    }
    let text: string;
    try {
      const stat = await fs.stat(file);
      if (stat.size > MAX_IMPORT_BYTES) {
        cli.log(`${file}: the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
        return 1;
      }
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      cli.log(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      return 1;
    }
    const name = path.basename(file);
    const rt = await cli.runtime();
    try {
      const plan = await planImport(rt.ctx.db, text);
      if (plan.problems.length) {
        for (const p of plan.problems) cli.out(`  ${name}: ${p}`);
        cli.out(`Nothing was imported: ${plan.problems.length} problem(s).`);
        return 1;
      }
      const count = (a: string) => plan.items.filter((i) => i.action === a).length;
      if (o.values['dry-run']) {
        for (const i of plan.items) cli.out(`  ${i.action.padEnd(9)} line ${i.line}: ${i.title}`);
        cli.out(`Dry run: would create ${count('create')}, update ${count('update')}, leave ${count('unchanged')} unchanged. Nothing was changed.`);
        return 0;
      }
      const r = await applyImport(rt.ctx, plan);
      cli.out(`Imported: created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}.`);
      return 0;
    } finally {
      await rt.close();
    }
  },
};
