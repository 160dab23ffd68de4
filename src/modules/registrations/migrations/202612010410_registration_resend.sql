-- When the manage link was last mailed again to someone signing up twice: at most every 10 minutes,
-- so a script repeating a sign-up cannot flood a person's inbox.
ALTER TABLE registrations ADD COLUMN resent_at timestamptz;
