// Loads the real organisations of the H22 programme. Idempotent: keyed by slug, never inserted twice,
// and never overwritten (staff may have edited them since). No demo people are created: the first
// admin is made at first start, and everyone else is added by staff or signs up.
import type { AppContext } from '../../platform/context.ts';
import { SEED_ORGANISATIONS } from './accounts.seed-data.ts';

export async function seedAccounts(ctx: AppContext): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    for (const o of SEED_ORGANISATIONS) {
      await trx
        .insertInto('organisations')
        .values({ ...o, is_demo: false })
        .onConflict((oc) => oc.column('slug').doNothing())
        .execute();
    }
  });
  ctx.cache.invalidate('organisations');
}
