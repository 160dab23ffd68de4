// Vocabularies, form schemas and API schemas of the expo programme. Imports nothing of ours.
import { Type, type Static, type TBoolean, type TLiteral, type TOptional, type TString, type TUnion } from '@sinclair/typebox';

// ---------- vocabularies (the database checks the same lists) ----------

export const AREA_KINDS = ['main', 'city', 'satellite'] as const;
export type AreaKind = (typeof AREA_KINDS)[number];

export const EVENT_TYPES = ['talk', 'workshop', 'conference', 'exhibition', 'guided_tour', 'performance', 'meeting', 'other'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_STATES = ['draft', 'submitted', 'changes_requested', 'accepted', 'rejected', 'withdrawn'] as const;
export type EventState = (typeof EVENT_STATES)[number];

/** schema.org eventStatus values (EventScheduled, EventRescheduled, EventPostponed, EventCancelled). */
export const EVENT_STATUSES = ['scheduled', 'rescheduled', 'postponed', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** The six focus areas of a smarter city, as the H22 FAQ lists them. */
export const THEMES = ['quality_of_life', 'global_goals', 'innovation', 'technology', 'engagement', 'enabler'] as const;
export type Theme = (typeof THEMES)[number];

export const SDGS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17] as const;

export const AUDIENCES = ['general', 'families', 'children', 'youth', 'students', 'professionals', 'seniors'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** Languages a programme item can be held in (ISO 639-1). */
export const LANGUAGES = ['sv', 'en', 'da', 'nb', 'de', 'fi', 'ar', 'uk'] as const;

export const ACCESSIBILITY_FEATURES = ['step_free', 'accessible_toilet', 'hearing_loop', 'seating', 'sign_language', 'captions', 'audio_description', 'quiet_space'] as const;
export type AccessibilityFeature = (typeof ACCESSIBILITY_FEATURES)[number];

/**
 * The schema.org `accessibilityFeature` term for each feature. Where the W3C accessibility vocabulary
 * has a term (captions, signLanguage, audioDescription) it is used; physical features have none
 * there, so they get descriptive camelCase terms (also emitted as Place.amenityFeature).
 */
export const SCHEMA_ORG_ACCESSIBILITY: Record<AccessibilityFeature, string> = {
  step_free: 'wheelchairAccessible',
  accessible_toilet: 'accessibleToilet',
  hearing_loop: 'inductionLoop',
  seating: 'seating',
  sign_language: 'signLanguage',
  captions: 'captions',
  audio_description: 'audioDescription',
  quiet_space: 'quietSpace',
};

export const BOOKING_MODES = ['none', 'external', 'registration'] as const;
export type BookingMode = (typeof BOOKING_MODES)[number];

export const ATTENDANCE_MODES = ['offline', 'online', 'mixed'] as const;
export type AttendanceMode = (typeof ATTENDANCE_MODES)[number];

export const PRICE_CATEGORIES = ['adult', 'student', 'child', 'senior', 'other'] as const;
export type PriceCategory = (typeof PRICE_CATEGORIES)[number];

export interface PriceEntry {
  category: PriceCategory;
  amount_ore: number;
  age_min?: number;
  age_max?: number;
}

export const REVIEW_DECISIONS = ['accept', 'request_changes', 'reject'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const CHANGE_KINDS = ['new', 'moved', 'cancelled', 'changed', 'removed'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** ISO weekday ("1" = Monday … "7" = Sunday) → opening and closing time; a missing day is closed. */
export type OpeningHours = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', { opens: string; closes: string }>>;

export const LIMITS = {
  title: 200,
  description: 20000,
  url: 500,
  alt: 300,
  reason: 5000,
  slots: 40,
  query: 200,
} as const;

export const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
export const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
export const TIME_PATTERN = '^([01]\\d|2[0-3]):[0-5]\\d$';
/** Kronor with an optional decimal part (comma or point), as typed in a form. */
export const SEK_PATTERN = '^\\d{1,6}([.,]\\d{1,2})?$';

const lit = <T extends string | number>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<TLiteral<T>[]>;

// ---------- the event form (admin: organisers and the programme team) ----------

export const EventForm = Type.Object({
  title_sv: Type.String({ minLength: 1, maxLength: LIMITS.title }),
  title_en: Type.Optional(Type.String({ maxLength: LIMITS.title })),
  description_sv: Type.Optional(Type.String({ maxLength: LIMITS.description })),
  description_en: Type.Optional(Type.String({ maxLength: LIMITS.description })),
  type: lit(EVENT_TYPES),
  themes: Type.Array(lit(THEMES)),
  sdgs: Type.Array(Type.String({ pattern: '^([1-9]|1[0-7])$' })),
  audience: Type.Array(lit(AUDIENCES)),
  age_min: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
  age_max: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
  languages: Type.Array(lit(LANGUAGES)),
  accessibility: Type.Array(lit(ACCESSIBILITY_FEATURES)),
  price_adult: Type.Optional(Type.String({ pattern: SEK_PATTERN })),
  price_student: Type.Optional(Type.String({ pattern: SEK_PATTERN })),
  price_child: Type.Optional(Type.String({ pattern: SEK_PATTERN })),
  price_senior: Type.Optional(Type.String({ pattern: SEK_PATTERN })),
  booking_mode: lit(BOOKING_MODES),
  booking_url: Type.Optional(Type.String({ maxLength: LIMITS.url, format: 'uri' })),
  attendance_mode: lit(ATTENDANCE_MODES),
  online_url: Type.Optional(Type.String({ maxLength: LIMITS.url, format: 'uri' })),
  image_url: Type.Optional(Type.String({ maxLength: LIMITS.url, format: 'uri' })),
  image_alt_sv: Type.Optional(Type.String({ maxLength: LIMITS.alt })),
  image_alt_en: Type.Optional(Type.String({ maxLength: LIMITS.alt })),
  contact_email: Type.Optional(Type.String({ maxLength: 254, format: 'email' })),
  main_organisation: Type.String({ pattern: '^\\d{1,12}$' }),
  co_organisations: Type.Array(Type.String({ pattern: '^\\d{1,12}$' })),
  status: Type.Optional(lit(EVENT_STATUSES)),
  repeat_weekdays: Type.Array(Type.String({ pattern: '^[1-7]$' })),
  repeat_until: Type.Optional(Type.String({ pattern: DATE_PATTERN })),
  repeat_interval: Type.Optional(Type.Integer({ minimum: 1, maximum: 8 })),
  repeat_except: Type.Optional(Type.String({ maxLength: 2000 })),
  period_from: Type.Optional(Type.String({ pattern: DATE_PATTERN })),
  period_to: Type.Optional(Type.String({ pattern: DATE_PATTERN })),
  period_venue: Type.Optional(Type.String({ pattern: '^\\d{1,12}$' })),
  confirm_warnings: Type.Boolean(),
});
export type EventFormValue = Static<typeof EventForm>;

export const ReviewForm = Type.Object({
  decision: lit(REVIEW_DECISIONS),
  reason: Type.String({ minLength: 1, maxLength: LIMITS.reason }),
});

export const ReleaseForm = Type.Object({
  note_sv: Type.Optional(Type.String({ maxLength: 2000 })),
  note_en: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const OccurrenceStatusForm = Type.Object({ status: lit(EVENT_STATUSES) });

// ---------- public filters (HTML, ICS, CSV and the JSON API share them) ----------

export const ProgrammeQuery = Type.Object(
  {
    date: Type.Optional(Type.String({ pattern: DATE_PATTERN, description: 'A day of the expo (YYYY-MM-DD, local time)' })),
    from: Type.Optional(Type.String({ pattern: DATE_PATTERN, description: 'First day (inclusive)' })),
    to: Type.Optional(Type.String({ pattern: DATE_PATTERN, description: 'Last day (inclusive)' })),
    area: Type.Optional(Type.String({ pattern: SLUG_PATTERN, maxLength: 100, description: 'Area slug' })),
    venue: Type.Optional(Type.String({ pattern: SLUG_PATTERN, maxLength: 100, description: 'Venue slug' })),
    type: Type.Optional(lit(EVENT_TYPES)),
    theme: Type.Optional(lit(THEMES)),
    sdg: Type.Optional(Type.Integer({ minimum: 1, maximum: 17 })),
    audience: Type.Optional(lit(AUDIENCES)),
    lang: Type.Optional(Type.String({ pattern: '^[a-z]{2}$', description: 'Language the item is held in (ISO 639-1)' })),
    free: Type.Optional(Type.Boolean({ description: 'Only free items' })),
    access: Type.Optional(Type.Array(lit(ACCESSIBILITY_FEATURES), { description: 'Accessibility features the item or its venue must have (all of them)' })),
    q: Type.Optional(Type.String({ maxLength: LIMITS.query, description: 'Text search (Swedish and English stemming)' })),
  },
  { additionalProperties: false },
);
export type ProgrammeFilter = Static<typeof ProgrammeQuery>;

export const ApiEventsQuery = Type.Object(
  {
    ...ProgrammeQuery.properties,
    locale: Type.Optional(Type.Union([Type.Literal('sv'), Type.Literal('en')], { description: 'Language of the texts (default sv; English falls back to Swedish)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The next_cursor of the previous page' })),
  },
  { additionalProperties: false },
);
export type ApiEventsQueryValue = Static<typeof ApiEventsQuery>;

const Place = Type.Object({
  venue: Type.Object({ slug: Type.String(), name: Type.String(), street: Type.String(), postal_code: Type.String(), city: Type.String(), lat: Type.Number(), lon: Type.Number() }),
  area: Type.Object({ slug: Type.String(), name: Type.String(), kind: lit(AREA_KINDS) }),
});

export const ApiOccurrence = Type.Object(
  {
    id: Type.Integer({ description: 'Stable occurrence id' }),
    guid: Type.String({ format: 'uuid', description: 'Stable occurrence guid' }),
    event_id: Type.Integer(),
    slug: Type.String(),
    url: Type.String(),
    title: Type.String(),
    summary: Type.String(),
    type: lit(EVENT_TYPES),
    status: lit(EVENT_STATUSES),
    starts_at: Type.String({ format: 'date-time' }),
    ends_at: Type.String({ format: 'date-time' }),
    all_day: Type.Boolean({ description: 'A period item (an exhibition open for days or weeks)' }),
    themes: Type.Array(lit(THEMES)),
    sdgs: Type.Array(Type.Integer()),
    audience: Type.Array(lit(AUDIENCES)),
    languages: Type.Array(Type.String()),
    accessibility: Type.Array(lit(ACCESSIBILITY_FEATURES)),
    is_free: Type.Boolean(),
    prices: Type.Array(Type.Object({ category: lit(PRICE_CATEGORIES), amount_ore: Type.Integer(), currency: Type.Literal('SEK') })),
    organisers: Type.Array(Type.Object({ slug: Type.String(), name: Type.String(), main: Type.Boolean() })),
    initiatives: Type.Array(
      Type.Object({ id: Type.Integer(), slug: Type.String(), url: Type.String(), title: Type.String(), stage: Type.String({ description: 'idea, pilot, scale_up, realised or stopped' }) }),
      { description: 'Published innovation initiatives the item shows (links to /initiativ pages)' },
    ),
    ...Place.properties,
  },
  { description: 'One dated occurrence of a published programme item' },
);

export const ApiEventsPage = Type.Object({
  items: Type.Array(ApiOccurrence),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
  release: Type.Union([Type.Integer(), Type.Null()], {
    description:
      'Number of the published release this answer was made from. A later release that changed nothing in this view leaves the answer, its ETag and this number as they were; the changelog and its Atom feed list every release.',
  }),
});

export const GeoJsonCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      geometry: Type.Object({ type: Type.String(), coordinates: Type.Unknown() }),
      properties: Type.Record(Type.String(), Type.Unknown()),
    }),
  ),
});

// ---------- places: the edition, areas and venues (staff forms) ----------

export const PLACE_LIMITS = {
  name: 200,
  slug: 100,
  areaDescription: 20000,
  venueDescription: 5000,
  street: 200,
  postalCode: 20,
  city: 100,
  /** The GeoJSON text of an area: a detailed outline fits; a whole map does not. */
  geometry: 200_000,
  number: 30,
} as const;

export const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

export const AreaForm = Type.Object({
  name_sv: Type.String({ minLength: 1, maxLength: PLACE_LIMITS.name }),
  name_en: Type.Optional(Type.String({ maxLength: PLACE_LIMITS.name })),
  slug: Type.Optional(Type.String({ maxLength: PLACE_LIMITS.slug, pattern: SLUG_PATTERN })),
  kind: lit(AREA_KINDS),
  description_sv: Type.Optional(Type.String({ maxLength: PLACE_LIMITS.areaDescription })),
  description_en: Type.Optional(Type.String({ maxLength: PLACE_LIMITS.areaDescription })),
  geometry: Type.String({ minLength: 1, maxLength: PLACE_LIMITS.geometry }),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
});
export type AreaFormValue = Static<typeof AreaForm>;

const hoursFields = Object.fromEntries(
  WEEKDAYS.flatMap((d) => [
    [`hours_${d}_opens`, Type.Optional(Type.String({ pattern: TIME_PATTERN }))],
    [`hours_${d}_closes`, Type.Optional(Type.String({ pattern: TIME_PATTERN }))],
    [`hours_${d}_closed`, Type.Boolean()],
  ]),
) as Record<`hours_${(typeof WEEKDAYS)[number]}_${'opens' | 'closes'}`, TOptional<TString>> & Record<`hours_${(typeof WEEKDAYS)[number]}_closed`, TBoolean>;

export const VenueForm = Type.Object({
  name_sv: Type.String({ minLength: 1, maxLength: PLACE_LIMITS.name }),
  name_en: Type.Optional(Type.String({ maxLength: PLACE_LIMITS.name })),
  slug: Type.Optional(Type.String({ maxLength: PLACE_LIMITS.slug, pattern: SLUG_PATTERN })),
  area_id: Type.String({ pattern: '^\\d{1,12}$' }),
  description_sv: Type.Optional(Type.String({ maxLength: PLACE_LIMITS.venueDescription })),
  description_en: Type.Optional(Type.String({ maxLength: PLACE_LIMITS.venueDescription })),
  street: Type.Optional(Type.String({ maxLength: PLACE_LIMITS.street })),
  postal_code: Type.Optional(Type.String({ maxLength: PLACE_LIMITS.postalCode })),
  city: Type.Optional(Type.String({ maxLength: PLACE_LIMITS.city })),
  // Numbers as typed (a Swedish decimal comma is fine); range-checked with a message of their own.
  lat: Type.String({ minLength: 1, maxLength: PLACE_LIMITS.number }),
  lon: Type.String({ minLength: 1, maxLength: PLACE_LIMITS.number }),
  capacity: Type.Optional(Type.String({ maxLength: PLACE_LIMITS.number })),
  accessibility: Type.Array(lit(ACCESSIBILITY_FEATURES)),
  exclusive: Type.Boolean(),
  ...hoursFields,
});
export type VenueFormValue = Static<typeof VenueForm>;

export const EditionForm = Type.Object({
  name_sv: Type.String({ minLength: 1, maxLength: PLACE_LIMITS.name }),
  name_en: Type.Optional(Type.String({ maxLength: PLACE_LIMITS.name })),
  starts_on: Type.String({ pattern: DATE_PATTERN }),
  ends_on: Type.String({ pattern: DATE_PATTERN }),
  time_zone: Type.String({ minLength: 1, maxLength: 64 }),
  description_sv: Type.Optional(Type.String({ maxLength: LIMITS.description })),
  description_en: Type.Optional(Type.String({ maxLength: LIMITS.description })),
});
export type EditionFormValue = Static<typeof EditionForm>;
