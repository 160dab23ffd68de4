-- Registration for expo occurrences: settings per programme item and per occurrence, and the
-- registrations themselves. Availability is never stored: it is computed from the rows while the
-- occurrence's settings row is locked (SELECT … FOR UPDATE), so no counter can drift.

-- Per programme item: the rules every occurrence of it shares.
CREATE TABLE registration_events (
  event_id bigint PRIMARY KEY REFERENCES expo_events (id) ON DELETE CASCADE,
  max_group_size smallint NOT NULL DEFAULT 4 CHECK (max_group_size BETWEEN 1 AND 20),
  -- Seats on the waiting list per occurrence; 0 = no waiting list.
  waitlist_capacity integer NOT NULL DEFAULT 0 CHECK (waitlist_capacity BETWEEN 0 AND 100000),
  -- How long a waiting person has to accept freed seats before the offer passes on.
  offer_hours smallint NOT NULL DEFAULT 12 CHECK (offer_hours BETWEEN 1 AND 168),
  account_required boolean NOT NULL DEFAULT false,
  -- [{"id": "q1", "label_sv": "…", "label_en": "…", "required": bool}]
  questions jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(questions) = 'array' AND jsonb_array_length(questions) <= 5),
  -- Personal data is erased this many days after the occurrence (or after the window closes, if later).
  erase_after_days smallint NOT NULL DEFAULT 30 CHECK (erase_after_days BETWEEN 1 AND 365),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Per occurrence: capacity and enrolment window. This row is the lock every seat decision takes.
CREATE TABLE registration_occurrences (
  occurrence_id bigint PRIMARY KEY REFERENCES expo_occurrences (id) ON DELETE CASCADE,
  event_id bigint NOT NULL REFERENCES registration_events (event_id) ON DELETE CASCADE,
  enabled boolean NOT NULL DEFAULT true,
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
  -- NULL opens at once; NULL closes when the occurrence starts.
  opens_at timestamptz,
  closes_at timestamptz,
  reminded_at timestamptz,
  cancellation_notified_at timestamptz,
  erased_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (opens_at IS NULL OR closes_at IS NULL OR closes_at > opens_at)
);
CREATE INDEX registration_occurrences_event_idx ON registration_occurrences (event_id);

CREATE TABLE registrations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurrence_id bigint NOT NULL REFERENCES registration_occurrences (occurrence_id) ON DELETE CASCADE,
  -- Arrival order within the occurrence: 1, 2, 3 … assigned under the lock (the waiting list's order).
  arrival integer NOT NULL CHECK (arrival >= 1),
  status text NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'offered', 'cancelled', 'checked_in')),
  name text NOT NULL CHECK (length(name) <= 200),
  email text CHECK (length(email) <= 254),
  seats smallint NOT NULL CHECK (seats BETWEEN 1 AND 20),
  answers jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(answers) = 'object'),
  locale text NOT NULL DEFAULT 'sv' CHECK (locale IN ('sv', 'en')),
  user_id bigint REFERENCES users (id) ON DELETE SET NULL,
  -- Short and human-readable (Crockford base32, no I/L/O/U), shown as XXXX-XXXX and in the QR code.
  ticket_code text NOT NULL UNIQUE CHECK (ticket_code ~ '^[0-9A-HJKMNP-TV-Z]{8}$'),
  -- SHA-256 of the signed manage token in the visitor's link; NULL once erased.
  manage_token_hash text UNIQUE,
  idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  confirmed_at timestamptz,
  offered_at timestamptz,
  offer_expires_at timestamptz,
  cancelled_at timestamptz,
  cancel_reason text CHECK (cancel_reason IN ('visitor', 'staff', 'offer_expired', 'offer_declined', 'no_show')),
  checked_in_at timestamptz,
  checked_in_by bigint REFERENCES users (id) ON DELETE SET NULL,
  -- The status the visitor was last told about by e-mail (the mail job sends what differs).
  notified_status text,
  reminded_at timestamptz,
  erased_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (occurrence_id, arrival),
  UNIQUE (occurrence_id, idempotency_key),
  CHECK (status <> 'offered' OR offer_expires_at IS NOT NULL),
  CHECK (status <> 'checked_in' OR checked_in_at IS NOT NULL),
  CHECK (status <> 'cancelled' OR cancelled_at IS NOT NULL),
  CHECK (erased_at IS NOT NULL OR (email IS NOT NULL AND length(btrim(name)) >= 1))
);
-- The same person (e-mail) once per occurrence among active registrations.
CREATE UNIQUE INDEX registrations_active_email_key ON registrations (occurrence_id, lower(email)) WHERE status <> 'cancelled' AND email IS NOT NULL;
-- Seat sums per status under the lock read only this index.
CREATE INDEX registrations_occurrence_status_idx ON registrations (occurrence_id, status) INCLUDE (seats, arrival);
CREATE INDEX registrations_email_idx ON registrations (lower(email), created_at) WHERE email IS NOT NULL;
CREATE INDEX registrations_offer_idx ON registrations (offer_expires_at) WHERE status = 'offered';
CREATE INDEX registrations_unnotified_idx ON registrations (id) WHERE notified_status IS DISTINCT FROM status AND erased_at IS NULL;
