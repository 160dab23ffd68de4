-- Content: FAQ entries and pages in Swedish and English, with full-text and typo-tolerant search,
-- and reports of accessibility problems sent from the accessibility statement.
CREATE TABLE faq_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  category text NOT NULL CHECK (category IN ('about', 'expo', 'collaboration', 'money')),
  position integer NOT NULL DEFAULT 0,
  question_sv text NOT NULL CHECK (length(question_sv) BETWEEN 1 AND 300),
  answer_sv text NOT NULL CHECK (length(answer_sv) BETWEEN 1 AND 20000),
  question_en text NOT NULL DEFAULT '' CHECK (length(question_en) <= 300),
  answer_en text NOT NULL DEFAULT '' CHECK (length(answer_en) <= 20000),
  published boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  search_sv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('swedish', h22_unaccent(question_sv)), 'A') ||
    setweight(to_tsvector('swedish', h22_unaccent(answer_sv)), 'B')) STORED,
  search_en tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', h22_unaccent(question_en)), 'A') ||
    setweight(to_tsvector('english', h22_unaccent(answer_en)), 'B')) STORED,
  trgm_sv text GENERATED ALWAYS AS (lower(h22_unaccent(question_sv || ' ' || answer_sv))) STORED,
  trgm_en text GENERATED ALWAYS AS (lower(h22_unaccent(question_en || ' ' || answer_en))) STORED
);
CREATE INDEX faq_entries_search_sv_idx ON faq_entries USING gin (search_sv);
CREATE INDEX faq_entries_search_en_idx ON faq_entries USING gin (search_en);
CREATE INDEX faq_entries_trgm_sv_idx ON faq_entries USING gin (trgm_sv gin_trgm_ops);
CREATE INDEX faq_entries_trgm_en_idx ON faq_entries USING gin (trgm_en gin_trgm_ops);

CREATE TABLE pages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug_sv text NOT NULL UNIQUE CHECK (slug_sv ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  slug_en text NOT NULL UNIQUE CHECK (slug_en ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  title_sv text NOT NULL CHECK (length(title_sv) BETWEEN 1 AND 200),
  title_en text NOT NULL DEFAULT '' CHECK (length(title_en) <= 200),
  summary_sv text NOT NULL DEFAULT '' CHECK (length(summary_sv) <= 500),
  summary_en text NOT NULL DEFAULT '' CHECK (length(summary_en) <= 500),
  body_sv text NOT NULL DEFAULT '' CHECK (length(body_sv) <= 50000),
  body_en text NOT NULL DEFAULT '' CHECK (length(body_en) <= 50000),
  published boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  search_sv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('swedish', h22_unaccent(title_sv)), 'A') ||
    setweight(to_tsvector('swedish', h22_unaccent(summary_sv)), 'B') ||
    setweight(to_tsvector('swedish', h22_unaccent(body_sv)), 'C')) STORED,
  search_en tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', h22_unaccent(title_en)), 'A') ||
    setweight(to_tsvector('english', h22_unaccent(summary_en)), 'B') ||
    setweight(to_tsvector('english', h22_unaccent(body_en)), 'C')) STORED,
  trgm_sv text GENERATED ALWAYS AS (lower(h22_unaccent(title_sv || ' ' || summary_sv || ' ' || body_sv))) STORED,
  trgm_en text GENERATED ALWAYS AS (lower(h22_unaccent(title_en || ' ' || summary_en || ' ' || body_en))) STORED
);
CREATE INDEX pages_search_sv_idx ON pages USING gin (search_sv);
CREATE INDEX pages_search_en_idx ON pages USING gin (search_en);
CREATE INDEX pages_trgm_sv_idx ON pages USING gin (trgm_sv gin_trgm_ops);
CREATE INDEX pages_trgm_en_idx ON pages USING gin (trgm_en gin_trgm_ops);

CREATE TABLE accessibility_reports (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  page_url text NOT NULL DEFAULT '' CHECK (length(page_url) <= 500),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
  name text CHECK (length(name) <= 200),
  email text CHECK (length(email) <= 254),
  locale text NOT NULL CHECK (locale IN ('sv', 'en')),
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'resolved'))
);
