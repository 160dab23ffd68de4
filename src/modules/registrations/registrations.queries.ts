// Reads of the registrations module. Occurrence facts (title, venue, times, organisers) are read
// straight from the expo tables the database shares: public pages from the published snapshot,
// staff pages from the working tables (organisers decide who may manage registrations).
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/db.ts';
import type { Question, RegistrationStatus, CancelReason } from './registrations.schema.ts';
import { nextWindowChange, publicRegistrationState, type PublicRegistrationState } from './registrations.rules.ts';

type Reader = Db | Tx;

// ---------- seat counts (always from the rows) ----------

export interface SeatCounts {
  capacity: number;
  confirmedSeats: number;
  offeredSeats: number;
  available: number;
  waitlisted: number;
  waitlistedSeats: number;
  checkedIn: number;
  cancelled: number;
}

interface CountRow {
  occurrence_id: number;
  capacity: number;
  confirmed_seats: number;
  offered_seats: number;
  waitlisted: number;
  waitlisted_seats: number;
  checked_in: number;
  cancelled: number;
}

function toCounts(r: CountRow): SeatCounts {
  return {
    capacity: r.capacity,
    confirmedSeats: r.confirmed_seats,
    offeredSeats: r.offered_seats,
    available: Math.max(0, r.capacity - r.confirmed_seats - r.offered_seats),
    waitlisted: r.waitlisted,
    waitlistedSeats: r.waitlisted_seats,
    checkedIn: r.checked_in,
    cancelled: r.cancelled,
  };
}

/** Counts per occurrence with registration, from the rows. Confirmed seats include checked-in ones. */
export async function seatCounts(db: Reader, occurrenceIds: number[]): Promise<Map<number, SeatCounts>> {
  if (occurrenceIds.length === 0) return new Map();
  const rows = await sql<CountRow>`
    SELECT ro.occurrence_id, ro.capacity,
      coalesce(sum(r.seats) FILTER (WHERE r.status IN ('confirmed', 'checked_in')), 0)::int AS confirmed_seats,
      coalesce(sum(r.seats) FILTER (WHERE r.status = 'offered'), 0)::int AS offered_seats,
      count(r.id) FILTER (WHERE r.status = 'waitlisted')::int AS waitlisted,
      coalesce(sum(r.seats) FILTER (WHERE r.status = 'waitlisted'), 0)::int AS waitlisted_seats,
      coalesce(sum(r.seats) FILTER (WHERE r.status = 'checked_in'), 0)::int AS checked_in,
      count(r.id) FILTER (WHERE r.status = 'cancelled')::int AS cancelled
    FROM registration_occurrences ro
    LEFT JOIN registrations r ON r.occurrence_id = ro.occurrence_id
    WHERE ro.occurrence_id = ANY(${sql.val(occurrenceIds)}::bigint[])
    GROUP BY ro.occurrence_id, ro.capacity`.execute(db);
  return new Map(rows.rows.map((r) => [r.occurrence_id, toCounts(r)]));
}

/** What the programme's API and pages show of an occurrence with registration (ISO times). */
export interface OccurrenceRegistration {
  capacity: number;
  confirmedSeats: number;
  available: number;
  waitlisted: number;
  opensAt: string | null;
  closesAt: string;
}

/** The API's numbers, the state in words for visitors, and when that state turns by the clock alone. */
export interface OccurrenceRegistrationState {
  summary: OccurrenceRegistration;
  state: PublicRegistrationState;
  changesAt: Date | null;
}

interface SettingsRow {
  occurrence_id: number;
  opens_at: Date | null;
  closes_at: Date | null;
  starts_at: Date;
  waitlist_capacity: number;
  cancelled: boolean;
}

/**
 * For the events API and the programme's pages: the registration of published occurrences with
 * registration turned on (others are absent from the map). `closesAt` is the effective closing:
 * the set time, else the occurrence's start. Counts come from the rows, like every seat decision.
 */
