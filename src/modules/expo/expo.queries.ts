// Reads of the expo programme. Public reads touch only the published snapshot (expo_pub_*),
// areas and venues; the admin reads see the working tables.
import { sql, type SqlBool } from 'kysely';
import type { Db, Tx } from '../../db/db.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { richTextToPlain } from '../../platform/html.ts';
import { excerpt, type SearchHit } from '../../platform/search.ts';
import type { AccessibilityFeature, AreaKind, EventState, EventStatus, OpeningHours, ProgrammeFilter } from './expo.schema.ts';
import type { EditionInfo } from './expo.rules.ts';
import type { GeoJsonGeometry } from './expo.tables.ts';
import type { PubEventData } from './expo.publish-data.ts';
import { dayBounds, addDays } from './expo.time.ts';

type Reader = Db | Tx;

/**
 * The current edition. With `lock`, its row stays locked until the transaction ends, and a wait for
 * the lock returns the row as the holder committed it (ADR 019): `share` for writers of items and
 * their dates (many at once), `update` for a change of the edition itself, which thus waits for them
 * and they for it. The only place these locks are taken; call through `loadEditionContext` (items)
 * or `saveEdition` (the edition).
 */
export async function currentEdition(db: Reader, lock?: 'share' | 'update'): Promise<EditionInfo | undefined> {
  if (lock && !db.isTransaction) throw new Error('currentEdition: a lock needs a transaction');
  const q = db
    .selectFrom('expo_editions')
    .select(['id', 'slug', 'acronym', 'name_sv', 'name_en', sql<string>`starts_on::text`.as('starts_on'), sql<string>`ends_on::text`.as('ends_on'), 'time_zone', 'description_sv', 'description_en'])
    .where('is_current', '=', true);
  return (lock === 'share' ? q.forShare() : lock === 'update' ? q.forUpdate() : q).executeTakeFirst();
}

export interface AreaRow {
  id: number;
  slug: string;
  kind: AreaKind;
  name_sv: string;
  name_en: string;
  description_sv: string;
  description_en: string;
  geometry: GeoJsonGeometry;
  position: number;
}

export async function listAreas(db: Reader, editionId: number): Promise<AreaRow[]> {
  return db
    .selectFrom('expo_areas')
    .select(['id', 'slug', 'kind', 'name_sv', 'name_en', 'description_sv', 'description_en', 'geometry', 'position'])
    .where('edition_id', '=', editionId)
    .orderBy('position')
    .orderBy(sql`name_sv COLLATE sv`)
    .execute() as Promise<AreaRow[]>;
}

export interface VenueRow {
  id: number;
  area_id: number;
  slug: string;
  name_sv: string;
  name_en: string;
  description_sv: string;
  description_en: string;
  street: string;
  postal_code: string;
  city: string;
  municipality: string;
  country: string;
  lat: number;
  lon: number;
  capacity: number | null;
  opening_hours: OpeningHours;
  accessibility: AccessibilityFeature[];
  exclusive: boolean;
}

export async function listVenues(db: Reader, editionId: number): Promise<VenueRow[]> {
  return db
    .selectFrom('expo_venues')
    .select(['id', 'area_id', 'slug', 'name_sv', 'name_en', 'description_sv', 'description_en', 'street', 'postal_code', 'city', 'municipality', 'country', 'lat', 'lon', 'capacity', 'opening_hours', 'accessibility', 'exclusive'])
    .where('edition_id', '=', editionId)
    .orderBy(sql`name_sv COLLATE sv`)
    .execute() as Promise<VenueRow[]>;
}

export interface Places {
  areas: Map<number, AreaRow>;
  venues: Map<number, VenueRow>;
}

export async function loadPlaces(db: Reader, editionId: number): Promise<Places> {
  const [areas, venues] = await Promise.all([listAreas(db, editionId), listVenues(db, editionId)]);
  return { areas: new Map(areas.map((a) => [a.id, a])), venues: new Map(venues.map((v) => [v.id, v])) };
}

export async function listOrganisations(db: Reader): Promise<{ id: number; slug: string; name: string }[]> {
  return db.selectFrom('organisations').select(['id', 'slug', 'name']).orderBy(sql`name COLLATE sv`).execute();
}

export interface ReleaseRow {
  id: number;
  number: number;
  published_at: Date;
  note_sv: string;
  note_en: string;
  event_count: number;
  occurrence_count: number;
}

export async function latestRelease(db: Reader, editionId: number): Promise<ReleaseRow | undefined> {
  return db
    .selectFrom('expo_releases')
    .select(['id', 'number', 'published_at', 'note_sv', 'note_en', 'event_count', 'occurrence_count'])
    .where('edition_id', '=', editionId)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst() as Promise<ReleaseRow | undefined>;
}

