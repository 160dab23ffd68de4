// Loads the H22 City Expo demo: the edition, areas, venues, the real programme items and invented
// ones (is_demo) to fill the 35 days, then publishes release 1. Idempotent; batch inserts keep it fast.
import { sql } from 'kysely';
import type { Tx } from '../../db/db.ts';
import type { AppContext } from '../../platform/context.ts';
import { ANONYMOUS } from '../../platform/auth/actor.ts';
import { expandRecurrence, slugify } from './expo.rules.ts';
import { publishRelease } from './expo.commands.ts';
import { EDITION, REAL_EVENTS, SEED_AREAS, SEED_ORGANISATIONS, SEED_VENUES, generateDemoEvents, openingHoursFor, type SeedEvent } from './expo.seed-data.ts';
import { addDays, zonedToUtc } from './expo.time.ts';
import { linkSeedInitiatives } from './expo.links.ts';

export const SEED_SOURCE = 'h22-seed';
/** Enough invented items that the programme passes 300 items over the 35 days. */
export const DEMO_EVENT_COUNT = 320;

/** The edition, areas, venues and organisations; returns lookups by slug. */
export async function seedPlaces(trx: Tx): Promise<{ editionId: number; venueIds: Map<string, number>; orgIds: Map<string, number>; tz: string }> {
  await trx
    .insertInto('organisations')
    .values(SEED_ORGANISATIONS.map((o) => ({ slug: o.slug, name: o.name, kind: o.kind, is_demo: o.is_demo ?? false })))
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const hasCurrent = await trx.selectFrom('expo_editions').select('id').where('is_current', '=', true).executeTakeFirst();
  await trx
    .insertInto('expo_editions')
    .values({ ...EDITION, is_current: !hasCurrent })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const edition = await trx.selectFrom('expo_editions').select(['id', 'time_zone']).where('slug', '=', EDITION.slug).executeTakeFirstOrThrow();
  await trx
    .insertInto('expo_areas')
    .values(SEED_AREAS.map((a) => ({ ...a, edition_id: edition.id, geometry: JSON.stringify(a.geometry) })))
    .onConflict((oc) => oc.columns(['edition_id', 'slug']).doNothing())
    .execute();
  const areas = await trx.selectFrom('expo_areas').select(['id', 'slug']).where('edition_id', '=', edition.id).execute();
  const areaIds = new Map(areas.map((a) => [a.slug, a.id]));
  await trx
    .insertInto('expo_venues')
    .values(
      SEED_VENUES.map((v) => ({
        edition_id: edition.id,
        area_id: areaIds.get(v.area) as number,
        slug: v.slug,
        name_sv: v.name_sv,
        name_en: v.name_en ?? '',
        street: v.street,
        postal_code: v.postal_code,
        city: v.city,
        municipality: v.municipality,
        country: v.country,
        lat: v.lat,
        lon: v.lon,
        capacity: v.capacity,
        opening_hours: JSON.stringify(openingHoursFor(v.hours)),
        accessibility: v.accessibility,
        exclusive: v.exclusive,
        is_demo: v.is_demo,
      })),
    )
    .onConflict((oc) => oc.columns(['edition_id', 'slug']).doNothing())
    .execute();
  const venues = await trx.selectFrom('expo_venues').select(['id', 'slug']).where('edition_id', '=', edition.id).execute();
  const orgs = await trx.selectFrom('organisations').select(['id', 'slug']).execute();
  return { editionId: edition.id, venueIds: new Map(venues.map((v) => [v.slug, v.id])), orgIds: new Map(orgs.map((o) => [o.slug, o.id])), tz: edition.time_zone };
}

/**
 * Inserts programme items in a few statements: items, organisers, weekly rules and occurrences.
 * Items are keyed by (source, key); ones that already exist are skipped.
 */
