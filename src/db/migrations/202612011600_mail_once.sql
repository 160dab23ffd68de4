-- Mail sent at most once per key: a job that is retried (or runs twice) skips the mails it already sent.
-- The mailer inserts the key in the same transaction as the outbox row, before SMTP; a failed SMTP
-- delivery deletes the key again so the retry can send. Keys are ids only, never an address.
CREATE TABLE mail_once (
  key text PRIMARY KEY CHECK (key ~ '^[!-~]{1,200}$'),
  outbox_id bigint REFERENCES mail_outbox (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- The daily clean-up deletes keys older than 30 days.
CREATE INDEX mail_once_created_idx ON mail_once (created_at);