export async function listReleases(db: Reader, editionId: number, limit = 50): Promise<ReleaseRow[]> {
  return db
    .selectFrom('expo_releases')
    .select(['id', 'number', 'published_at', 'note_sv', 'note_en', 'event_count', 'occurrence_count'])
    .where('edition_id', '=', editionId)
    .orderBy('number', 'desc')
    .limit(limit)
    .execute() as Promise<ReleaseRow[]>;
}

export interface ChangeRow {
  release_id: number;
  event_id: number;
  occurrence_id: number | null;
  kind: 'new' | 'moved' | 'cancelled' | 'changed' | 'removed';
  event_slug: string;
  title_sv: string;
  title_en: string;
  detail: Record<string, unknown>;
}

export async function changesOfReleases(db: Reader, releaseIds: number[]): Promise<ChangeRow[]> {
  if (releaseIds.length === 0) return [];
  return db
    .selectFrom('expo_release_changes')
    .select(['release_id', 'event_id', 'occurrence_id', 'kind', 'event_slug', 'title_sv', 'title_en', 'detail'])
    .where('release_id', 'in', releaseIds)
    .orderBy('release_id', 'desc')
    .orderBy('kind')
    .orderBy(sql`title_sv COLLATE sv`)
    .orderBy('id')
    .execute() as Promise<ChangeRow[]>;
}

// ---------- the published programme ----------

export interface PublishedOccurrence {
  occurrence_id: number;
  guid: string;
  event_id: number;
  venue_id: number;
  area_id: number;
  starts_at: Date;
  ends_at: Date;
  all_day: boolean;
  status: EventStatus;
  accessibility: AccessibilityFeature[];
  sequence: number;
  event_sequence: number;
  data: PubEventData;
}

export interface OccurrenceQuery {
  filter: ProgrammeFilter;
  tz: string;
  editionId: number;
  /** Only period items (true), only timed items (false) or both. */
  allDay?: boolean;
  limit?: number;
  /** Keyset position: (starts_at, occurrence_id) after which to continue. */
  after?: { startsAt: string; id: number } | undefined;
  areaId?: number | undefined;
  venueId?: number | undefined;
  eventIds?: number[] | undefined;
}

/** The published occurrences matching the filters, in time order. Unknown area/venue slugs match nothing. */
export async function findPublishedOccurrences(db: Reader, q: OccurrenceQuery): Promise<PublishedOccurrence[]> {
  const f = q.filter;
  let query = db
    .selectFrom('expo_pub_occurrences as o')
    .innerJoin('expo_pub_events as e', 'e.event_id', 'o.event_id')
    .select([
      'o.occurrence_id',
      sql<string>`o.guid::text`.as('guid'),
      'o.event_id',
      'o.venue_id',
      'o.area_id',
      'o.starts_at',
      'o.ends_at',
      'o.all_day',
      'o.status',
      'o.accessibility',
      'o.sequence',
      'e.sequence as event_sequence',
      'e.data',
    ])
    .where('o.edition_id', '=', q.editionId);

  const from = f.date ?? f.from;
  const to = f.date ?? f.to;
  if (from) query = query.where('o.ends_at', '>', dayBounds(from, q.tz).start);
  if (to) query = query.where('o.starts_at', '<', dayBounds(to, q.tz).end);
  if (q.allDay !== undefined) query = query.where('o.all_day', '=', q.allDay);
  if (q.areaId !== undefined) query = query.where('o.area_id', '=', q.areaId);
  if (q.venueId !== undefined) query = query.where('o.venue_id', '=', q.venueId);
  if (q.eventIds) query = q.eventIds.length ? query.where('o.event_id', 'in', q.eventIds) : query.where(sql<SqlBool>`false`);
  if (f.area) query = query.where('o.area_id', '=', (eb) => eb.selectFrom('expo_areas').select('id').where('edition_id', '=', q.editionId).where('slug', '=', f.area as string));
  if (f.venue) query = query.where('o.venue_id', '=', (eb) => eb.selectFrom('expo_venues').select('id').where('edition_id', '=', q.editionId).where('slug', '=', f.venue as string));
  if (f.type) query = query.where('e.type', '=', f.type);
  if (f.theme) query = query.where(sql<SqlBool>`e.themes @> ARRAY[${f.theme}]::text[]`);
  if (f.sdg) query = query.where(sql<SqlBool>`e.sdgs @> ARRAY[${f.sdg}]::smallint[]`);
  if (f.audience) query = query.where(sql<SqlBool>`e.audience @> ARRAY[${f.audience}]::text[]`);
  if (f.lang) query = query.where(sql<SqlBool>`e.languages @> ARRAY[${f.lang}]::text[]`);
  if (f.free) query = query.where('e.is_free', '=', true);
  if (f.access && f.access.length) query = query.where(sql<SqlBool>`o.accessibility @> ${sql.val(f.access)}::text[]`);
  if (f.q && f.q.trim()) {
    const text = f.q.trim();
    query = query.where(
      sql<SqlBool>`(e.search_sv @@ websearch_to_tsquery('swedish', h22_unaccent(${text})) OR e.search_en @@ websearch_to_tsquery('english', h22_unaccent(${text})))`,
    );
  }
  if (q.after) {
    const after = q.after;
    query = query.where((eb) => eb.or([eb('o.starts_at', '>', new Date(after.startsAt)), eb.and([eb('o.starts_at', '=', new Date(after.startsAt)), eb('o.occurrence_id', '>', after.id)])]));
  }
  query = query.orderBy('o.starts_at').orderBy('o.occurrence_id');
  if (q.limit) query = query.limit(q.limit);
  return (await query.execute()) as PublishedOccurrence[];
}

