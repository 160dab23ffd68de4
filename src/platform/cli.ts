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
