-- Sign-in attempts and mailed-link requests per e-mail address, for per-address rate limits.
-- Kept for a day at most; rows exist for unknown addresses too, so the limits reveal nothing.
CREATE TABLE auth_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL CHECK (length(email) <= 254),
  kind text NOT NULL CHECK (kind IN ('password', 'link', 'verify_resend')),
  succeeded boolean NOT NULL DEFAULT false,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX auth_attempts_email_idx ON auth_attempts (email, kind, at DESC);
CREATE INDEX auth_attempts_at_idx ON auth_attempts (at);