export async function registrationStates(db: Reader, occurrenceIds: number[], now: Date): Promise<Map<number, OccurrenceRegistrationState>> {
  if (occurrenceIds.length === 0) return new Map();
  const settings = await db
    .selectFrom('registration_occurrences as ro')
    .innerJoin('registration_events as re', 're.event_id', 'ro.event_id')
    .innerJoin('expo_pub_occurrences as po', 'po.occurrence_id', 'ro.occurrence_id')
    .innerJoin('expo_pub_events as pe', 'pe.event_id', 'po.event_id')
    .select(['ro.occurrence_id', 'ro.opens_at', 'ro.closes_at', 'po.starts_at', 're.waitlist_capacity'])
    .select(sql<boolean>`(po.status = 'cancelled' OR pe.status = 'cancelled')`.as('cancelled'))
    .where('ro.occurrence_id', 'in', occurrenceIds)
    .where('ro.enabled', '=', true)
    .execute();
  const counts = await seatCounts(db, settings.map((s) => s.occurrence_id));
  const out = new Map<number, OccurrenceRegistrationState>();
  for (const s of settings as SettingsRow[]) {
    const c = counts.get(s.occurrence_id);
    if (!c) continue;
    const w = { enabled: true, opens_at: s.opens_at, closes_at: s.closes_at, starts_at: s.starts_at, cancelled: s.cancelled };
    out.set(s.occurrence_id, {
      summary: {
        capacity: c.capacity,
        confirmedSeats: c.confirmedSeats,
        available: c.available,
        waitlisted: c.waitlisted,
        opensAt: s.opens_at ? s.opens_at.toISOString() : null,
        closesAt: (s.closes_at ?? s.starts_at).toISOString(),
      },
      state: publicRegistrationState(w, { available: c.available, waitlistCapacity: s.waitlist_capacity, waitlistedSeats: c.waitlistedSeats }, now),
      changesAt: nextWindowChange(w, now),
    });
  }
  return out;
}

/** The API's `registration` object of each published occurrence with registration on. */
export async function registrationSummaries(db: Reader, occurrenceIds: number[]): Promise<Map<number, OccurrenceRegistration>> {
  const states = await registrationStates(db, occurrenceIds, new Date());
  return new Map([...states].map(([id, s]) => [id, s.summary]));
}

/**
 * The render-cache tags of the public views that show these occurrences' registration: the event
 * page and every programme day the occurrence touches (in the edition's time zone), as expo tags them.
 */
export async function cacheTagsOf(db: Reader, occurrenceIds: number[]): Promise<string[]> {
  if (occurrenceIds.length === 0) return [];
  const r = await sql<{ tag: string }>`
    SELECT 'expo:event:' || pe.slug AS tag
      FROM expo_pub_occurrences po JOIN expo_pub_events pe ON pe.event_id = po.event_id
      WHERE po.occurrence_id = ANY(${sql.val(occurrenceIds)}::bigint[])
    UNION
    SELECT 'expo:day:' || to_char(d, 'YYYY-MM-DD') AS tag
      FROM expo_pub_occurrences po JOIN expo_editions ed ON ed.id = po.edition_id,
      LATERAL generate_series(
        (po.starts_at AT TIME ZONE ed.time_zone)::date,
        greatest((po.starts_at AT TIME ZONE ed.time_zone)::date, ((po.ends_at - interval '1 microsecond') AT TIME ZONE ed.time_zone)::date),
        interval '1 day') AS d
      WHERE po.occurrence_id = ANY(${sql.val(occurrenceIds)}::bigint[])`.execute(db);
  return r.rows.map((x) => x.tag).sort();
}

// ---------- an occurrence as the public sign-up page shows it ----------

export interface PublicOccurrence {
  occurrenceId: number;
  eventId: number;
  slug: string;
  title_sv: string;
  title_en: string;
  venue_sv: string;
  venue_en: string;
  address: string;
  startsAt: Date;
  endsAt: Date;
  cancelled: boolean;
  organisationIds: number[];
  settings: {
    enabled: boolean;
    capacity: number;
    opens_at: Date | null;
    closes_at: Date | null;
    max_group_size: number;
    waitlist_capacity: number;
    offer_hours: number;
    account_required: boolean;
    questions: Question[];
    erase_after_days: number;
  };
}

