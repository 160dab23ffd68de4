// Links from programme items to innovation initiatives: the staff command that sets them, the reads
// the public pages need (only published initiatives, only published items), and the demo links.
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/db.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { FieldErrors } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { recordAudit } from '../../platform/audit.ts';
import { publicInitiativeLinks, publishedInitiativeIds, publishedInitiativesBySlug, type InitiativeLink } from '../initiatives/index.ts';
import { expoLinksMessages } from './expo.links.messages.ts';

type Reader = Db | Tx;

/** At most this many initiatives per programme item: a programme item is not a portfolio. */
export const MAX_INITIATIVE_LINKS = 10;
/** The form field (and error key) of the links. */
export const LINKS_FIELD = 'initiatives';

export type SetLinksOutcome = { outcome: 'ok'; changed: boolean } | { outcome: 'invalid'; errors: FieldErrors } | { outcome: 'not_found' };

/**
 * Sets the initiatives a programme item shows. New links must be to published initiatives; a link made
 * earlier to one unpublished since may stay (public pages leave it out until it is published again).
 */
export async function setEventInitiatives(ctx: Pick<AppContext, 'db'>, actor: Actor, eventId: number, rawIds: readonly string[], locale: Locale): Promise<SetLinksOutcome> {
  const t = expoLinksMessages(locale);
  const invalid = (message: string): SetLinksOutcome => ({ outcome: 'invalid', errors: { [LINKS_FIELD]: message } });
  if (rawIds.some((r) => !/^[1-9]\d{0,14}$/.test(r))) return invalid(t.errNotPublished);
  const ids = [...new Set(rawIds.map(Number))];
  if (ids.length > MAX_INITIATIVE_LINKS) return invalid(t.errTooMany(MAX_INITIATIVE_LINKS));
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('expo_events').select('initiative_ids').where('id', '=', eventId).forUpdate().executeTakeFirst();
    if (!row) return { outcome: 'not_found' as const };
    const before = row.initiative_ids.map(Number);
    const published = await publishedInitiativeIds(trx, ids);
    if (ids.some((id) => !published.has(id) && !before.includes(id))) return invalid(t.errNotPublished);
    if (ids.length === before.length && ids.every((id, i) => id === before[i])) return { outcome: 'ok' as const, changed: false };
    await trx.updateTable('expo_events').set({ initiative_ids: ids, updated_at: new Date() }).where('id', '=', eventId).execute();
    await recordAudit(trx, actor, { action: 'expo.event.initiatives', entityType: 'expo_event', entityId: eventId, before: { initiative_ids: before }, after: { initiative_ids: ids } });
    return { outcome: 'ok' as const, changed: true };
  });
}

/** The initiative ids saved on an item (what the next release publishes). */
export async function linkedInitiativeIds(db: Reader, eventId: number): Promise<number[]> {
  const row = await db.selectFrom('expo_events').select('initiative_ids').where('id', '=', eventId).executeTakeFirst();
  return (row?.initiative_ids ?? []).map(Number);
}

/** The initiatives a published item shows that are published now (the snapshot keeps ids; titles and stages are read live). */
export function initiativeLinksOf(db: Reader, ids: readonly number[], locale: Locale): Promise<InitiativeLink[]> {
  return publicInitiativeLinks(db, ids, locale);
}

export interface ApiInitiativeLink {
  id: number;
  slug: string;
  url: string;
  title: string;
  stage: string;
}

/** For the events API: each item's published initiatives (absolute URLs), by event id. */
export async function apiInitiativeLinks(db: Reader, events: readonly { id: number; initiative_ids?: number[] }[], locale: Locale, baseUrl: string): Promise<Map<number, ApiInitiativeLink[]>> {
  const links = await publicInitiativeLinks(db, events.flatMap((e) => e.initiative_ids ?? []), locale);
  const byId = new Map<number, ApiInitiativeLink>(links.map((l) => [l.id, { id: l.id, slug: l.slug, url: `${baseUrl}${l.path}`, title: l.title, stage: l.stage }]));
  return new Map(events.map((e) => [e.id, (e.initiative_ids ?? []).map((id) => byId.get(id)).filter((l): l is ApiInitiativeLink => !!l)]));
}

export interface EventShowing {
  id: number;
  slug: string;
  title: string;
  startsAt: Date;
  place: string;
}

/** The published, not cancelled programme items that show an initiative, first date first. */
export async function publishedEventsShowing(db: Reader, initiativeId: number, locale: Locale, limit = 50): Promise<EventShowing[]> {
  const rows = await sql<{ event_id: string | number; slug: string; title_sv: string; title_en: string; starts_at: Date; area_sv: string | null; area_en: string | null }>`
    SELECT e.event_id, e.slug, e.title_sv, e.title_en, o.starts_at, a.name_sv AS area_sv, a.name_en AS area_en
    FROM expo_pub_events e
    JOIN LATERAL (SELECT po.starts_at, po.area_id FROM expo_pub_occurrences po WHERE po.event_id = e.event_id ORDER BY po.starts_at, po.occurrence_id LIMIT 1) o ON true
    LEFT JOIN expo_areas a ON a.id = o.area_id
    WHERE (e.data -> 'initiative_ids') @> ${JSON.stringify([initiativeId])}::jsonb
      AND e.status <> 'cancelled'
    ORDER BY o.starts_at, e.event_id
    LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => ({
    id: Number(r.event_id),
    slug: r.slug,
    title: locale === 'en' && r.title_en ? r.title_en : r.title_sv,
    startsAt: r.starts_at,
    place: (locale === 'en' && r.area_en ? r.area_en : r.area_sv) ?? '',
  }));
}

/** Demo links: real programme items (seed keys) and the demo initiatives (slugs) they show. */
export const SEED_INITIATIVE_LINKS: Readonly<Record<string, readonly string[]>> = {
  'recolab-visning': ['recolab-tre-ror-for-avloppet'],
  havoteket: ['havoteket-havet-for-alla'],
  silviabo: ['silviabo-demensvanligt-boende'],
  'lagenhet-1972': ['lagenhet-fran-1972-i-ar'],
  visningslagenheter: ['energismarta-hyreshus-pa-drottninghog', 'delningstjanst-for-grannar-pa-drottninghog', 'lanecyklar-med-el-pa-drottninghog'],
  planetgatan: ['lokalt-energisamhalle-med-solel-i-berga', 'laddinfrastruktur-for-elfordon-pa-fredriksdal'],
};

/** Links the seeded items that have none yet to the demo initiatives that exist and are published. */
export async function linkSeedInitiatives(trx: Tx, source: string): Promise<number> {
  const bySlug = await publishedInitiativesBySlug(trx, [...new Set(Object.values(SEED_INITIATIVE_LINKS).flat())]);
  let linked = 0;
  for (const [key, slugs] of Object.entries(SEED_INITIATIVE_LINKS)) {
    const ids = slugs.map((s) => bySlug.get(s)).filter((id): id is number => id !== undefined);
    if (!ids.length) continue;
    const r = await trx
      .updateTable('expo_events')
      .set({ initiative_ids: ids })
      .where('source', '=', source)
      .where('external_id', '=', key)
      .where(sql<boolean>`cardinality(initiative_ids) = 0`)
      .executeTakeFirst();
    linked += Number(r.numUpdatedRows);
  }
  return linked;
}