export async function findPublishedEvent(db: Reader, slug: string): Promise<{ event_id: number; sequence: number; data: PubEventData; release_id: number } | undefined> {
  return db.selectFrom('expo_pub_events').select(['event_id', 'sequence', 'data', 'release_id']).where('slug', '=', slug).executeTakeFirst() as Promise<
    { event_id: number; sequence: number; data: PubEventData; release_id: number } | undefined
  >;
}

export async function publishedEventIds(db: Reader, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('expo_pub_events').select('event_id').where('event_id', 'in', ids).execute();
  return rows.map((r) => r.event_id);
}

/** Slugs of the published items among the given ids, in the order of the ids. */
export async function publishedSlugsOf(db: Reader, ids: number[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('expo_pub_events').select(['event_id', 'slug']).where('event_id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.event_id, r.slug]));
  return ids.map((id) => byId.get(id)).filter((s): s is string => !!s);
}

export async function publishedEventsBySlugs(db: Reader, slugs: string[]): Promise<{ event_id: number; slug: string }[]> {
  if (slugs.length === 0) return [];
  return db.selectFrom('expo_pub_events').select(['event_id', 'slug']).where('slug', 'in', slugs).execute();
}

/** Site search over the published programme (both languages' stemming, typo-tolerant fallback). */
export async function searchProgramme(db: Reader, q: string, locale: Locale, limit: number): Promise<SearchHit[]> {
  const rows = await db
    .selectFrom('expo_pub_events')
    .select([
      'slug',
      'title_sv',
      'title_en',
      sql<string>`data ->> 'description_sv'`.as('description_sv'),
      sql<string>`data ->> 'description_en'`.as('description_en'),
      sql<number>`greatest(ts_rank(search_sv, websearch_to_tsquery('swedish', h22_unaccent(${q}))), ts_rank(search_en, websearch_to_tsquery('english', h22_unaccent(${q}))), word_similarity(lower(h22_unaccent(${q})), trgm) * 0.5)`.as('rank'),
    ])
    .where(
      sql<SqlBool>`(search_sv @@ websearch_to_tsquery('swedish', h22_unaccent(${q})) OR search_en @@ websearch_to_tsquery('english', h22_unaccent(${q})) OR lower(h22_unaccent(${q})) <% trgm)`,
    )
    .orderBy('rank', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    kind: locale === 'sv' ? 'Program' : 'Programme',
    title: locale === 'en' && r.title_en ? r.title_en : r.title_sv,
    url: locale === 'sv' ? `/program/evenemang/${r.slug}` : `/en/program/events/${r.slug}`,
    excerpt: excerpt(richTextToPlain(locale === 'en' && r.description_en ? r.description_en : r.description_sv), q),
    rank: Number(r.rank),
  }));
}

// ---------- the working tables (admin) ----------

export interface AdminEventListRow {
  id: number;
  slug: string;
  state: EventState;
  status: EventStatus;
  title_sv: string;
  title_en: string;
  type: string;
  updated_at: Date;
  main_organisation: string | null;
  first_start: Date | null;
  occurrence_count: number;
}