interface PublicOccurrenceRow {
  occurrence_id: number;
  event_id: number;
  slug: string;
  title_sv: string;
  title_en: string;
  venue_sv: string;
  venue_en: string;
  street: string;
  city: string;
  starts_at: Date;
  ends_at: Date;
  cancelled: boolean;
  organisation_ids: number[];
  enabled: boolean;
  capacity: number;
  opens_at: Date | null;
  closes_at: Date | null;
  max_group_size: number;
  waitlist_capacity: number;
  offer_hours: number;
  account_required: boolean;
  questions: Question[];
  erase_after_days: number;
}

function publicOccurrenceFrom(r: PublicOccurrenceRow): PublicOccurrence {
  return {
    occurrenceId: r.occurrence_id,
    eventId: r.event_id,
    slug: r.slug,
    title_sv: r.title_sv,
    title_en: r.title_en,
    venue_sv: r.venue_sv,
    venue_en: r.venue_en || r.venue_sv,
    address: [r.street, r.city].filter(Boolean).join(', '),
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    cancelled: r.cancelled,
    organisationIds: r.organisation_ids.map(Number),
    settings: {
      enabled: r.enabled,
      capacity: r.capacity,
      opens_at: r.opens_at,
      closes_at: r.closes_at,
      max_group_size: r.max_group_size,
      waitlist_capacity: r.waitlist_capacity,
      offer_hours: r.offer_hours,
      account_required: r.account_required,
      questions: r.questions,
      erase_after_days: r.erase_after_days,
    },
  };
}

const PUBLIC_OCCURRENCE_SQL = sql`
  SELECT ro.occurrence_id, ro.event_id, pe.slug, pe.title_sv, pe.title_en,
    v.name_sv AS venue_sv, v.name_en AS venue_en, v.street, v.city,
    po.starts_at, po.ends_at, (po.status = 'cancelled' OR pe.status = 'cancelled') AS cancelled, pe.organisation_ids,
    ro.enabled, ro.capacity, ro.opens_at, ro.closes_at,
    re.max_group_size, re.waitlist_capacity, re.offer_hours, re.account_required, re.questions, re.erase_after_days
  FROM registration_occurrences ro
  JOIN registration_events re ON re.event_id = ro.event_id
  JOIN expo_pub_occurrences po ON po.occurrence_id = ro.occurrence_id
  JOIN expo_pub_events pe ON pe.event_id = po.event_id
  JOIN expo_venues v ON v.id = po.venue_id`;

/** A published occurrence with registration settings; undefined when unknown, unpublished or without registration. */
export async function publicOccurrence(db: Reader, occurrenceId: number): Promise<PublicOccurrence | undefined> {
  const r = await sql<PublicOccurrenceRow>`${PUBLIC_OCCURRENCE_SQL} WHERE ro.occurrence_id = ${occurrenceId}`.execute(db);
  return r.rows[0] ? publicOccurrenceFrom(r.rows[0]) : undefined;
}

export async function publicOccurrences(db: Reader, occurrenceIds: number[]): Promise<PublicOccurrence[]> {
  if (occurrenceIds.length === 0) return [];
  const r = await sql<PublicOccurrenceRow>`${PUBLIC_OCCURRENCE_SQL} WHERE ro.occurrence_id = ANY(${sql.val(occurrenceIds)}::bigint[]) ORDER BY po.starts_at`.execute(db);
  return r.rows.map(publicOccurrenceFrom);
}

// ---------- one registration ----------

export interface RegistrationRow {
  id: number;
  occurrence_id: number;
  arrival: number;
  status: RegistrationStatus;
  name: string;
  email: string | null;
  seats: number;
  answers: Record<string, string>;
  locale: 'sv' | 'en';
  user_id: number | null;
  ticket_code: string;
  idempotency_key: string | null;
  confirmed_at: Date | null;
  offered_at: Date | null;
  offer_expires_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: CancelReason | null;
  checked_in_at: Date | null;
  checked_in_by: number | null;
  erased_at: Date | null;
  created_at: Date;
}