export async function bulkInsertEvents(
  trx: Tx,
  places: { editionId: number; venueIds: Map<string, number>; orgIds: Map<string, number>; tz: string },
  events: SeedEvent[],
  source = SEED_SOURCE,
): Promise<number> {
  if (events.length === 0) return 0;
  const { tz, venueIds, orgIds } = places;
  const venue = (slug: string) => {
    const id = venueIds.get(slug);
    if (id === undefined) throw new Error(`seed: unknown venue ${slug}`);
    return id;
  };
  const inserted: { id: number; external_id: string | null }[] = [];
  for (let i = 0; i < events.length; i += 1000) {
    const part = events.slice(i, i + 1000);
    const rows = await trx
      .insertInto('expo_events')
      .values(
        part.map((e) => ({
          edition_id: places.editionId,
          slug: `${slugify(e.title_sv)}-tmp-${e.key}`,
          state: e.state,
          status: e.status,
          type: e.type,
          title_sv: e.title_sv,
          title_en: e.title_en,
          description_sv: e.description_sv,
          description_en: e.description_en,
          themes: e.themes,
          sdgs: e.sdgs,
          audience: e.audience,
          age_min: e.age_min,
          age_max: e.age_max,
          languages: e.languages,
          accessibility: e.accessibility,
          prices: JSON.stringify(e.prices),
          booking_mode: e.booking_mode,
          booking_url: e.booking_url,
          source,
          external_id: e.key,
          is_demo: e.is_demo,
          submitted_at: e.state === 'draft' ? null : new Date(),
          reviewed_at: e.state === 'accepted' ? new Date() : null,
        })),
      )
      .onConflict((oc) => oc.columns(['source', 'external_id']).doNothing())
      .returning(['id', 'external_id'])
      .execute();
    inserted.push(...rows);
  }
  if (inserted.length === 0) return 0;
  // The id makes each slug unique for good.
  await sql`UPDATE expo_events SET slug = regexp_replace(slug, '-tmp-[a-z0-9-]+$', '') || '-' || id
             WHERE id = ANY(${sql.val(inserted.map((r) => r.id))}::bigint[])`.execute(trx);
  const idByKey = new Map(inserted.map((r) => [r.external_id as string, r.id]));
  const fresh = events.filter((e) => idByKey.has(e.key));

  const organisers = fresh.flatMap((e) =>
    e.organisers.map((slug, i) => {
      const org = orgIds.get(slug);
      if (org === undefined) throw new Error(`seed: unknown organisation ${slug}`);
      return { event_id: idByKey.get(e.key) as number, organisation_id: org, is_main: i === 0 };
    }),
  );
  for (let i = 0; i < organisers.length; i += 5000) await trx.insertInto('expo_event_organisers').values(organisers.slice(i, i + 5000)).execute();

  const withRules = fresh.filter((e) => e.recurrence);
  const ruleIds = new Map<string, number>();
  if (withRules.length) {
    const rules = await trx
      .insertInto('expo_recurrences')
      .values(
        withRules.map((e) => {
          const r = e.recurrence as NonNullable<SeedEvent['recurrence']>;
          return { event_id: idByKey.get(e.key) as number, venue_id: venue(r.venue), weekdays: r.weekdays, first_date: r.first, last_date: r.last, start_time: r.start, end_time: r.end, exceptions: r.exceptions };
        }),
      )
      .returning(['id', 'event_id'])
      .execute();
    const keyById = new Map(fresh.map((e) => [idByKey.get(e.key) as number, e.key]));
    for (const r of rules) ruleIds.set(keyById.get(r.event_id) as string, r.id);
  }

  type Occ = { event_id: number; venue_id: number; starts_at: Date; ends_at: Date; all_day: boolean; status: 'scheduled' | 'rescheduled' | 'postponed' | 'cancelled'; recurrence_id: number | null; recurrence_date: string | null };
  const occ: Occ[] = [];
  for (const e of fresh) {
    const eventId = idByKey.get(e.key) as number;
    for (const s of e.slots) {
      occ.push({ event_id: eventId, venue_id: venue(s.venue), starts_at: zonedToUtc(s.date, s.start, tz), ends_at: zonedToUtc(s.date, s.end, tz), all_day: false, status: s.status ?? 'scheduled', recurrence_id: null, recurrence_date: null });
    }
    if (e.recurrence) {
      const r = e.recurrence;
      for (const d of expandRecurrence({ venueId: 0, weekdays: r.weekdays, interval: 1, firstDate: r.first, lastDate: r.last, start: r.start, end: r.end, exceptions: r.exceptions })) {
        occ.push({ event_id: eventId, venue_id: venue(r.venue), starts_at: zonedToUtc(d, r.start, tz), ends_at: zonedToUtc(d, r.end, tz), all_day: false, status: 'scheduled', recurrence_id: ruleIds.get(e.key) ?? null, recurrence_date: d });
      }
    }
    if (e.period) {
      occ.push({ event_id: eventId, venue_id: venue(e.period.venue), starts_at: zonedToUtc(e.period.from, '00:00', tz), ends_at: zonedToUtc(addDays(e.period.to, 1), '00:00', tz), all_day: true, status: 'scheduled', recurrence_id: null, recurrence_date: null });
    }
  }
  for (let i = 0; i < occ.length; i += 3000) await trx.insertInto('expo_occurrences').values(occ.slice(i, i + 3000)).execute();
  return fresh.length;
}

