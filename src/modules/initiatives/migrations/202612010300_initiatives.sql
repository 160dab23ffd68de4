-- The innovation portfolio: city-wide challenges, initiatives (owner, participants, SDGs, aims, location,
-- images, links), their stage history with approvals, impact goals with follow-ups, and internal comments.

CREATE TABLE challenges (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  title_sv text NOT NULL CHECK (length(title_sv) BETWEEN 1 AND 200),
  title_en text NOT NULL DEFAULT '' CHECK (length(title_en) <= 200),
  description_sv text NOT NULL DEFAULT '' CHECK (length(description_sv) <= 2000),
  description_en text NOT NULL DEFAULT '' CHECK (length(description_en) <= 2000),
  position integer NOT NULL DEFAULT 0,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE initiatives (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 120),
  title_sv text NOT NULL CHECK (length(title_sv) BETWEEN 1 AND 200),
  title_en text NOT NULL DEFAULT '' CHECK (length(title_en) <= 200),
  summary_sv text NOT NULL DEFAULT '' CHECK (length(summary_sv) <= 500),
  summary_en text NOT NULL DEFAULT '' CHECK (length(summary_en) <= 500),
  what_sv text NOT NULL DEFAULT '' CHECK (length(what_sv) <= 10000),
  what_en text NOT NULL DEFAULT '' CHECK (length(what_en) <= 10000),
  why_sv text NOT NULL DEFAULT '' CHECK (length(why_sv) <= 10000),
  why_en text NOT NULL DEFAULT '' CHECK (length(why_en) <= 10000),
  how_sv text NOT NULL DEFAULT '' CHECK (length(how_sv) <= 10000),
  how_en text NOT NULL DEFAULT '' CHECK (length(how_en) <= 10000),
  expected_impact_sv text NOT NULL DEFAULT '' CHECK (length(expected_impact_sv) <= 5000),
  expected_impact_en text NOT NULL DEFAULT '' CHECK (length(expected_impact_en) <= 5000),
  innovation_potential_sv text NOT NULL DEFAULT '' CHECK (length(innovation_potential_sv) <= 5000),
  innovation_potential_en text NOT NULL DEFAULT '' CHECK (length(innovation_potential_en) <= 5000),
  challenge_id bigint REFERENCES challenges (id) ON DELETE SET NULL,
  owner_organisation_id bigint NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
  owner_unit text NOT NULL DEFAULT '' CHECK (length(owner_unit) <= 200),
  contact_name text NOT NULL DEFAULT '' CHECK (length(contact_name) <= 200),
  contact_email text CHECK (length(contact_email) <= 254),
  -- Partners that are not (yet) organisations on the platform, as free text.
  other_partners text NOT NULL DEFAULT '' CHECK (length(other_partners) <= 2000),
  sector text CHECK (sector ~ '^[a-z_]{1,40}$'),
  technologies text[] NOT NULL DEFAULT '{}' CHECK (cardinality(technologies) <= 20),
  sdgs smallint[] NOT NULL DEFAULT '{}' CHECK (sdgs <@ '{1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17}'::smallint[]),
  sdg_targets text[] NOT NULL DEFAULT '{}' CHECK (cardinality(sdg_targets) <= 50),
  aims text[] NOT NULL DEFAULT '{}'
    CHECK (aims <@ ARRAY['quality_of_life', 'global_goals', 'innovation', 'technology', 'engagement', 'enabler']::text[]),
  collaboration_kinds text[] NOT NULL DEFAULT '{}' CHECK (cardinality(collaboration_kinds) <= 10),
  collaboration_sought_sv text NOT NULL DEFAULT '' CHECK (length(collaboration_sought_sv) <= 2000),
  collaboration_sought_en text NOT NULL DEFAULT '' CHECK (length(collaboration_sought_en) <= 2000),
  resident_involvement_sv text NOT NULL DEFAULT '' CHECK (length(resident_involvement_sv) <= 5000),
  resident_involvement_en text NOT NULL DEFAULT '' CHECK (length(resident_involvement_en) <= 5000),
  -- Testbeds used, as free text until the testbeds module links them.
  testbeds text NOT NULL DEFAULT '' CHECK (length(testbeds) <= 1000),
  location_name text NOT NULL DEFAULT '' CHECK (length(location_name) <= 200),
  location_lat double precision CHECK (location_lat BETWEEN -90 AND 90),
  location_lng double precision CHECK (location_lng BETWEEN -180 AND 180),
  -- An optional area as a closed ring of [lat, lng] pairs.
  location_area jsonb CHECK (location_area IS NULL OR jsonb_typeof(location_area) = 'array'),
  -- Shown until the funding module provides granted and used funds.
  estimated_budget_ore bigint CHECK (estimated_budget_ore BETWEEN 0 AND 100000000000000),
  stage text NOT NULL DEFAULT 'idea' CHECK (stage IN ('idea', 'pilot', 'scale_up', 'realised', 'stopped')),
  stage_changed_at timestamptz NOT NULL DEFAULT now(),
  lessons_learned_sv text NOT NULL DEFAULT '' CHECK (length(lessons_learned_sv) <= 10000),
  lessons_learned_en text NOT NULL DEFAULT '' CHECK (length(lessons_learned_en) <= 10000),
  published boolean NOT NULL DEFAULT false,
  first_published_at timestamptz,
  is_demo boolean NOT NULL DEFAULT false,
  -- Optimistic locking: an edit based on an older version is refused instead of overwriting.
  version integer NOT NULL DEFAULT 1,
  created_by bigint REFERENCES users (id) ON DELETE SET NULL,
  updated_by bigint REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((location_lat IS NULL) = (location_lng IS NULL)),
  -- An ended initiative always says what was learned.
  CHECK (stage NOT IN ('realised', 'stopped') OR btrim(lessons_learned_sv || lessons_learned_en) <> ''),
  search_sv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('swedish', h22_unaccent(title_sv)), 'A') ||
    setweight(to_tsvector('swedish', h22_unaccent(summary_sv)), 'B') ||
    setweight(to_tsvector('swedish', h22_unaccent(what_sv || ' ' || why_sv || ' ' || how_sv || ' ' || lessons_learned_sv)), 'C')) STORED,
  search_en tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', h22_unaccent(title_en)), 'A') ||
    setweight(to_tsvector('english', h22_unaccent(summary_en)), 'B') ||
    setweight(to_tsvector('english', h22_unaccent(what_en || ' ' || why_en || ' ' || how_en || ' ' || lessons_learned_en)), 'C')) STORED,
  -- Typo tolerance works on the title and summary: short enough for fast trigram matching.
  trgm_sv text GENERATED ALWAYS AS (lower(h22_unaccent(title_sv || ' ' || summary_sv))) STORED,
  trgm_en text GENERATED ALWAYS AS (lower(h22_unaccent(title_en || ' ' || summary_en))) STORED
);
CREATE INDEX initiatives_owner_idx ON initiatives (owner_organisation_id);
CREATE INDEX initiatives_published_updated_idx ON initiatives (updated_at DESC, id DESC) WHERE published;
CREATE INDEX initiatives_published_title_idx ON initiatives ((title_sv COLLATE sv), id) WHERE published;
CREATE INDEX initiatives_sdgs_idx ON initiatives USING gin (sdgs);
CREATE INDEX initiatives_aims_idx ON initiatives USING gin (aims);
CREATE INDEX initiatives_technologies_idx ON initiatives USING gin (technologies);
CREATE INDEX initiatives_search_sv_idx ON initiatives USING gin (search_sv);
CREATE INDEX initiatives_search_en_idx ON initiatives USING gin (search_en);
CREATE INDEX initiatives_trgm_sv_idx ON initiatives USING gin (trgm_sv gin_trgm_ops);
CREATE INDEX initiatives_trgm_en_idx ON initiatives USING gin (trgm_en gin_trgm_ops);

