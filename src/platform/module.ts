// The shape every feature module exports from its index.ts.
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from './context.ts';
import type { CliHandler } from './cli.ts';
import type { SearchProvider } from './search.ts';
import type { AdminNavItem } from './admin.ts';

export interface ModuleDef {
  name: string;
  /** A Fastify plugin with the module's public pages, /api/v1 routes and /admin pages. */
  routes: FastifyPluginAsync<{ ctx: AppContext }>;
  /** Loads demo content; must be idempotent (a second run adds nothing). */
  seed?: (ctx: AppContext) => Promise<void>;
  /** Registers background job handlers and schedules. */
  jobs?: (ctx: AppContext) => Promise<void>;
  /** Contributes hits to the site search. */
  search?: (ctx: AppContext) => SearchProvider;
  /** Sections of the staff area (/admin) this module provides. */
  adminNav?: AdminNavItem[];
  /** Sub-commands of the `h22` CLI, e.g. `user`, `import`. */
  commands?: Record<string, CliHandler>;
}