export const REGISTRATION_COLUMNS = [
  'id',
  'occurrence_id',
  'arrival',
  'status',
  'name',
  'email',
  'seats',
  'answers',
  'locale',
  'user_id',
  'ticket_code',
  'idempotency_key',
  'confirmed_at',
  'offered_at',
  'offer_expires_at',
  'cancelled_at',
  'cancel_reason',
  'checked_in_at',
  'checked_in_by',
  'erased_at',
  'created_at',
] as const;

export async function registrationByTokenHash(db: Reader, hash: string): Promise<RegistrationRow | undefined> {
  return db.selectFrom('registrations').select(REGISTRATION_COLUMNS).where('manage_token_hash', '=', hash).executeTakeFirst() as Promise<RegistrationRow | undefined>;
}

export async function registrationById(db: Reader, id: number): Promise<RegistrationRow | undefined> {
  return db.selectFrom('registrations').select(REGISTRATION_COLUMNS).where('id', '=', id).executeTakeFirst() as Promise<RegistrationRow | undefined>;
}

export async function registrationByCode(db: Reader, code: string): Promise<(RegistrationRow & { checked_in_by_name: string | null }) | undefined> {
  return db
    .selectFrom('registrations as r')
    .leftJoin('users as u', 'u.id', 'r.checked_in_by')
    .select(REGISTRATION_COLUMNS.map((c) => `r.${c}` as const))
    .select('u.name as checked_in_by_name')
    .where('r.ticket_code', '=', code)
    .executeTakeFirst() as Promise<(RegistrationRow & { checked_in_by_name: string | null }) | undefined>;
}

