-- H22 City Expo: editions, areas, venues, programme items (events) with organisers, occurrences and
-- weekly recurrences, the review trail, numbered releases with a changelog, and the published
-- snapshot that every public page, feed and export reads (nothing unpublished is ever read there).

CREATE TABLE expo_editions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  acronym text NOT NULL UNIQUE CHECK (acronym ~ '^[a-z0-9_-][a-z0-9_]{3,}$'),
  name_sv text NOT NULL CHECK (length(name_sv) BETWEEN 1 AND 200),
  name_en text NOT NULL DEFAULT '' CHECK (length(name_en) <= 200),
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  time_zone text NOT NULL DEFAULT 'Europe/Stockholm',
  description_sv text NOT NULL DEFAULT '' CHECK (length(description_sv) <= 20000),
  description_en text NOT NULL DEFAULT '' CHECK (length(description_en) <= 20000),
  is_current boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on >= starts_on)
);
-- One edition is the one the public pages show.
CREATE UNIQUE INDEX expo_editions_current_key ON expo_editions ((true)) WHERE is_current;

CREATE TABLE expo_areas (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  edition_id bigint NOT NULL REFERENCES expo_editions (id) ON DELETE CASCADE,
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  kind text NOT NULL CHECK (kind IN ('main', 'city', 'satellite')),
  name_sv text NOT NULL CHECK (length(name_sv) BETWEEN 1 AND 200),
  name_en text NOT NULL DEFAULT '' CHECK (length(name_en) <= 200),
  description_sv text NOT NULL DEFAULT '' CHECK (length(description_sv) <= 20000),
  description_en text NOT NULL DEFAULT '' CHECK (length(description_en) <= 20000),
  -- A GeoJSON geometry (RFC 7946, WGS 84 lon/lat).
  geometry jsonb NOT NULL CHECK (geometry ->> 'type' IN ('Point', 'Polygon', 'MultiPolygon')),
  position integer NOT NULL DEFAULT 0,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (edition_id, slug)
);

CREATE TABLE expo_venues (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  edition_id bigint NOT NULL REFERENCES expo_editions (id) ON DELETE CASCADE,
  area_id bigint NOT NULL REFERENCES expo_areas (id),
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name_sv text NOT NULL CHECK (length(name_sv) BETWEEN 1 AND 200),
  name_en text NOT NULL DEFAULT '' CHECK (length(name_en) <= 200),
  description_sv text NOT NULL DEFAULT '' CHECK (length(description_sv) <= 5000),
  description_en text NOT NULL DEFAULT '' CHECK (length(description_en) <= 5000),
  street text NOT NULL DEFAULT '' CHECK (length(street) <= 200),
  postal_code text NOT NULL DEFAULT '' CHECK (length(postal_code) <= 20),
  city text NOT NULL DEFAULT 'Helsingborg' CHECK (length(city) <= 100),
  municipality text NOT NULL DEFAULT 'Helsingborg' CHECK (length(municipality) <= 100),
  country text NOT NULL DEFAULT 'SE' CHECK (country ~ '^[A-Z]{2}$'),
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  capacity integer CHECK (capacity > 0),
  -- ISO weekday "1".."7" → {"opens": "HH:MM", "closes": "HH:MM"}; a missing day is closed.
  opening_hours jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(opening_hours) = 'object'),
  accessibility text[] NOT NULL DEFAULT '{}' CHECK (accessibility <@ ARRAY['step_free', 'accessible_toilet', 'hearing_loop', 'seating', 'sign_language', 'captions', 'audio_description', 'quiet_space']::text[]),
  -- Only one programme item at a time (a stage, a meeting room); warnings when two overlap.
  exclusive boolean NOT NULL DEFAULT false,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (edition_id, slug)
);
CREATE INDEX expo_venues_area_idx ON expo_venues (area_id);

