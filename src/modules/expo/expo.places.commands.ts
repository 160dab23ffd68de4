// Writes of the expo's places: the edition, areas and venues. One transaction each, audited
// (before → after), then the render cache tags of the public pages that show them are dropped.
import type { Tx } from '../../db/db.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { FieldErrors } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { recordAudit, diff } from '../../platform/audit.ts';
import { placesMessages } from './expo.places.messages.ts';
import type { AreaInput, EditionInput, VenueInput } from './expo.places.rules.ts';
import { countVenuesInArea, getArea, getVenue, occurrencesOutside, slugOwner, venueUsage } from './expo.places.queries.ts';
import { currentEdition } from './expo.queries.ts';

export type SaveOutcome = { outcome: 'ok'; id: number; slug: string } | { outcome: 'invalid'; errors: FieldErrors } | { outcome: 'not_found' };
export type DeleteOutcome = { outcome: 'ok' } | { outcome: 'in_use'; count: number } | { outcome: 'not_found' };

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';

// Fields that programme pages, event pages, feeds and the events API show next to items (they read
// places live): changing one drops every expo page; other fields only the places pages.
const AREA_SHOWN_WITH_ITEMS = ['name_sv', 'name_en', 'slug', 'kind', 'position'] as const;
const VENUE_SHOWN_WITH_ITEMS = ['name_sv', 'name_en', 'slug', 'area_id', 'street', 'postal_code', 'city', 'lat', 'lon'] as const;

function placeTags(kind: 'area' | 'venue', slugs: string[], everything: boolean): string[] {
  if (everything) return ['expo'];
  return ['expo:places', ...new Set(slugs.map((s) => `expo:${kind}:${s}`))];
}

/** Runs the write; a slug taken by a concurrent write surfaces as the same field message. */
type SaveResult = SaveOutcome & { tags?: string[] };

async function withSlugCheck(ctx: AppContext, locale: Locale, slug: string, fn: (trx: Tx) => Promise<SaveResult>): Promise<SaveOutcome> {
  try {
    const r = await ctx.db.transaction().execute(fn);
    if (r.outcome === 'ok' && r.tags) ctx.cache.invalidate(...r.tags);
    if (r.outcome === 'ok') return { outcome: 'ok', id: r.id, slug: r.slug };
    return r;
  } catch (e) {
    if (isUniqueViolation(e)) return { outcome: 'invalid', errors: { slug: placesMessages(locale).errSlugTaken(slug) } };
    // The chosen area was deleted while the venue was being saved.
    if ((e as { code?: string }).code === '23503') return { outcome: 'invalid', errors: { area_id: placesMessages(locale).errArea } };
    throw e;
  }
}

// ---------- areas ----------

export async function saveArea(ctx: AppContext, actor: Actor, a: { id?: number; input: AreaInput; locale: Locale }): Promise<SaveOutcome> {
  const t = placesMessages(a.locale);
  const i = a.input;
  return withSlugCheck(ctx, a.locale, i.slug, async (trx): Promise<SaveResult> => {
    const edition = await currentEdition(trx);
    if (!edition) return { outcome: 'not_found' };
    const before = a.id === undefined ? undefined : await trx.selectFrom('expo_areas').selectAll().where('id', '=', a.id).forUpdate().executeTakeFirst();
    if (a.id !== undefined && !before) return { outcome: 'not_found' };
    const editionId = before?.edition_id ?? edition.id;
    const taken = await slugOwner(trx, 'expo_areas', editionId, i.slug, a.id);
    if (taken) return { outcome: 'invalid', errors: { slug: t.errSlugTaken(taken) } };
    const columns = { ...i, geometry: JSON.stringify(i.geometry) };
    // A live slug wins over a former one; the old address of a renamed area keeps redirecting.
    await trx.deleteFrom('expo_area_former_slugs').where('edition_id', '=', editionId).where('slug', '=', i.slug).execute();
    if (before && before.slug !== i.slug) {
      await trx.insertInto('expo_area_former_slugs').values({ edition_id: editionId, slug: before.slug, area_id: before.id }).execute();
    }
    if (!before) {
      const row = await trx.insertInto('expo_areas').values({ ...columns, edition_id: editionId }).returning('id').executeTakeFirstOrThrow();
      await recordAudit(trx, actor, { action: 'expo.area.create', entityType: 'expo_area', entityId: row.id, after: i });
      return { outcome: 'ok', id: row.id, slug: i.slug, tags: ['expo'] };
    }
    await trx.updateTable('expo_areas').set({ ...columns, updated_at: new Date() }).where('id', '=', before.id).execute();
    const d = diff(before as unknown as Record<string, unknown>, i as unknown as Record<string, unknown>);
    if (Object.keys(d.after).length) await recordAudit(trx, actor, { action: 'expo.area.update', entityType: 'expo_area', entityId: before.id, ...d });
    const everything = AREA_SHOWN_WITH_ITEMS.some((k) => k in d.after);
    return { outcome: 'ok', id: before.id, slug: i.slug, tags: placeTags('area', [before.slug, i.slug], everything) };
  });
}

export async function deleteArea(ctx: AppContext, actor: Actor, id: number): Promise<DeleteOutcome> {
  const r = await ctx.db.transaction().execute(async (trx): Promise<DeleteOutcome> => {
    const before = await trx.selectFrom('expo_areas').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) return { outcome: 'not_found' };
    const venues = await countVenuesInArea(trx, id);
    if (venues > 0) return { outcome: 'in_use', count: venues };
    await trx.deleteFrom('expo_areas').where('id', '=', id).execute();
    const { id: _id, created_at: _c, updated_at: _u, ...rest } = before;
    await recordAudit(trx, actor, { action: 'expo.area.delete', entityType: 'expo_area', entityId: id, before: rest });
    return { outcome: 'ok' };
  });
  if (r.outcome === 'ok') ctx.cache.invalidate('expo');
  return r;
}