/** Place on the waiting list: 1 + the people waiting who arrived earlier. Derived, so it never skips or repeats. */
export async function waitingPosition(db: Reader, r: { occurrence_id: number; arrival: number; status: RegistrationStatus }): Promise<number | undefined> {
  if (r.status !== 'waitlisted') return undefined;
  const row = await db
    .selectFrom('registrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('occurrence_id', '=', r.occurrence_id)
    .where('status', '=', 'waitlisted')
    .where('arrival', '<', r.arrival)
    .executeTakeFirstOrThrow();
  return Number(row.n) + 1;
}

/** Sign-ups made with an address in the last `seconds`, for the per-address rate limit. */
export async function recentSignUpsByEmail(db: Reader, email: string, seconds: number): Promise<number> {
  const row = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM registrations
    WHERE lower(email) = ${email.toLowerCase()} AND created_at > now() - make_interval(secs => ${seconds})`.execute(db);
  return row.rows[0]?.n ?? 0;
}

// ---------- staff reads ----------

export interface AttendeeRow extends RegistrationRow {
  position: number | null;
  checked_in_by_name: string | null;
}

const STATUS_ORDER = sql`CASE r.status WHEN 'checked_in' THEN 1 WHEN 'confirmed' THEN 1 WHEN 'offered' THEN 2 WHEN 'waitlisted' THEN 3 ELSE 4 END`;

/** Everyone registered for an occurrence: confirmed first, then offers, the waiting list in order, cancelled last. */
export async function attendees(db: Reader, occurrenceId: number): Promise<AttendeeRow[]> {
  const r = await sql<AttendeeRow>`
    SELECT r.id, r.occurrence_id, r.arrival, r.status, r.name, r.email, r.seats, r.answers, r.locale, r.user_id, r.ticket_code,
      r.idempotency_key, r.confirmed_at, r.offered_at, r.offer_expires_at, r.cancelled_at, r.cancel_reason,
      r.checked_in_at, r.checked_in_by, r.erased_at, r.created_at, u.name AS checked_in_by_name,
      CASE WHEN r.status = 'waitlisted' THEN row_number() OVER (PARTITION BY r.status = 'waitlisted' ORDER BY r.arrival) END::int AS position
    FROM registrations r
    LEFT JOIN users u ON u.id = r.checked_in_by
    WHERE r.occurrence_id = ${occurrenceId}
    ORDER BY ${STATUS_ORDER}, r.arrival`.execute(db);
  return r.rows;
}

export interface StaffOccurrence {
  occurrenceId: number;
  eventId: number;
  title_sv: string;
  title_en: string;
  venue_sv: string;
  venue_en: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
  organisationIds: number[];
  published: boolean;
  /** Null when registration was never turned on for this occurrence. */
  settings: { enabled: boolean; capacity: number; opens_at: Date | null; closes_at: Date | null } | null;
}

interface StaffOccurrenceRow {
  occurrence_id: number;
  event_id: number;
  title_sv: string;
  title_en: string;
  venue_sv: string;
  venue_en: string;
  starts_at: Date;
  ends_at: Date;
  status: string;
  organisation_ids: number[] | null;
  published: boolean;
  enabled: boolean | null;
  capacity: number | null;
  opens_at: Date | null;
  closes_at: Date | null;
}

const STAFF_OCCURRENCE_SQL = sql`
  SELECT o.id AS occurrence_id, o.event_id, e.title_sv, e.title_en, v.name_sv AS venue_sv, v.name_en AS venue_en,
    o.starts_at, o.ends_at, CASE WHEN e.status = 'cancelled' THEN 'cancelled' ELSE o.status END AS status,
    (SELECT array_agg(eo.organisation_id ORDER BY eo.organisation_id) FROM expo_event_organisers eo WHERE eo.event_id = o.event_id) AS organisation_ids,
    EXISTS (SELECT 1 FROM expo_pub_occurrences po WHERE po.occurrence_id = o.id) AS published,
    ro.enabled, ro.capacity, ro.opens_at, ro.closes_at
  FROM expo_occurrences o
  JOIN expo_events e ON e.id = o.event_id
  JOIN expo_venues v ON v.id = o.venue_id
  LEFT JOIN registration_occurrences ro ON ro.occurrence_id = o.id`;

function staffOccurrenceFrom(r: StaffOccurrenceRow): StaffOccurrence {
  return {
    occurrenceId: r.occurrence_id,
    eventId: r.event_id,
    title_sv: r.title_sv,
    title_en: r.title_en,
    venue_sv: r.venue_sv,
    venue_en: r.venue_en || r.venue_sv,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    status: r.status,
    organisationIds: (r.organisation_ids ?? []).map(Number),
    published: r.published,
    settings: r.capacity === null ? null : { enabled: r.enabled ?? false, capacity: r.capacity, opens_at: r.opens_at, closes_at: r.closes_at },
  };
}

export async function staffOccurrence(db: Reader, occurrenceId: number): Promise<StaffOccurrence | undefined> {
  const r = await sql<StaffOccurrenceRow>`${STAFF_OCCURRENCE_SQL} WHERE o.id = ${occurrenceId}`.execute(db);
  return r.rows[0] ? staffOccurrenceFrom(r.rows[0]) : undefined;
}

export async function staffOccurrencesOfEvent(db: Reader, eventId: number): Promise<StaffOccurrence[]> {
  const r = await sql<StaffOccurrenceRow>`${STAFF_OCCURRENCE_SQL} WHERE o.event_id = ${eventId} ORDER BY o.starts_at, o.id`.execute(db);
  return r.rows.map(staffOccurrenceFrom);
}

export interface StaffEvent {
  eventId: number;
  title_sv: string;
  title_en: string;
  state: string;
  bookingMode: string;
  organisationIds: number[];
  organisers: string[];
  settings: {
    max_group_size: number;
    waitlist_capacity: number;
    offer_hours: number;
    account_required: boolean;
    questions: Question[];
    erase_after_days: number;
  } | null;
}

interface StaffEventRow {
  event_id: number;
  title_sv: string;
  title_en: string;
  state: string;
  booking_mode: string;
  organisation_ids: number[] | null;
  organisers: string[] | null;
  max_group_size: number | null;
  waitlist_capacity: number | null;
  offer_hours: number | null;
  account_required: boolean | null;
  questions: Question[] | null;
  erase_after_days: number | null;
}

const STAFF_EVENT_SQL = sql`
  SELECT e.id AS event_id, e.title_sv, e.title_en, e.state, e.booking_mode,
    (SELECT array_agg(eo.organisation_id ORDER BY eo.organisation_id) FROM expo_event_organisers eo WHERE eo.event_id = e.id) AS organisation_ids,
    (SELECT array_agg(org.name ORDER BY eo.is_main DESC, org.name COLLATE sv) FROM expo_event_organisers eo JOIN organisations org ON org.id = eo.organisation_id WHERE eo.event_id = e.id) AS organisers,
    re.max_group_size, re.waitlist_capacity, re.offer_hours, re.account_required, re.questions, re.erase_after_days
  FROM expo_events e
  LEFT JOIN registration_events re ON re.event_id = e.id`;

function staffEventFrom(r: StaffEventRow): StaffEvent {
  return {
    eventId: r.event_id,
    title_sv: r.title_sv,
    title_en: r.title_en,
    state: r.state,
    bookingMode: r.booking_mode,
    organisationIds: (r.organisation_ids ?? []).map(Number),
    organisers: r.organisers ?? [],
    settings:
      r.max_group_size === null
        ? null
        : {
            max_group_size: r.max_group_size,
            waitlist_capacity: r.waitlist_capacity ?? 0,
            offer_hours: r.offer_hours ?? 12,
            account_required: r.account_required ?? false,
            questions: r.questions ?? [],
            erase_after_days: r.erase_after_days ?? 30,
          },
  };
}

export async function staffEvent(db: Reader, eventId: number): Promise<StaffEvent | undefined> {
  const r = await sql<StaffEventRow>`${STAFF_EVENT_SQL} WHERE e.id = ${eventId}`.execute(db);
  return r.rows[0] ? staffEventFrom(r.rows[0]) : undefined;
}

/**
 * Programme items a person may see here: all of them for the programme team (organisationIds
 * undefined), else those of their organisations. `withRegistration` limits to items with it turned on.
 */
export async function staffEvents(db: Reader, opts: { organisationIds?: number[]; withRegistration?: boolean; limit?: number }): Promise<StaffEvent[]> {
  const conditions = [sql`e.state NOT IN ('rejected', 'withdrawn')`];
  if (opts.organisationIds) {
    if (opts.organisationIds.length === 0) return [];
    conditions.push(sql`EXISTS (SELECT 1 FROM expo_event_organisers eo WHERE eo.event_id = e.id AND eo.organisation_id = ANY(${sql.val(opts.organisationIds)}::bigint[]))`);
  }
  if (opts.withRegistration === true) conditions.push(sql`re.event_id IS NOT NULL`);
  if (opts.withRegistration === false) conditions.push(sql`re.event_id IS NULL`);
  const r = await sql<StaffEventRow>`${STAFF_EVENT_SQL} WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY e.title_sv COLLATE sv, e.id LIMIT ${opts.limit ?? 1000}`.execute(db);
  return r.rows.map(staffEventFrom);
}

/** Every occurrence with registration of the given items, with counts, for the staff overview. */
export async function registrationOccurrencesOfEvents(db: Reader, eventIds: number[]): Promise<StaffOccurrence[]> {
  if (eventIds.length === 0) return [];
  const r = await sql<StaffOccurrenceRow>`${STAFF_OCCURRENCE_SQL} WHERE ro.occurrence_id IS NOT NULL AND o.event_id = ANY(${sql.val(eventIds)}::bigint[]) ORDER BY o.starts_at, o.id`.execute(db);
  return r.rows.map(staffOccurrenceFrom);
}

/** Recipients of a staff message: confirmed and checked-in people, and optionally those waiting. */
export async function messageRecipients(db: Reader, occurrenceId: number, includeWaiting: boolean): Promise<{ id: number; email: string; name: string; locale: 'sv' | 'en'; ticket_code: string }[]> {
  const statuses: RegistrationStatus[] = includeWaiting ? ['confirmed', 'checked_in', 'offered', 'waitlisted'] : ['confirmed', 'checked_in'];
  const rows = await db
    .selectFrom('registrations')
    .select(['id', 'email', 'name', 'locale', 'ticket_code'])
    .where('occurrence_id', '=', occurrenceId)
    .where('status', 'in', statuses)
    .where('email', 'is not', null)
    .orderBy('arrival')
    .execute();
  return rows as { id: number; email: string; name: string; locale: 'sv' | 'en'; ticket_code: string }[];
}