CREATE TABLE expo_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  edition_id bigint NOT NULL REFERENCES expo_editions (id) ON DELETE CASCADE,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  -- Workflow state (who may see and edit it) and the public event status (schema.org eventStatus).
  state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'changes_requested', 'accepted', 'rejected', 'withdrawn')),
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'rescheduled', 'postponed', 'cancelled')),
  type text NOT NULL CHECK (type IN ('talk', 'workshop', 'conference', 'exhibition', 'guided_tour', 'performance', 'meeting', 'other')),
  title_sv text NOT NULL CHECK (length(btrim(title_sv)) BETWEEN 1 AND 200),
  title_en text NOT NULL DEFAULT '' CHECK (length(title_en) <= 200),
  description_sv text NOT NULL DEFAULT '' CHECK (length(description_sv) <= 20000),
  description_en text NOT NULL DEFAULT '' CHECK (length(description_en) <= 20000),
  themes text[] NOT NULL DEFAULT '{}' CHECK (themes <@ ARRAY['quality_of_life', 'global_goals', 'innovation', 'technology', 'engagement', 'enabler']::text[]),
  sdgs smallint[] NOT NULL DEFAULT '{}' CHECK (sdgs <@ ARRAY[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]::smallint[]),
  audience text[] NOT NULL DEFAULT '{}' CHECK (audience <@ ARRAY['general', 'families', 'children', 'youth', 'students', 'professionals', 'seniors']::text[]),
  age_min smallint CHECK (age_min BETWEEN 0 AND 120),
  age_max smallint CHECK (age_max BETWEEN 0 AND 120),
  languages text[] NOT NULL DEFAULT '{sv}' CHECK (cardinality(languages) BETWEEN 1 AND 10 AND array_to_string(languages, ',') ~ '^[a-z]{2}(,[a-z]{2})*$'),
  accessibility text[] NOT NULL DEFAULT '{}' CHECK (accessibility <@ ARRAY['step_free', 'accessible_toilet', 'hearing_loop', 'seating', 'sign_language', 'captions', 'audio_description', 'quiet_space']::text[]),
  -- [{"category": "adult"|"student"|"child"|"senior"|"other", "amount_ore": int, "age_min"?: int, "age_max"?: int}]; empty = free.
  prices jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(prices) = 'array'),
  booking_mode text NOT NULL DEFAULT 'none' CHECK (booking_mode IN ('none', 'external', 'registration')),
  booking_url text CHECK (length(booking_url) <= 500),
  attendance_mode text NOT NULL DEFAULT 'offline' CHECK (attendance_mode IN ('offline', 'online', 'mixed')),
  online_url text CHECK (length(online_url) <= 500),
  image_url text CHECK (length(image_url) <= 500),
  image_alt_sv text NOT NULL DEFAULT '' CHECK (length(image_alt_sv) <= 300),
  image_alt_en text NOT NULL DEFAULT '' CHECK (length(image_alt_en) <= 300),
  -- Ids of innovation initiatives shown with the item (the initiatives module resolves them).
  initiative_ids bigint[] NOT NULL DEFAULT '{}',
  contact_email text CHECK (length(contact_email) <= 254),
  -- The last review reason, shown to the organiser.
  review_reason text CHECK (length(review_reason) <= 5000),
  created_by bigint REFERENCES users (id) ON DELETE SET NULL,
  submitted_at timestamptz,
  reviewed_at timestamptz,
  -- Imported items are matched on (source, external_id), so a second import changes nothing.
  source text NOT NULL DEFAULT 'platform' CHECK (length(source) <= 50),
  external_id text CHECK (length(external_id) <= 200),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (age_min IS NULL OR age_max IS NULL OR age_min <= age_max),
  CHECK (booking_mode <> 'external' OR booking_url IS NOT NULL),
  UNIQUE (source, external_id)
);
CREATE INDEX expo_events_state_idx ON expo_events (edition_id, state);

CREATE TABLE expo_event_organisers (
  event_id bigint NOT NULL REFERENCES expo_events (id) ON DELETE CASCADE,
  organisation_id bigint NOT NULL REFERENCES organisations (id),
  is_main boolean NOT NULL DEFAULT false,
  PRIMARY KEY (event_id, organisation_id)
);
CREATE UNIQUE INDEX expo_event_organisers_main_key ON expo_event_organisers (event_id) WHERE is_main;
CREATE INDEX expo_event_organisers_org_idx ON expo_event_organisers (organisation_id);

-- Weekly recurrence: expanded into occurrences when saved (one per date, kept stable across edits).
CREATE TABLE expo_recurrences (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id bigint NOT NULL REFERENCES expo_events (id) ON DELETE CASCADE,
  venue_id bigint NOT NULL REFERENCES expo_venues (id),
  weekdays smallint[] NOT NULL CHECK (cardinality(weekdays) >= 1 AND weekdays <@ ARRAY[1,2,3,4,5,6,7]::smallint[]),
  interval_weeks smallint NOT NULL DEFAULT 1 CHECK (interval_weeks BETWEEN 1 AND 8),
  first_date date NOT NULL,
  last_date date NOT NULL,
  start_time time NOT NULL,
  end_time time NOT NULL,
  exceptions date[] NOT NULL DEFAULT '{}',
  CHECK (last_date >= first_date),
  CHECK (end_time > start_time)
);
CREATE UNIQUE INDEX expo_recurrences_event_key ON expo_recurrences (event_id);

CREATE TABLE expo_occurrences (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Stable per occurrence: consumers (frab, ICS) break when repeats share one.
  guid uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  event_id bigint NOT NULL REFERENCES expo_events (id) ON DELETE CASCADE,
  venue_id bigint NOT NULL REFERENCES expo_venues (id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  -- A period item (an exhibition open for days or weeks): listed apart from the day grid.
  all_day boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'rescheduled', 'postponed', 'cancelled')),
  recurrence_id bigint REFERENCES expo_recurrences (id) ON DELETE CASCADE,
  recurrence_date date,
  external_id text CHECK (length(external_id) <= 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  CHECK ((recurrence_id IS NULL) = (recurrence_date IS NULL)),
  UNIQUE (recurrence_id, recurrence_date),
  UNIQUE (event_id, external_id)
);
CREATE INDEX expo_occurrences_event_idx ON expo_occurrences (event_id);
CREATE INDEX expo_occurrences_venue_time_idx ON expo_occurrences (venue_id, starts_at);

