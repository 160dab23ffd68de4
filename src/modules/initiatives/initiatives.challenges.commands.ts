// Writes of the city challenges: one transaction each, the programme team only (staffPolicy),
// an audit entry per change. A challenge in use is retired, never deleted.
import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/actor.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import type { FieldErrors } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { Tx } from '../../db/db.ts';
import { staffPolicy } from './initiatives.policy.ts';
import { challengeMessages } from './initiatives.challenges.messages.ts';
import type { ChallengeFormValue } from './initiatives.schema.ts';
import { slugify } from './initiatives.values.ts';
import type { CommandContext, Forbidden, Invalid, NotFound } from './initiatives.commands.ts';

const SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const PUBLIC_TAG = 'initiatives';

async function checkedValues(trx: Tx, locale: Locale, f: ChallengeFormValue, exceptId?: number) {
  const t = challengeMessages(locale);
  const slug = f.slug?.trim() ? f.slug.trim() : slugify(f.title_sv);
  const errors: FieldErrors = {};
  if (!SLUG_RE.test(slug)) errors.slug = t.invalidSlug;
  else {
    let q = trx.selectFrom('challenges').select('id').where('slug', '=', slug);
    if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
    if (await q.executeTakeFirst()) errors.slug = t.slugTaken(slug);
  }
  const values = { slug, title_sv: f.title_sv, title_en: f.title_en ?? '', description_sv: f.description_sv ?? '', description_en: f.description_en ?? '' };
  return Object.keys(errors).length ? ({ ok: false, errors } as const) : ({ ok: true, values } as const);
}

function forbidden(actor: Actor, locale: Locale): Forbidden | undefined {
  return staffPolicy.can(actor, 'manageChallenges', undefined) ? undefined : { outcome: 'forbidden', reason: challengeMessages(locale).forbidden };
}

export async function createChallenge(ctx: CommandContext, actor: Actor, locale: Locale, form: ChallengeFormValue): Promise<{ outcome: 'ok'; id: number } | Invalid | Forbidden> {
  const refused = forbidden(actor, locale);
  if (refused) return refused;
  return ctx.db.transaction().execute(async (trx) => {
    // One writer at a time, so two people cannot take the same slug between the check and the insert.
    await sql`LOCK TABLE challenges IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    const v = await checkedValues(trx, locale, form);
    if (!v.ok) return { outcome: 'invalid' as const, errors: v.errors };
    const last = await trx.selectFrom('challenges').select((eb) => eb.fn.max('position').as('p')).executeTakeFirst();
    const row = await trx
      .insertInto('challenges')
      .values({ ...v.values, position: Number(last?.p ?? 0) + 10 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'challenge.create', entityType: 'challenge', entityId: row.id, after: v.values });
    return { outcome: 'ok' as const, id: row.id };
  });
}

export async function updateChallenge(ctx: CommandContext, actor: Actor, locale: Locale, id: number, form: ChallengeFormValue): Promise<{ outcome: 'ok' } | Invalid | Forbidden | NotFound> {
  const refused = forbidden(actor, locale);
  if (refused) return refused;
  const result = await ctx.db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE challenges IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    const before = await trx.selectFrom('challenges').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) return { outcome: 'not_found' as const };
    const v = await checkedValues(trx, locale, form, id);
    if (!v.ok) return { outcome: 'invalid' as const, errors: v.errors };
    await trx.updateTable('challenges').set({ ...v.values, updated_at: sql`now()` }).where('id', '=', id).execute();
    const d = diff(before as unknown as Record<string, unknown>, v.values);
    if (Object.keys(d.after).length) await recordAudit(trx, actor, { action: 'challenge.update', entityType: 'challenge', entityId: id, before: d.before, after: d.after });
    return { outcome: 'ok' as const };
  });
  // Initiative pages show the challenge's title.
  if (result.outcome === 'ok') ctx.cache.invalidate(PUBLIC_TAG);
  return result;
}

export async function setChallengeRetired(ctx: CommandContext, actor: Actor, locale: Locale, id: number, retired: boolean): Promise<{ outcome: 'ok' } | Forbidden | NotFound> {
  const refused = forbidden(actor, locale);
  if (refused) return refused;
  return ctx.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('challenges').select(['id', 'retired_at']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) return { outcome: 'not_found' as const };
    if ((before.retired_at !== null) === retired) return { outcome: 'ok' as const };
    const retiredAt = retired ? new Date() : null;
    await trx.updateTable('challenges').set({ retired_at: retiredAt, updated_at: sql`now()` }).where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: retired ? 'challenge.retire' : 'challenge.reinstate', entityType: 'challenge', entityId: id, before: { retired_at: before.retired_at }, after: { retired_at: retiredAt } });
    return { outcome: 'ok' as const };
  });
}

export type DeleteChallengeOutcome = { outcome: 'ok'; title: string } | { outcome: 'in_use'; count: number; reason: string } | Forbidden | NotFound;

export async function deleteChallenge(ctx: CommandContext, actor: Actor, locale: Locale, id: number): Promise<DeleteChallengeOutcome> {
  const refused = forbidden(actor, locale);
  if (refused) return refused;
  return ctx.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('challenges').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) return { outcome: 'not_found' as const };
    // FOR SHARE on the users of the challenge is implied by the RESTRICT foreign key; counting here gives the reason.
    const used = await trx.selectFrom('initiatives').select((eb) => eb.fn.countAll<string>().as('n')).where('challenge_id', '=', id).executeTakeFirstOrThrow();
    const count = Number(used.n);
    if (count > 0) return { outcome: 'in_use' as const, count, reason: challengeMessages(locale).inUse(count) };
    await trx.deleteFrom('challenges').where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'challenge.delete', entityType: 'challenge', entityId: id, before });
    return { outcome: 'ok' as const, title: before.title_sv };
  });
}