/** A few items still in the workflow, so the review queue is not empty in the demo. */
function workflowExamples(): SeedEvent[] {
  const base = {
    themes: ['innovation' as const],
    sdgs: [9],
    audience: ['general' as const],
    age_min: null,
    age_max: null,
    languages: ['sv'],
    accessibility: [],
    prices: [],
    booking_mode: 'none' as const,
    booking_url: null,
    status: 'scheduled' as const,
    is_demo: true,
  };
  return [
    {
      ...base,
      key: 'workflow-1',
      type: 'talk',
      title_sv: 'Sensorer som mäter luftkvaliteten på Drottninggatan',
      title_en: 'Sensors measuring air quality on Drottninggatan',
      description_sv: 'Inskickad programpunkt som väntar på granskning.\n\nExempeldata.',
      description_en: 'A submitted item waiting for review.\n\nDemo data.',
      organisers: ['miljoforvaltningen'],
      slots: [{ venue: 'dunkers-foajen', date: '2022-06-08', start: '12:00', end: '13:00' }],
      state: 'submitted',
    },
    {
      ...base,
      key: 'workflow-2',
      type: 'workshop',
      title_sv: 'Bygg en insektsholk',
      title_en: 'Build an insect hotel',
      description_sv: 'Utkast som arrangören inte skickat in ännu.\n\nExempeldata.',
      description_en: 'A draft the organiser has not submitted yet.\n\nDemo data.',
      organisers: ['foreningen-gront-helsingborg'],
      slots: [{ venue: 'drottninghog-stadsodlingen', date: '2022-06-11', start: '11:00', end: '12:30' }],
      state: 'draft',
    },
  ];
}

export async function seedExpo(ctx: AppContext): Promise<void> {
  const inserted = await ctx.db.transaction().execute(async (trx) => {
    const places = await seedPlaces(trx);
    const already = await trx.selectFrom('expo_events').select('id').where('source', '=', SEED_SOURCE).limit(1).executeTakeFirst();
    if (already) return 0;
    const venues = SEED_VENUES.map((v) => ({ slug: v.slug, exclusive: v.exclusive, hours: openingHoursFor(v.hours), accessibility: v.accessibility }))
      // Real places keep their real items only.
      .filter((v) => !['recolab', 'drottninghog-visningslagenheter', 'drottninghog-1972', 'silviabo', 'planetgatan-sundstorget'].includes(v.slug));
    const organisations = SEED_ORGANISATIONS.filter((o) => o.slug !== 'urban-future').map((o) => o.slug);
    const demo = generateDemoEvents({ count: DEMO_EVENT_COUNT, seed: 22, from: EDITION.starts_on, to: EDITION.ends_on, venues, organisations });
    const count = await bulkInsertEvents(trx, places, [...REAL_EVENTS, ...demo, ...workflowExamples()]);
    // Before the first release, so the demo shows the links both ways (initiatives seed first).
    await linkSeedInitiatives(trx, SEED_SOURCE);
    return count;
  });
  ctx.cache.invalidate('expo');
  const release = await ctx.db.selectFrom('expo_releases').select('id').limit(1).executeTakeFirst();
  if (inserted > 0 || !release) {
    const r = await publishRelease(ctx, ANONYMOUS, { sv: 'Det första publicerade programmet.', en: 'The first published programme.' });
    if (r.outcome === 'ok') ctx.log(`expo: published programme release ${r.number}`);
  }
}
