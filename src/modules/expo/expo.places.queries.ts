// Reads for the places staff pages: one area or venue, what uses them, and occurrences an edition's dates would cut off.
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/db.ts';
import type { AreaRow, VenueRow } from './expo.queries.ts';

type Reader = Db | Tx;

export interface AreaDetail extends AreaRow {
  edition_id: number;
}
export interface VenueDetail extends VenueRow {
  edition_id: number;
}

export async function getArea(db: Reader, id: number): Promise<AreaDetail | undefined> {
  return db
    .selectFrom('expo_areas')
    .select(['id', 'edition_id', 'slug', 'kind', 'name_sv', 'name_en', 'description_sv', 'description_en', 'geometry', 'position'])
    .where('id', '=', id)
    .executeTakeFirst() as Promise<AreaDetail | undefined>;
}

export async function getVenue(db: Reader, id: number): Promise<VenueDetail | undefined> {
  return db
    .selectFrom('expo_venues')
    .select(['id', 'edition_id', 'area_id', 'slug', 'name_sv', 'name_en', 'description_sv', 'description_en', 'street', 'postal_code', 'city', 'municipality', 'country', 'lat', 'lon', 'capacity', 'opening_hours', 'accessibility', 'exclusive'])
    .where('id', '=', id)
    .executeTakeFirst() as Promise<VenueDetail | undefined>;
}

export async function countVenuesInArea(db: Reader, areaId: number): Promise<number> {
  const r = await db.selectFrom('expo_venues').select((eb) => eb.fn.countAll<string>().as('n')).where('area_id', '=', areaId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Occurrences at a venue in the working programme or the published one (a moved item still
 * shows there until the next release), and recurrences that name it.
 */
export async function venueUsage(db: Reader, venueId: number): Promise<{ occurrences: number; recurrences: number }> {
  const r = await sql<{ occurrences: string; recurrences: string }>`
    SELECT (SELECT count(*) FROM (SELECT id FROM expo_occurrences WHERE venue_id = ${venueId}
                                  UNION SELECT occurrence_id FROM expo_pub_occurrences WHERE venue_id = ${venueId}) u) AS occurrences,
           (SELECT count(*) FROM expo_recurrences WHERE venue_id = ${venueId}) AS recurrences`.execute(db);
  const row = r.rows[0];
  return { occurrences: Number(row?.occurrences ?? 0), recurrences: Number(row?.recurrences ?? 0) };
}

/** Working-programme occurrences per venue of an edition, for the list. */
export async function occurrenceCountsByVenue(db: Reader, editionId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('expo_occurrences as o')
    .innerJoin('expo_venues as v', 'v.id', 'o.venue_id')
    .select(['o.venue_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('v.edition_id', '=', editionId)
    .groupBy('o.venue_id')
    .execute();
  return new Map(rows.map((r) => [r.venue_id, Number(r.n)]));
}

/**
 * Occurrences of the edition's live items (not rejected or withdrawn) that touch a local date
 * outside [from, to] in the time zone: an end at midnight does not touch the next day.
 */
export async function occurrencesOutside(
  db: Reader,
  editionId: number,
  from: string,
  to: string,
  tz: string,
): Promise<{ count: number; first: string | null; last: string | null; items: string[]; itemCount: number }> {
  const r = await sql<{ n: string; first: string | null; last: string | null; items: string[]; item_count: string }>`
    WITH outside AS (
      SELECT o.event_id, e.title_sv, o.starts_at, (o.starts_at AT TIME ZONE ${tz})::date AS first_day,
             ((o.ends_at - interval '1 microsecond') AT TIME ZONE ${tz})::date AS last_day
        FROM expo_occurrences o JOIN expo_events e ON e.id = o.event_id
       WHERE e.edition_id = ${editionId}
         AND e.state NOT IN ('rejected', 'withdrawn')
         AND ((o.starts_at AT TIME ZONE ${tz})::date < ${from}::date
              OR ((o.ends_at - interval '1 microsecond') AT TIME ZONE ${tz})::date > ${to}::date))
    SELECT count(*) AS n, min(first_day)::text AS first, max(last_day)::text AS last,
           count(DISTINCT event_id) AS item_count,
           -- The items to move, earliest first: the message names a few.
           ARRAY(SELECT title_sv FROM outside GROUP BY event_id, title_sv ORDER BY min(starts_at), event_id LIMIT 3) AS items
      FROM outside`.execute(db);
  const row = r.rows[0];
  return { count: Number(row?.n ?? 0), first: row?.first ?? null, last: row?.last ?? null, items: row?.items ?? [], itemCount: Number(row?.item_count ?? 0) };
}

/** Who already uses a slug in the edition, for a clear message. */
export async function slugOwner(db: Reader, table: 'expo_areas' | 'expo_venues', editionId: number, slug: string, exceptId?: number): Promise<string | undefined> {
  let q = db.selectFrom(table).select('name_sv').where('edition_id', '=', editionId).where('slug', '=', slug);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst())?.name_sv;
}

/** The current slug of the area or venue that used to answer to `slug` (a renamed address), if any. */
export async function currentSlugFor(db: Reader, kind: 'area' | 'venue', editionId: number, slug: string): Promise<string | undefined> {
  const row =
    kind === 'area'
      ? await db
          .selectFrom('expo_area_former_slugs as f')
          .innerJoin('expo_areas as p', 'p.id', 'f.area_id')
          .select('p.slug')
          .where('f.edition_id', '=', editionId)
          .where('f.slug', '=', slug)
          .executeTakeFirst()
      : await db
          .selectFrom('expo_venue_former_slugs as f')
          .innerJoin('expo_venues as p', 'p.id', 'f.venue_id')
          .select('p.slug')
          .where('f.edition_id', '=', editionId)
          .where('f.slug', '=', slug)
          .executeTakeFirst();
  return row?.slug;
}