CREATE TABLE expo_event_reviews (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id bigint NOT NULL REFERENCES expo_events (id) ON DELETE CASCADE,
  reviewer_id bigint REFERENCES users (id) ON DELETE SET NULL,
  reviewer_label text NOT NULL,
  decision text NOT NULL CHECK (decision IN ('accept', 'request_changes', 'reject')),
  reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 5000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX expo_event_reviews_event_idx ON expo_event_reviews (event_id, created_at);

CREATE TABLE expo_releases (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  edition_id bigint NOT NULL REFERENCES expo_editions (id) ON DELETE CASCADE,
  number integer NOT NULL CHECK (number >= 1),
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by bigint REFERENCES users (id) ON DELETE SET NULL,
  note_sv text NOT NULL DEFAULT '' CHECK (length(note_sv) <= 2000),
  note_en text NOT NULL DEFAULT '' CHECK (length(note_en) <= 2000),
  event_count integer NOT NULL DEFAULT 0,
  occurrence_count integer NOT NULL DEFAULT 0,
  UNIQUE (edition_id, number)
);

-- The public changelog of a release: what is new, moved, cancelled, changed or removed.
CREATE TABLE expo_release_changes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  release_id bigint NOT NULL REFERENCES expo_releases (id) ON DELETE CASCADE,
  event_id bigint NOT NULL,
  occurrence_id bigint,
  kind text NOT NULL CHECK (kind IN ('new', 'moved', 'cancelled', 'changed', 'removed')),
  event_slug text NOT NULL,
  title_sv text NOT NULL,
  title_en text NOT NULL DEFAULT '',
  -- Before/after of a move: {"from": {...}, "to": {...}} with venue names and times.
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX expo_release_changes_release_idx ON expo_release_changes (release_id);

-- ---------- the published snapshot: the only tables public pages, feeds and exports read ----------

CREATE TABLE expo_pub_events (
  event_id bigint PRIMARY KEY,
  edition_id bigint NOT NULL REFERENCES expo_editions (id) ON DELETE CASCADE,
  slug text NOT NULL UNIQUE,
  release_id bigint NOT NULL REFERENCES expo_releases (id),
  first_release_id bigint NOT NULL REFERENCES expo_releases (id),
  hash text NOT NULL,
  sequence integer NOT NULL DEFAULT 0,
  type text NOT NULL,
  status text NOT NULL,
  themes text[] NOT NULL,
  sdgs smallint[] NOT NULL,
  audience text[] NOT NULL,
  languages text[] NOT NULL,
  is_free boolean NOT NULL,
  organisation_ids bigint[] NOT NULL,
  title_sv text NOT NULL,
  title_en text NOT NULL,
  text_sv text NOT NULL,
  text_en text NOT NULL,
  -- Everything a public page shows, as it was published.
  data jsonb NOT NULL,
  search_sv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('swedish', h22_unaccent(title_sv)), 'A') ||
    setweight(to_tsvector('swedish', h22_unaccent(text_sv)), 'B')) STORED,
  search_en tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', h22_unaccent(title_en)), 'A') ||
    setweight(to_tsvector('english', h22_unaccent(text_en)), 'B')) STORED,
  trgm text GENERATED ALWAYS AS (lower(h22_unaccent(title_sv || ' ' || title_en))) STORED
);
CREATE INDEX expo_pub_events_search_sv_idx ON expo_pub_events USING gin (search_sv);
CREATE INDEX expo_pub_events_search_en_idx ON expo_pub_events USING gin (search_en);
CREATE INDEX expo_pub_events_trgm_idx ON expo_pub_events USING gin (trgm gin_trgm_ops);

CREATE TABLE expo_pub_occurrences (
  occurrence_id bigint PRIMARY KEY,
  guid uuid NOT NULL UNIQUE,
  event_id bigint NOT NULL REFERENCES expo_pub_events (event_id) ON DELETE CASCADE,
  edition_id bigint NOT NULL,
  venue_id bigint NOT NULL,
  area_id bigint NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  all_day boolean NOT NULL,
  status text NOT NULL,
  -- Features of the item and of its venue, for the accessibility filter.
  accessibility text[] NOT NULL,
  hash text NOT NULL,
  sequence integer NOT NULL DEFAULT 0,
  release_id bigint NOT NULL REFERENCES expo_releases (id)
);
CREATE INDEX expo_pub_occurrences_time_idx ON expo_pub_occurrences (starts_at, ends_at);
CREATE INDEX expo_pub_occurrences_event_idx ON expo_pub_occurrences (event_id);
CREATE INDEX expo_pub_occurrences_venue_idx ON expo_pub_occurrences (venue_id, starts_at);
CREATE INDEX expo_pub_occurrences_area_idx ON expo_pub_occurrences (area_id, starts_at);

-- ---------- my programme ----------

-- Stars of signed-in visitors (anonymous visitors keep theirs in the browser), and the secret
-- token of their personal calendar feed (stored hashed).
CREATE TABLE expo_stars (
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  event_id bigint NOT NULL REFERENCES expo_events (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, event_id)
);

CREATE TABLE expo_feed_tokens (
  user_id bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
