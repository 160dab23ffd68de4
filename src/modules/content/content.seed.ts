// Demo content: the complete FAQ from the seed document and the start/about/accessibility pages.
// Idempotent: entries are keyed by slug and never inserted twice.
import type { AppContext } from '../../platform/context.ts';
import { SEED_FAQ } from './content.seed-data.ts';
import { SEED_PAGES } from './content.seed-pages.ts';

export async function seedContent(ctx: AppContext): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    let position = 0;
    for (const f of SEED_FAQ) {
      position += 10;
      await trx
        .insertInto('faq_entries')
        .values({ ...f, position, published: true })
        .onConflict((oc) => oc.column('slug').doNothing())
        .execute();
    }
    for (const p of SEED_PAGES) {
      await trx
        .insertInto('pages')
        .values({ ...p, published: true })
        .onConflict((oc) => oc.column('slug_sv').doNothing())
        .execute();
    }
  });
  ctx.cache.invalidate('content');
}
