// The expo module's tables, merged into the Kysely Database type.
import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp } from '../../db/types.ts';
import type {
  AccessibilityFeature,
  AreaKind,
  AttendanceMode,
  Audience,
  BookingMode,
  EventState,
  EventStatus,
  EventType,
  OpeningHours,
  PriceEntry,
  ReviewDecision,
  ChangeKind,
  Theme,
} from './expo.schema.ts';

type Def<T> = ColumnType<T, T | undefined, T>;

export interface ExpoEditionsTable {
  id: Generated<number>;
  slug: string;
  acronym: string;
  name_sv: string;
  name_en: Def<string>;
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string, string, string>;
  time_zone: Def<string>;
  description_sv: Def<string>;
  description_en: Def<string>;
  is_current: Def<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface GeoJsonGeometry {
  type: 'Point' | 'Polygon' | 'MultiPolygon';
  coordinates: unknown;
}

export interface ExpoAreasTable {
  id: Generated<number>;
  edition_id: number;
  slug: string;
  kind: AreaKind;
  name_sv: string;
  name_en: Def<string>;
  description_sv: Def<string>;
  description_en: Def<string>;
  geometry: Json<GeoJsonGeometry>;
  position: Def<number>;
  is_demo: Def<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ExpoVenuesTable {
  id: Generated<number>;
  edition_id: number;
  area_id: number;
  slug: string;
  name_sv: string;
  name_en: Def<string>;
  description_sv: Def<string>;
  description_en: Def<string>;
  street: Def<string>;
  postal_code: Def<string>;
  city: Def<string>;
  municipality: Def<string>;
  country: Def<string>;
  lat: number;
  lon: number;
  capacity: number | null;
  opening_hours: Json<OpeningHours>;
  accessibility: Def<AccessibilityFeature[]>;
  exclusive: Def<boolean>;
  is_demo: Def<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ExpoEventsTable {
  id: Generated<number>;
  edition_id: number;
  slug: string;
  state: Def<EventState>;
  status: Def<EventStatus>;
  type: EventType;
  title_sv: string;
  title_en: Def<string>;
  description_sv: Def<string>;
  description_en: Def<string>;
  themes: Def<Theme[]>;
  sdgs: Def<number[]>;
  audience: Def<Audience[]>;
  age_min: number | null;
  age_max: number | null;
  languages: Def<string[]>;
  accessibility: Def<AccessibilityFeature[]>;
  prices: Json<PriceEntry[]>;
  booking_mode: Def<BookingMode>;
  booking_url: string | null;
  attendance_mode: Def<AttendanceMode>;
  online_url: string | null;
  image_url: string | null;
  image_alt_sv: Def<string>;
  image_alt_en: Def<string>;
  initiative_ids: Def<number[]>;
  contact_email: string | null;
  review_reason: string | null;
  created_by: number | null;
  submitted_at: Date | null;
  reviewed_at: Date | null;
  source: Def<string>;
  external_id: string | null;
  import_hash: string | null;
  /** Made by PostgreSQL from the title and description (copied into the snapshot when published). */
  search_sv: ColumnType<string, never, never>;
  search_en: ColumnType<string, never, never>;
  trgm: ColumnType<string, never, never>;
  is_demo: Def<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ExpoEventOrganisersTable {
  event_id: number;
  organisation_id: number;
  is_main: Def<boolean>;
}

export interface ExpoRecurrencesTable {
  id: Generated<number>;
  event_id: number;
  venue_id: number;
  weekdays: number[];
  interval_weeks: Def<number>;
  first_date: string;
  last_date: string;
  start_time: string;
  end_time: string;
  exceptions: Def<string[]>;
}

export interface ExpoOccurrencesTable {
  id: Generated<number>;
  guid: Generated<string>;
  event_id: number;
  venue_id: number;
  starts_at: Date;
  ends_at: Date;
  all_day: Def<boolean>;
  status: Def<EventStatus>;
  recurrence_id: number | null;
  recurrence_date: string | null;
  external_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ExpoEventReviewsTable {
  id: Generated<number>;
  event_id: number;
  reviewer_id: number | null;
  reviewer_label: string;
  decision: ReviewDecision;
  reason: string;
  created_at: Timestamp;
}

export interface ExpoReleasesTable {
  id: Generated<number>;
  edition_id: number;
  number: number;
  published_at: Timestamp;
  published_by: number | null;
  note_sv: Def<string>;
  note_en: Def<string>;
  event_count: Def<number>;
  occurrence_count: Def<number>;
}

export interface ExpoReleaseChangesTable {
  id: Generated<number>;
  release_id: number;
  event_id: number;
  occurrence_id: number | null;
  kind: ChangeKind;
  event_slug: string;
  title_sv: string;
  title_en: Def<string>;
  detail: Json<Record<string, unknown>>;
}

export interface ExpoPubEventsTable {
  event_id: number;
  edition_id: number;
  slug: string;
  release_id: number;
  first_release_id: number;
  sequence: Def<number>;
  type: EventType;
  status: EventStatus;
  themes: Theme[];
  sdgs: number[];
  audience: Audience[];
  languages: string[];
  is_free: boolean;
  organisation_ids: number[];
  title_sv: string;
  title_en: string;
  data: Json<unknown>;
  search_sv: ColumnType<string, never, never>;
  search_en: ColumnType<string, never, never>;
  trgm: ColumnType<string, never, never>;
}

export interface ExpoPubOccurrencesTable {
  occurrence_id: number;
  guid: string;
  event_id: number;
  edition_id: number;
  venue_id: number;
  area_id: number;
  starts_at: Date;
  ends_at: Date;
  all_day: boolean;
  status: EventStatus;
  accessibility: AccessibilityFeature[];
  sequence: Def<number>;
  release_id: number;
}

export interface ExpoStarsTable {
  user_id: number;
  event_id: number;
  created_at: Timestamp;
}

export interface ExpoFeedTokensTable {
  user_id: number;
  token_hash: string;
  created_at: Timestamp;
}

declare module '../../db/types.ts' {
  interface Database {
    expo_editions: ExpoEditionsTable;
    expo_areas: ExpoAreasTable;
    expo_venues: ExpoVenuesTable;
    expo_events: ExpoEventsTable;
    expo_event_organisers: ExpoEventOrganisersTable;
    expo_recurrences: ExpoRecurrencesTable;
    expo_occurrences: ExpoOccurrencesTable;
    expo_event_reviews: ExpoEventReviewsTable;
    expo_releases: ExpoReleasesTable;
    expo_release_changes: ExpoReleaseChangesTable;
    expo_pub_events: ExpoPubEventsTable;
    expo_pub_occurrences: ExpoPubOccurrencesTable;
    expo_stars: ExpoStarsTable;
    expo_feed_tokens: ExpoFeedTokensTable;
  }
}
