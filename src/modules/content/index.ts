// Public surface of the content module.
import type { ModuleDef } from '../../platform/module.ts';
import { contentRoutes } from './content.routes.ts';
import { seedContent } from './content.seed.ts';
import { searchContent } from './content.queries.ts';

export const contentModule: ModuleDef = {
  name: 'content',
  routes: contentRoutes,
  seed: seedContent,
  search: (ctx) => (q, locale, limit) => searchContent(ctx.db, q, locale, limit),
};