// ---------- venues ----------

export async function saveVenue(ctx: AppContext, actor: Actor, a: { id?: number; input: VenueInput; locale: Locale }): Promise<SaveOutcome> {
  const t = placesMessages(a.locale);
  const i = a.input;
  return withSlugCheck(ctx, a.locale, i.slug, async (trx): Promise<SaveResult> => {
    const edition = await currentEdition(trx);
    if (!edition) return { outcome: 'not_found' };
    const before = a.id === undefined ? undefined : await getVenue(trx, a.id);
    if (a.id !== undefined && !before) return { outcome: 'not_found' };
    if (before) await trx.selectFrom('expo_venues').select('id').where('id', '=', before.id).forUpdate().execute();
    const editionId = before?.edition_id ?? edition.id;
    const area = await getArea(trx, i.area_id);
    if (!area || area.edition_id !== editionId) return { outcome: 'invalid', errors: { area_id: t.errArea } };
    const taken = await slugOwner(trx, 'expo_venues', editionId, i.slug, a.id);
    if (taken) return { outcome: 'invalid', errors: { slug: t.errSlugTaken(taken) } };
    const columns = { ...i, opening_hours: JSON.stringify(i.opening_hours) };
    await trx.deleteFrom('expo_venue_former_slugs').where('edition_id', '=', editionId).where('slug', '=', i.slug).execute();
    if (before && before.slug !== i.slug) {
      await trx.insertInto('expo_venue_former_slugs').values({ edition_id: editionId, slug: before.slug, venue_id: before.id }).execute();
    }
    if (!before) {
      const row = await trx.insertInto('expo_venues').values({ ...columns, edition_id: editionId }).returning('id').executeTakeFirstOrThrow();
      await recordAudit(trx, actor, { action: 'expo.venue.create', entityType: 'expo_venue', entityId: row.id, after: i });
      return { outcome: 'ok', id: row.id, slug: i.slug, tags: ['expo'] };
    }
    await trx.updateTable('expo_venues').set({ ...columns, updated_at: new Date() }).where('id', '=', before.id).execute();
    const d = diff(before as unknown as Record<string, unknown>, i as unknown as Record<string, unknown>);
    if (Object.keys(d.after).length) await recordAudit(trx, actor, { action: 'expo.venue.update', entityType: 'expo_venue', entityId: before.id, ...d });
    const everything = VENUE_SHOWN_WITH_ITEMS.some((k) => k in d.after);
    const oldArea = before.area_id === i.area_id ? area : await getArea(trx, before.area_id);
    const tags = placeTags('venue', [before.slug, i.slug], everything);
    if (!everything) tags.push(`expo:area:${area.slug}`, ...(oldArea ? [`expo:area:${oldArea.slug}`] : []));
    return { outcome: 'ok', id: before.id, slug: i.slug, tags };
  });
}

export async function deleteVenue(ctx: AppContext, actor: Actor, id: number): Promise<DeleteOutcome> {
  const r = await ctx.db.transaction().execute(async (trx): Promise<DeleteOutcome> => {
    const before = await trx.selectFrom('expo_venues').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) return { outcome: 'not_found' };
    const used = await venueUsage(trx, id);
    // A recurrence without dates left still names the venue: count it as one so the reason is never "0".
    if (used.occurrences > 0 || used.recurrences > 0) return { outcome: 'in_use', count: Math.max(used.occurrences, used.recurrences) };
    await trx.deleteFrom('expo_venues').where('id', '=', id).execute();
    const { id: _id, created_at: _c, updated_at: _u, ...rest } = before;
    await recordAudit(trx, actor, { action: 'expo.venue.delete', entityType: 'expo_venue', entityId: id, before: rest });
    return { outcome: 'ok' };
  });
  if (r.outcome === 'ok') ctx.cache.invalidate('expo');
  return r;
}

// ---------- the edition ----------

export type EditionOutcome = { outcome: 'ok' } | { outcome: 'outside'; count: number; first: string; last: string; /** The first few items concerned (titles, earliest first) and how many there are. */ items: string[]; itemCount: number } | { outcome: 'not_found' };

/** Saves the current edition; refuses dates (or a time zone) that would leave scheduled occurrences outside. */
export async function saveEdition(ctx: AppContext, actor: Actor, input: EditionInput): Promise<EditionOutcome> {
  const r = await ctx.db.transaction().execute(async (trx): Promise<EditionOutcome> => {
    // Locked before anything is read (ADR 019): this waits for every item save and import holding the
    // edition's share lock, and a later statement sees all they committed (READ COMMITTED), so the
    // check below counts their dates; saves that start meanwhile wait and then check the new dates.
    const current = await currentEdition(trx, 'update');
    if (!current) return { outcome: 'not_found' };
    const outside = await occurrencesOutside(trx, current.id, input.starts_on, input.ends_on, input.time_zone);
    if (outside.count > 0) return { outcome: 'outside', count: outside.count, first: outside.first ?? '', last: outside.last ?? '', items: outside.items, itemCount: outside.itemCount };
    await trx.updateTable('expo_editions').set({ ...input, updated_at: new Date() }).where('id', '=', current.id).execute();
    const d = diff(current as unknown as Record<string, unknown>, input as unknown as Record<string, unknown>);
    if (Object.keys(d.after).length) await recordAudit(trx, actor, { action: 'expo.edition.update', entityType: 'expo_edition', entityId: current.id, ...d });
    return { outcome: 'ok' };
  });
  if (r.outcome === 'ok') ctx.cache.invalidate('expo');
  return r;
}