-- Participating organisations (administrations, companies, partners …) besides the owner.
CREATE TABLE initiative_organisations (
  initiative_id bigint NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
  organisation_id bigint NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  PRIMARY KEY (initiative_id, organisation_id)
);
CREATE INDEX initiative_organisations_org_idx ON initiative_organisations (organisation_id);

CREATE TABLE initiative_images (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  initiative_id bigint NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
  url text NOT NULL CHECK (length(url) BETWEEN 1 AND 1000),
  alt_sv text NOT NULL CHECK (length(alt_sv) BETWEEN 1 AND 300),
  alt_en text NOT NULL DEFAULT '' CHECK (length(alt_en) <= 300),
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX initiative_images_initiative_idx ON initiative_images (initiative_id, position);

CREATE TABLE initiative_links (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  initiative_id bigint NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
  url text NOT NULL CHECK (length(url) BETWEEN 1 AND 1000),
  label_sv text NOT NULL CHECK (length(label_sv) BETWEEN 1 AND 200),
  label_en text NOT NULL DEFAULT '' CHECK (length(label_en) <= 200),
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX initiative_links_initiative_idx ON initiative_links (initiative_id, position);

-- Every stage move, requested and decided: who, when, why. Approved rows are the stage history;
-- the first row of each initiative (from_stage NULL) records where it started.
CREATE TABLE initiative_stage_moves (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  initiative_id bigint NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
  from_stage text CHECK (from_stage IN ('idea', 'pilot', 'scale_up', 'realised', 'stopped')),
  to_stage text NOT NULL CHECK (to_stage IN ('idea', 'pilot', 'scale_up', 'realised', 'stopped')),
  reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
  lessons_learned_sv text NOT NULL DEFAULT '' CHECK (length(lessons_learned_sv) <= 10000),
  lessons_learned_en text NOT NULL DEFAULT '' CHECK (length(lessons_learned_en) <= 10000),
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  requested_by bigint REFERENCES users (id) ON DELETE SET NULL,
  requested_by_name text NOT NULL DEFAULT '',
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_by bigint REFERENCES users (id) ON DELETE SET NULL,
  decided_by_name text NOT NULL DEFAULT '',
  decided_at timestamptz,
  decision_comment text NOT NULL DEFAULT '' CHECK (length(decision_comment) <= 2000),
  CHECK (to_stage NOT IN ('realised', 'stopped') OR status <> 'approved' OR btrim(lessons_learned_sv || lessons_learned_en) <> ''),
  CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE INDEX initiative_stage_moves_initiative_idx ON initiative_stage_moves (initiative_id, requested_at);
-- At most one open request per initiative.
CREATE UNIQUE INDEX initiative_stage_moves_one_pending ON initiative_stage_moves (initiative_id) WHERE status = 'pending';

CREATE TABLE impact_goals (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  initiative_id bigint NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
  indicator_sv text NOT NULL CHECK (length(indicator_sv) BETWEEN 1 AND 300),
  indicator_en text NOT NULL DEFAULT '' CHECK (length(indicator_en) <= 300),
  unit text NOT NULL DEFAULT '' CHECK (length(unit) <= 50),
  baseline_value numeric NOT NULL CHECK (abs(baseline_value) < 1e12),
  baseline_date date NOT NULL,
  target_value numeric NOT NULL CHECK (abs(target_value) < 1e12),
  target_date date NOT NULL,
  -- A follow-up is due this many months after the previous one (or after the baseline).
  follow_up_months smallint NOT NULL DEFAULT 6 CHECK (follow_up_months BETWEEN 1 AND 36),
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (target_date >= baseline_date)
);
CREATE INDEX impact_goals_initiative_idx ON impact_goals (initiative_id, position);

CREATE TABLE impact_follow_ups (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  goal_id bigint NOT NULL REFERENCES impact_goals (id) ON DELETE CASCADE,
  measured_on date NOT NULL,
  value numeric NOT NULL CHECK (abs(value) < 1e12),
  status text NOT NULL CHECK (status IN ('green', 'yellow', 'red')),
  comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
  recorded_by bigint REFERENCES users (id) ON DELETE SET NULL,
  recorded_by_name text NOT NULL DEFAULT '',
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX impact_follow_ups_goal_idx ON impact_follow_ups (goal_id, measured_on);

-- Internal discussion among the owner and participating organisations; never public.
CREATE TABLE initiative_comments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  initiative_id bigint NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
  author_id bigint REFERENCES users (id) ON DELETE SET NULL,
  author_name text NOT NULL DEFAULT '',
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX initiative_comments_initiative_idx ON initiative_comments (initiative_id, created_at);