export async function listEventsForAdmin(db: Reader, opts: { editionId: number; organisationIds?: number[]; state?: EventState; limit?: number }): Promise<AdminEventListRow[]> {
  let q = db
    .selectFrom('expo_events as e')
    .select([
      'e.id',
      'e.slug',
      'e.state',
      'e.status',
      'e.title_sv',
      'e.title_en',
      'e.type',
      'e.updated_at',
      (eb) =>
        eb
          .selectFrom('expo_event_organisers as eo')
          .innerJoin('organisations as org', 'org.id', 'eo.organisation_id')
          .select('org.name')
          .whereRef('eo.event_id', '=', 'e.id')
          .where('eo.is_main', '=', true)
          .as('main_organisation'),
      (eb) => eb.selectFrom('expo_occurrences as o').select((eb2) => eb2.fn.min('o.starts_at').as('m')).whereRef('o.event_id', '=', 'e.id').as('first_start'),
      (eb) => eb.selectFrom('expo_occurrences as o').select((eb2) => eb2.fn.countAll<number>().as('n')).whereRef('o.event_id', '=', 'e.id').as('occurrence_count'),
    ])
    .where('e.edition_id', '=', opts.editionId);
  if (opts.organisationIds) {
    const ids = opts.organisationIds;
    q = ids.length ? q.where((eb) => eb.exists(eb.selectFrom('expo_event_organisers as eo2').select('eo2.event_id').whereRef('eo2.event_id', '=', 'e.id').where('eo2.organisation_id', 'in', ids))) : q.where(sql<SqlBool>`false`);
  }
  if (opts.state) q = q.where('e.state', '=', opts.state);
  const rows = await q.orderBy('e.updated_at', 'desc').limit(opts.limit ?? 200).execute();
  return rows.map((r) => ({ ...r, occurrence_count: Number(r.occurrence_count ?? 0), first_start: r.first_start ? new Date(r.first_start as unknown as string) : null })) as AdminEventListRow[];
}

export async function countEventsByState(db: Reader, editionId: number): Promise<Record<string, number>> {
  const rows = await db.selectFrom('expo_events').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).where('edition_id', '=', editionId).groupBy('state').execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

export interface AdminOccurrence {
  id: number;
  guid: string;
  venue_id: number;
  starts_at: Date;
  ends_at: Date;
  all_day: boolean;
  status: EventStatus;
  recurrence_id: number | null;
  recurrence_date: string | null;
  external_id: string | null;
}

export interface AdminEvent {
  id: number;
  edition_id: number;
  slug: string;
  state: EventState;
  status: EventStatus;
  type: string;
  title_sv: string;
  title_en: string;
  description_sv: string;
  description_en: string;
  themes: string[];
  sdgs: number[];
  audience: string[];
  age_min: number | null;
  age_max: number | null;
  languages: string[];
  accessibility: string[];
  prices: { category: string; amount_ore: number }[];
  booking_mode: string;
  booking_url: string | null;
  attendance_mode: string;
  online_url: string | null;
  image_url: string | null;
  image_alt_sv: string;
  image_alt_en: string;
  contact_email: string | null;
  review_reason: string | null;
  created_by: number | null;
  source: string;
  external_id: string | null;
  is_demo: boolean;
  organisers: { organisation_id: number; is_main: boolean; name: string; slug: string }[];
  occurrences: AdminOccurrence[];
  recurrence: { id: number; venue_id: number; weekdays: number[]; interval_weeks: number; first_date: string; last_date: string; start_time: string; end_time: string; exceptions: string[] } | undefined;
  reviews: { decision: string; reason: string; reviewer_label: string; created_at: Date }[];
}

