// What every module receives: the database, configuration, mail, cache and secrets.
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import type { Mailer } from './mail.ts';
import type { RenderCache } from './cache.ts';
import type { Jobs } from './jobs.ts';
import type { SearchRegistry } from './search.ts';

export interface AppContext {
  config: Config;
  db: Db;
  mail: Mailer;
  cache: RenderCache;
  jobs: Jobs;
  search: SearchRegistry;
  /** HMAC key for CSRF tokens and signed links; generated once and kept in the database. */
  secret: string;
  log: (msg: string) => void;
}
