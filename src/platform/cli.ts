// What a module's CLI command receives, and option parsing with clear messages.
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import type { AppContext } from './context.ts';

export interface CliRuntime {
  ctx: AppContext;
  databaseUrl: string;
  close(): Promise<void>;
}

export interface Cli {
  config: Config;
  /** Progress and diagnostics (stderr). */
  log: (m: string) => void;
  /** Results (stdout). */
  out: (m: string) => void;
  /** Opens the database (running migrations); the caller closes it. */
  runtime(opts?: { jobs?: boolean }): Promise<CliRuntime>;
}

/** Returns an exit code (0 = success). */
export type CliHandler = (cli: Cli, args: string[]) => Promise<number>;

type OptSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;
type OptValues<T extends OptSpec> = { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : T[K]['multiple'] extends true ? string[] : string } & { help?: boolean };

export function cliOptions<T extends OptSpec>(args: string[], options: T): { values: OptValues<T>; positionals: string[] } | { error: string } {
  try {
    const r = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: r.values as OptValues<T>, positionals: r.positionals };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

// ---------- `h22 import <kind> FILE`: modules register the kinds they can import ----------

export interface Importer {
  /** One line for `h22 import --help`. */
  summary: string;
  /** Runs the import of one file; `--dry-run` and other options are in args. Returns an exit code. */
  run: (cli: Cli, file: string, args: string[]) => Promise<number>;
}

const importers = new Map<string, Importer>();

/** Called by a module (from its index.ts) to provide `h22 import <kind> FILE`. */
export function registerImporter(kind: string, importer: Importer): void {
  if (importers.has(kind)) throw new Error(`Two importers for "${kind}"`);
  importers.set(kind, importer);
}

export const importCommand: CliHandler = async (cli, args) => {
  const [kind, file, ...rest] = args;
  const list = [...importers.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, i]) => `  ${k.padEnd(14)}${i.summary}`).join('\n');
  const help = `Usage: h22 import <kind> FILE [--dry-run]\n\nKinds:\n${list || '  (none)'}\n\n--dry-run checks the file and prints what would change, without changing anything.\nA file with any problem imports nothing; every problem is reported with its position.`;
  if (!kind || kind === '--help' || kind === '-h') {
    cli.out(help);
    return kind ? 0 : 2;
  }
  const importer = importers.get(kind);
  if (!importer) {
    cli.log(`Unknown kind "${kind}".`);
    cli.out(help);
    return 2;
  }
  if (!file || file.startsWith('-')) {
    if (file === '--help' || file === '-h') {
      cli.out(help);
      return 0;
    }
    cli.log('Give the file to import.');
    cli.out(help);
    return 2;
  }
  return importer.run(cli, file, rest);
};