export async function getEventForAdmin(db: Reader, id: number): Promise<AdminEvent | undefined> {
  const e = await db
    .selectFrom('expo_events')
    .select([
      'id', 'edition_id', 'slug', 'state', 'status', 'type', 'title_sv', 'title_en', 'description_sv', 'description_en', 'themes', 'sdgs', 'audience', 'age_min', 'age_max',
      'languages', 'accessibility', 'prices', 'booking_mode', 'booking_url', 'attendance_mode', 'online_url', 'image_url', 'image_alt_sv', 'image_alt_en', 'contact_email',
      'review_reason', 'created_by', 'source', 'external_id', 'is_demo',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!e) return undefined;
  const [organisers, occurrences, recurrence, reviews] = await Promise.all([
    db
      .selectFrom('expo_event_organisers as eo')
      .innerJoin('organisations as o', 'o.id', 'eo.organisation_id')
      .select(['eo.organisation_id', 'eo.is_main', 'o.name', 'o.slug'])
      .where('eo.event_id', '=', id)
      .orderBy('eo.is_main', 'desc')
      .orderBy(sql`o.name COLLATE sv`)
      .execute(),
    db
      .selectFrom('expo_occurrences')
      .select(['id', sql<string>`guid::text`.as('guid'), 'venue_id', 'starts_at', 'ends_at', 'all_day', 'status', 'recurrence_id', sql<string | null>`recurrence_date::text`.as('recurrence_date'), 'external_id'])
      .where('event_id', '=', id)
      .orderBy('starts_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('expo_recurrences')
      .select([
        'id', 'venue_id', 'weekdays', 'interval_weeks', sql<string>`first_date::text`.as('first_date'), sql<string>`last_date::text`.as('last_date'),
        sql<string>`to_char(start_time, 'HH24:MI')`.as('start_time'), sql<string>`to_char(end_time, 'HH24:MI')`.as('end_time'), sql<string[]>`exceptions::text[]`.as('exceptions'),
      ])
      .where('event_id', '=', id)
      .executeTakeFirst(),
    db.selectFrom('expo_event_reviews').select(['decision', 'reason', 'reviewer_label', 'created_at']).where('event_id', '=', id).orderBy('created_at', 'desc').execute(),
  ]);
  return { ...(e as unknown as Omit<AdminEvent, 'organisers' | 'occurrences' | 'recurrence' | 'reviews'>), organisers, occurrences: occurrences as AdminOccurrence[], recurrence, reviews: reviews as AdminEvent['reviews'] };
}

export interface Conflict {
  field: string;
  kind: 'double_booked' | 'organiser_twice';
  venue_id: number;
  other_title: string;
  other_venue_id: number;
  other_organisation: string | null;
  starts_at: Date;
  ends_at: Date;
}

/**
 * Other items (submitted or accepted, not cancelled) that overlap the planned slots: in the same
 * exclusive venue, or with a shared organiser at another venue.
 */
export async function findConflicts(
  db: Reader,
  eventId: number | undefined,
  organisationIds: number[],
  planned: { field: string; venueId: number; startsAt: Date; endsAt: Date }[],
): Promise<Conflict[]> {
  if (planned.length === 0) return [];
  const values = sql.join(planned.map((p) => sql`(${p.field}::text, ${p.venueId}::bigint, ${p.startsAt}::timestamptz, ${p.endsAt}::timestamptz)`));
  const orgs = organisationIds.length ? organisationIds : [0];
  const rows = await sql<Conflict>`
    WITH p(field, venue_id, s, e) AS (VALUES ${values})
    SELECT p.field,
           CASE WHEN o.venue_id = p.venue_id THEN 'double_booked' ELSE 'organiser_twice' END AS kind,
           p.venue_id, ev.title_sv AS other_title, o.venue_id AS other_venue_id,
           (SELECT org.name FROM expo_event_organisers eo JOIN organisations org ON org.id = eo.organisation_id
             WHERE eo.event_id = ev.id AND eo.organisation_id = ANY(${sql.val(orgs)}::bigint[]) ORDER BY eo.is_main DESC LIMIT 1) AS other_organisation,
           o.starts_at, o.ends_at
      FROM p
      JOIN expo_occurrences o ON o.starts_at < p.e AND o.ends_at > p.s AND NOT o.all_day AND o.status <> 'cancelled'
      JOIN expo_events ev ON ev.id = o.event_id AND ev.state IN ('submitted', 'accepted') AND ev.status <> 'cancelled'
      JOIN expo_venues v ON v.id = p.venue_id
     WHERE ev.id <> ${eventId ?? 0}
       AND ((o.venue_id = p.venue_id AND v.exclusive)
         OR (o.venue_id <> p.venue_id AND EXISTS (SELECT 1 FROM expo_event_organisers eo2 WHERE eo2.event_id = ev.id AND eo2.organisation_id = ANY(${sql.val(orgs)}::bigint[]))))
     ORDER BY p.field, o.starts_at
     LIMIT 200`.execute(db);
  return rows.rows;
}

// ---------- my programme ----------

export async function starredEventIds(db: Reader, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('expo_stars').select('event_id').where('user_id', '=', userId).orderBy('created_at').execute();
  return rows.map((r) => r.event_id);
}

export async function userIdForFeedToken(db: Reader, tokenHash: string): Promise<number | undefined> {
  const r = await db.selectFrom('expo_feed_tokens').select('user_id').where('token_hash', '=', tokenHash).executeTakeFirst();
  return r?.user_id;
}

export async function hasFeedToken(db: Reader, userId: number): Promise<boolean> {
  return !!(await db.selectFrom('expo_feed_tokens').select('user_id').where('user_id', '=', userId).executeTakeFirst());
}

/** Helper for callers that need "the expo days" list. */
export function expoDays(edition: EditionInfo): string[] {
  const out: string[] = [];
  for (let d = edition.starts_on; d <= edition.ends_on; d = addDays(d, 1)) out.push(d);
  return out;
}

