-- registration_sign_up compares addresses with PostgreSQL's lower(), exactly as the unique index
-- registrations_active_email_key does, instead of the app's lower-casing (the two differ for a few
-- Unicode letters, which could have turned a duplicate into a constraint error instead of an answer).
CREATE OR REPLACE FUNCTION registration_sign_up(p_occurrence_id bigint, p_now timestamptz, p_items jsonb)
RETURNS TABLE (idx integer, outcome text, registration_id bigint, status text, seats integer, waiting_position integer, ticket_code text, opens_at timestamptz, resend boolean)
LANGUAGE plpgsql VOLATILE AS $fn$
#variable_conflict use_column
DECLARE
  s record;
  ex record;
  it jsonb;
  v_i integer := -1;
  v_held integer;
  v_waiting_seats integer;
  v_waiting_count integer;
  v_arrival integer;
  v_seats integer;
  v_status text;
BEGIN
  SELECT ro.enabled, ro.capacity, ro.opens_at AS win_opens, ro.closes_at AS win_closes, re.waitlist_capacity, re.account_required,
         coalesce(po.starts_at, o.starts_at) AS starts_at, (po.occurrence_id IS NOT NULL) AS published,
         coalesce(po.status = 'cancelled' OR pe.status = 'cancelled', false) AS cancelled
    INTO s
    FROM registration_occurrences ro
    JOIN registration_events re ON re.event_id = ro.event_id
    JOIN expo_occurrences o ON o.id = ro.occurrence_id
    LEFT JOIN expo_pub_occurrences po ON po.occurrence_id = ro.occurrence_id
    LEFT JOIN expo_pub_events pe ON pe.event_id = po.event_id
   WHERE ro.occurrence_id = p_occurrence_id
     FOR UPDATE OF ro;
  IF NOT FOUND OR NOT s.published THEN
    RETURN QUERY SELECT (e.n - 1)::integer, 'not_found'::text, NULL::bigint, NULL::text, NULL::integer, NULL::integer, NULL::text, NULL::timestamptz, false
      FROM jsonb_array_elements(p_items) WITH ORDINALITY AS e(v, n);
    RETURN;
  END IF;
  -- A new statement takes a new snapshot: every sign-up committed before the lock is counted.
  SELECT coalesce(sum(r.seats) FILTER (WHERE r.status IN ('confirmed', 'checked_in', 'offered')), 0)::integer,
         coalesce(sum(r.seats) FILTER (WHERE r.status = 'waitlisted'), 0)::integer,
         (count(*) FILTER (WHERE r.status = 'waitlisted'))::integer,
         coalesce(max(r.arrival), 0)::integer
    INTO v_held, v_waiting_seats, v_waiting_count, v_arrival
    FROM registrations r
   WHERE r.occurrence_id = p_occurrence_id;

  FOR it IN SELECT e.v FROM jsonb_array_elements(p_items) AS e(v) LOOP
    v_i := v_i + 1;
    idx := v_i;
    outcome := NULL; registration_id := NULL; status := NULL; seats := NULL; waiting_position := NULL; ticket_code := NULL; opens_at := NULL; resend := false;

    -- The same request again (a retry, a double click): the registration it made.
    IF it->>'key' IS NOT NULL THEN
      SELECT r.id, r.status, r.seats, r.email, r.ticket_code, r.arrival INTO ex
        FROM registrations r WHERE r.occurrence_id = p_occurrence_id AND r.idempotency_key = it->>'key';
      IF FOUND THEN
        IF lower(ex.email) = lower(it->>'email') THEN
          outcome := 'existing'; registration_id := ex.id; status := ex.status; seats := ex.seats; ticket_code := ex.ticket_code;
          IF ex.status = 'waitlisted' THEN
            SELECT count(*)::integer INTO waiting_position FROM registrations w
             WHERE w.occurrence_id = p_occurrence_id AND w.status = 'waitlisted' AND w.arrival <= ex.arrival;
          END IF;
        ELSE
          outcome := 'idempotency_mismatch';
        END IF;
        RETURN NEXT;
        CONTINUE;
      END IF;
    END IF;

    IF NOT s.enabled OR s.cancelled THEN
      outcome := 'closed';
    ELSIF s.win_opens IS NOT NULL AND p_now < s.win_opens THEN
      outcome := 'not_open_yet'; opens_at := s.win_opens;
    ELSIF p_now >= coalesce(s.win_closes, s.starts_at) THEN
      outcome := 'closed';
    ELSIF s.account_required AND it->>'user_id' IS NULL THEN
      outcome := 'account_required';
    END IF;
    IF outcome IS NOT NULL THEN
      RETURN NEXT;
      CONTINUE;
    END IF;

    -- The same person once per occurrence: the link is mailed again, at most every 10 minutes.
    SELECT r.id, r.resent_at INTO ex
      FROM registrations r
     WHERE r.occurrence_id = p_occurrence_id AND lower(r.email) = lower(it->>'email') AND r.status <> 'cancelled' AND r.email IS NOT NULL;
    IF FOUND THEN
      outcome := 'already_registered'; registration_id := ex.id;
      IF ex.resent_at IS NULL OR ex.resent_at < p_now - interval '10 minutes' THEN
        UPDATE registrations SET resent_at = p_now WHERE id = ex.id;
        resend := true;
      END IF;
      RETURN NEXT;
      CONTINUE;
    END IF;

    v_seats := (it->>'seats')::integer;
    IF v_seats <= s.capacity - v_held THEN
      v_status := 'confirmed';
      v_held := v_held + v_seats;
    ELSIF s.waitlist_capacity = 0 THEN
      outcome := 'full';
    ELSIF v_waiting_seats + v_seats > s.waitlist_capacity THEN
      outcome := 'waitlist_full';
    ELSE
      v_status := 'waitlisted';
      v_waiting_seats := v_waiting_seats + v_seats;
      v_waiting_count := v_waiting_count + 1;
      waiting_position := v_waiting_count;
    END IF;
    IF outcome IS NOT NULL THEN
      RETURN NEXT;
      CONTINUE;
    END IF;

    v_arrival := v_arrival + 1;
    INSERT INTO registrations (occurrence_id, arrival, status, name, email, seats, answers, locale, user_id, ticket_code, manage_token_hash, idempotency_key, confirmed_at, created_at, updated_at)
    VALUES (p_occurrence_id, v_arrival, v_status, it->>'name', it->>'email', v_seats, coalesce(it->'answers', '{}'::jsonb), it->>'locale', (it->>'user_id')::bigint,
            it->>'ticket_code', it->>'token_hash', it->>'key', CASE WHEN v_status = 'confirmed' THEN p_now END, p_now, p_now)
    RETURNING id INTO registration_id;
    outcome := 'created'; status := v_status; seats := v_seats; ticket_code := it->>'ticket_code';
    RETURN NEXT;
  END LOOP;
END
$fn$;
