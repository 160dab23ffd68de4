// Writes of the expo programme: one transaction each, domain rules first, audited, with named outcomes.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/db.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { FieldErrors } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { recordAudit, diff } from '../../platform/audit.ts';
import { isProgrammeTeam } from '../../platform/policy.ts';
import { hmac } from '../../platform/auth/tokens.ts';
import { expoMessages } from './expo.messages.ts';
import { mayOrganiseFor } from './expo.policy.ts';
import {
  openingHoursProblem,
  plannedOccurrences,
  slugify,
  validateEventInput,
  type EditionInfo,
  type EventInput,
  type PlannedOccurrence,
  type VenueInfo,
} from './expo.rules.ts';
import { ACCESSIBILITY_FEATURES, type ChangeKind, type EventState, type EventStatus, type ReviewDecision } from './expo.schema.ts';
import { currentEdition, findConflicts, getEventForAdmin, listVenues, type VenueRow } from './expo.queries.ts';
import { dateRange, localDate, localParts, localTime } from './expo.time.ts';

type Writer = Db | Tx;

export interface EditionContext {
  edition: EditionInfo;
  venues: Map<number, VenueRow & VenueInfo>;
  organisationIds: Set<number>;
}

/**
 * The edition, its venues and the organisations an item is checked against. Every writer of items or
 * their dates passes `lock: true` inside its transaction and checks against what this returns: the
 * edition's row is then share-locked until the commit, so the programme team's change of the dates
 * waits for the write (and its check sees the dates written), and a write that waited for a change
 * gets the dates that change committed (ADR 019). Reads for display need no lock.
 */
export async function loadEditionContext(db: Writer, opts: { lock?: boolean } = {}): Promise<EditionContext | undefined> {
  const edition = await currentEdition(db, opts.lock ? 'share' : undefined);
  if (!edition) return undefined;
  const [venues, orgs] = await Promise.all([listVenues(db, edition.id), db.selectFrom('organisations').select('id').execute()]);
  return { edition, venues: new Map(venues.map((v) => [v.id, v])), organisationIds: new Set(orgs.map((o) => o.id)) };
}

// ---------- warnings when scheduling ----------

export interface ScheduleWarning {
  field: string;
  message: string;
  /** A double-booked exclusive venue: organisers cannot override it, the programme team can. */
  blocking: boolean;
}

export async function scheduleWarnings(
  db: Writer,
  ec: EditionContext,
  eventId: number | undefined,
  input: EventInput,
  planned: PlannedOccurrence[],
  locale: Locale,
): Promise<ScheduleWarning[]> {
  const t = expoMessages(locale);
  const tz = ec.edition.time_zone;
  const out: ScheduleWarning[] = [];
  const seen = new Set<string>();
  const add = (w: ScheduleWarning) => {
    const k = `${w.field}|${w.message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(w);
    }
  };
  const venueName = (id: number) => ec.venues.get(id)?.name_sv ?? String(id);
  const timed = planned.filter((p) => !p.allDay && p.status !== 'cancelled');
  for (const p of timed) {
    const v = ec.venues.get(p.venueId);
    if (!v) continue;
    const lp = localParts(p.startsAt, tz);
    const problem = openingHoursProblem(v.opening_hours, lp.weekday, localTime(p.startsAt, tz), localTime(p.endsAt, tz));
    const h = v.opening_hours[String(lp.weekday) as '1'];
    if (problem === 'closed') add({ field: p.field, message: `${localDate(p.startsAt, tz)}: ${t.warnClosed(v.name_sv)}`, blocking: false });
    else if (problem === 'outside' && h) add({ field: p.field, message: `${localDate(p.startsAt, tz)}: ${t.warnOutsideHours(v.name_sv, `${h.opens}–${h.closes}`)}`, blocking: false });
  }
  const orgIds = [input.mainOrganisationId, ...input.coOrganisationIds];
  const conflicts = await findConflicts(db, eventId, orgIds, timed.map((p) => ({ field: p.field, venueId: p.venueId, startsAt: p.startsAt, endsAt: p.endsAt })));
  for (const c of conflicts) {
    const when = `${localDate(c.starts_at, tz)} ${localTime(c.starts_at, tz)}–${localTime(c.ends_at, tz)}`;
    if (c.kind === 'double_booked') add({ field: c.field, message: t.warnDoubleBooked(venueName(c.venue_id), c.other_title, when), blocking: true });
    else add({ field: c.field, message: `${when}: ${t.warnOrganiserTwice(c.other_organisation ?? '', c.other_title, venueName(c.other_venue_id))}`, blocking: false });
  }
  return out;
}

// ---------- saving an item ----------

export type SaveOutcome =
  | { outcome: 'ok'; id: number; slug: string; state: EventState }
  | { outcome: 'invalid'; errors: FieldErrors }
  | { outcome: 'warnings'; warnings: ScheduleWarning[]; errors: FieldErrors }
  | { outcome: 'not_editable' }
  | { outcome: 'no_edition' };

export interface SaveOptions {
  /** Undefined creates a new item. */
  eventId?: number | undefined;
  input: EventInput;
  /** "submit" moves a draft to review; "save" keeps the state. */
  intent: 'save' | 'submit';
  confirmWarnings: boolean;
  locale: Locale;
}

export async function saveEvent(ctx: AppContext, actor: Actor, opts: SaveOptions): Promise<SaveOutcome> {
  const t = expoMessages(opts.locale);
  // One transaction from reading the edition to the last write, under the edition's share lock: the
  // dates checked here are the dates in force when the item commits.
  return ctx.db.transaction().execute(async (trx): Promise<SaveOutcome> => {
    const ec = await loadEditionContext(trx, { lock: true });
    if (!ec) return { outcome: 'no_edition' };
    const input = opts.input;
    const team = isProgrammeTeam(actor);
    const before = opts.eventId !== undefined ? await getEventForAdmin(trx, opts.eventId) : undefined;
    if (opts.eventId !== undefined && !before) return { outcome: 'not_editable' };
    // Organisers already on the item stay allowed (a member edits what a co-organiser added).
    const existingOrgs = new Set(before?.organisers.map((o) => o.organisation_id) ?? []);
    const errors = validateEventInput(input, { ...ec, mayOrganiseFor: (id) => existingOrgs.has(id) || mayOrganiseFor(actor, id) }, t);
    if (Object.keys(errors).length) return { outcome: 'invalid', errors };
    // Only the team sets the public status.
    if (!team) input.status = before?.status ?? 'scheduled';

    const planned = plannedOccurrences(input, ec.edition.time_zone);
    // Keep each existing occurrence's status unless the input says otherwise.
    const warnings = await scheduleWarnings(trx, ec, opts.eventId, input, planned, opts.locale);
    const blocking = warnings.filter((w) => w.blocking);
    if (blocking.length && !team) {
      const errs: FieldErrors = {};
      for (const w of blocking) if (!errs[`${w.field}_venue`]) errs[`${w.field === 'period' ? 'period' : w.field}_venue`] = `${t.errExclusiveTaken} ${w.message}`;
      return { outcome: 'invalid', errors: errs };
    }
    if (warnings.length && !opts.confirmWarnings) return { outcome: 'warnings', warnings, errors: {} };

    let state: EventState = before?.state ?? 'draft';
    if (opts.intent === 'submit' && (state === 'draft' || state === 'changes_requested')) state = 'submitted';
    const id = await writeEvent(trx, actor, { edition: ec.edition, eventId: opts.eventId, input, planned, state, source: 'platform' });
    const saved = await trx.selectFrom('expo_events').select('slug').where('id', '=', id).executeTakeFirstOrThrow();
    return { outcome: 'ok', id, slug: saved.slug, state };
  });
}

interface WriteEventArgs {
  edition: EditionInfo;
  eventId: number | undefined;
  input: EventInput;
  planned: PlannedOccurrence[];
  state: EventState;
  source: string;
  externalId?: string | undefined;
  isDemo?: boolean;
}

/**
 * Inserts or updates one item with its organisers and occurrences (keeping occurrence ids stable). The
 * input must have been checked against `a.edition` as `loadEditionContext(trx, { lock: true })` returned it.
 */
export async function writeEvent(trx: Tx, actor: Actor, a: WriteEventArgs): Promise<number> {
  const i = a.input;
  const columns = {
    type: i.type,
    status: i.status ?? 'scheduled',
    title_sv: i.title_sv,
    title_en: i.title_en,
    description_sv: i.description_sv,
    description_en: i.description_en,
    themes: i.themes,
    sdgs: i.sdgs,
    audience: i.audience,
    age_min: i.age_min,
    age_max: i.age_max,
    languages: i.languages,
    accessibility: i.accessibility,
    prices: JSON.stringify(i.prices),
    booking_mode: i.booking_mode,
    booking_url: i.booking_url,
    attendance_mode: i.attendance_mode,
    online_url: i.online_url,
    image_url: i.image_url,
    image_alt_sv: i.image_alt_sv,
    image_alt_en: i.image_alt_en,
    contact_email: i.contact_email,
    state: a.state,
  };
  let id: number;
  if (a.eventId === undefined) {
    const tmpSlug = `tmp-${crypto.randomBytes(8).toString('hex')}`;
    const row = await trx
      .insertInto('expo_events')
      .values({
        ...columns,
        edition_id: a.edition.id,
        slug: tmpSlug,
        created_by: actor.kind === 'user' ? actor.id : null,
        submitted_at: a.state === 'submitted' ? new Date() : null,
        source: a.source,
        external_id: a.externalId ?? null,
        is_demo: a.isDemo ?? false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
    // The id makes the slug unique for good, so it never has to change with the title.
    await trx.updateTable('expo_events').set({ slug: `${slugify(i.title_sv)}-${id}` }).where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'expo.event.create', entityType: 'expo_event', entityId: id, after: { ...columns, prices: i.prices } });
  } else {
    id = a.eventId;
    const before = await trx.selectFrom('expo_events').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    await trx
      .updateTable('expo_events')
      .set({ ...columns, updated_at: new Date(), ...(a.state === 'submitted' && before.state !== 'submitted' ? { submitted_at: new Date() } : {}) })
      .where('id', '=', id)
      .execute();
    const d = diff(before as unknown as Record<string, unknown>, { ...columns, prices: i.prices } as unknown as Record<string, unknown>);
    if (Object.keys(d.after).length) await recordAudit(trx, actor, { action: 'expo.event.update', entityType: 'expo_event', entityId: id, ...d });
  }

  // Organisers: exactly one main.
  await trx.deleteFrom('expo_event_organisers').where('event_id', '=', id).execute();
  await trx
    .insertInto('expo_event_organisers')
    .values([{ event_id: id, organisation_id: i.mainOrganisationId, is_main: true }, ...i.coOrganisationIds.map((o) => ({ event_id: id, organisation_id: o, is_main: false }))])
    .execute();

  const changes = await reconcileOccurrences(trx, id, a.input, a.planned);
  if (a.eventId !== undefined && (changes.added.length || changes.removed.length || changes.moved.length)) {
    await recordAudit(trx, actor, { action: 'expo.event.schedule', entityType: 'expo_event', entityId: id, before: { removed: changes.removed, moved: changes.moved.map((m) => m.before) }, after: { added: changes.added, moved: changes.moved.map((m) => m.after) } });
  }
  return id;
}

interface SlotSummary {
  venue_id: number;
  starts_at: string;
  ends_at: string;
}

/** Brings an item's occurrences in line with the plan, keeping the id (and guid) of every date that stays. */
async function reconcileOccurrences(trx: Tx, eventId: number, input: EventInput, planned: PlannedOccurrence[]): Promise<{ added: SlotSummary[]; removed: SlotSummary[]; moved: { before: SlotSummary; after: SlotSummary }[] }> {
  const existing = await trx
    .selectFrom('expo_occurrences')
    .select(['id', 'all_day', 'recurrence_id', sql<string | null>`recurrence_date::text`.as('recurrence_date'), 'external_id', 'venue_id', 'starts_at', 'ends_at', 'status'])
    .where('event_id', '=', eventId)
    .execute();
  const byId = new Map(existing.map((o) => [o.id, o]));
  const summary = (o: { venue_id: number; starts_at: Date; ends_at: Date }): SlotSummary => ({ venue_id: o.venue_id, starts_at: o.starts_at.toISOString(), ends_at: o.ends_at.toISOString() });
  const moved: { before: SlotSummary; after: SlotSummary }[] = [];
  const keep = new Set<number>();
  const now = new Date();

  // The weekly rule (at most one per item).
  let ruleId: number | undefined;
  const r = input.recurrence;
  if (r) {
    const values = {
      venue_id: r.venueId as number,
      weekdays: r.weekdays,
      interval_weeks: r.interval,
      first_date: r.firstDate,
      last_date: r.lastDate,
      start_time: r.start,
      end_time: r.end,
      exceptions: r.exceptions,
    };
    const row = await trx
      .insertInto('expo_recurrences')
      .values({ event_id: eventId, ...values })
      .onConflict((oc) => oc.column('event_id').doUpdateSet(values))
      .returning('id')
      .executeTakeFirstOrThrow();
    ruleId = row.id;
  } else {
    await trx.deleteFrom('expo_recurrences').where('event_id', '=', eventId).execute();
  }

  const byRuleDate = new Map(existing.filter((o) => o.recurrence_id !== null && o.recurrence_id === ruleId).map((o) => [o.recurrence_date as string, o.id]));
  const byExternal = new Map(existing.filter((o) => o.external_id).map((o) => [o.external_id as string, o.id]));
  const singles = new Set(existing.filter((o) => o.recurrence_id === null && !o.all_day).map((o) => o.id));
  const periods = existing.filter((o) => o.all_day && o.recurrence_id === null).map((o) => o.id);

  const inserts: {
    event_id: number;
    venue_id: number;
    starts_at: Date;
    ends_at: Date;
    all_day: boolean;
    status?: EventStatus;
    recurrence_id: number | null;
    recurrence_date: string | null;
    external_id: string | null;
  }[] = [];
  for (const p of planned) {
    let matchId: number | undefined;
    if (p.recurrenceDate !== undefined) matchId = byRuleDate.get(p.recurrenceDate);
    else if (p.allDay) matchId = periods.find((id) => !keep.has(id));
    else if (p.externalId !== undefined) matchId = byExternal.get(p.externalId);
    else if (p.id !== undefined && singles.has(p.id)) matchId = p.id;
    if (matchId !== undefined && !keep.has(matchId)) {
      keep.add(matchId);
      const old = byId.get(matchId);
      const same = old && old.venue_id === p.venueId && old.starts_at.getTime() === p.startsAt.getTime() && old.ends_at.getTime() === p.endsAt.getTime() && old.all_day === p.allDay && (!p.status || p.status === old.status);
      if (same) continue;
      if (old) moved.push({ before: summary(old), after: summary({ venue_id: p.venueId, starts_at: p.startsAt, ends_at: p.endsAt }) });
      await trx
        .updateTable('expo_occurrences')
        .set({ venue_id: p.venueId, starts_at: p.startsAt, ends_at: p.endsAt, all_day: p.allDay, updated_at: now, ...(p.status ? { status: p.status } : {}) })
        .where('id', '=', matchId)
        .execute();
    } else {
      inserts.push({
        event_id: eventId,
        venue_id: p.venueId,
        starts_at: p.startsAt,
        ends_at: p.endsAt,
        all_day: p.allDay,
        ...(p.status ? { status: p.status } : {}),
        recurrence_id: p.recurrenceDate !== undefined ? (ruleId ?? null) : null,
        recurrence_date: p.recurrenceDate ?? null,
        external_id: p.externalId ?? null,
      });
    }
  }
  const remove = existing.filter((o) => !keep.has(o.id));
  if (remove.length) await trx.deleteFrom('expo_occurrences').where('id', 'in', remove.map((o) => o.id)).execute();
  if (inserts.length) await trx.insertInto('expo_occurrences').values(inserts).execute();
  return { added: inserts.map(summary), removed: remove.map(summary), moved };
}

// ---------- workflow ----------

export async function submitEvent(ctx: AppContext, actor: Actor, eventId: number): Promise<{ outcome: 'ok' } | { outcome: 'not_allowed' }> {
  return ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('expo_events')
      .set({ state: 'submitted', submitted_at: new Date(), updated_at: new Date() })
      .where('id', '=', eventId)
      .where('state', 'in', ['draft', 'changes_requested'])
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return { outcome: 'not_allowed' as const };
    await recordAudit(trx, actor, { action: 'expo.event.submit', entityType: 'expo_event', entityId: eventId, after: { state: 'submitted' } });
    return { outcome: 'ok' as const };
  });
}

export async function withdrawEvent(ctx: AppContext, actor: Actor, eventId: number): Promise<{ outcome: 'ok' } | { outcome: 'not_allowed' }> {
  return ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('expo_events')
      .set({ state: 'withdrawn', updated_at: new Date() })
      .where('id', '=', eventId)
      .where('state', 'in', ['draft', 'submitted', 'changes_requested'])
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return { outcome: 'not_allowed' as const };
    await recordAudit(trx, actor, { action: 'expo.event.withdraw', entityType: 'expo_event', entityId: eventId, after: { state: 'withdrawn' } });
    return { outcome: 'ok' as const };
  });
}

const NEXT_STATE: Record<ReviewDecision, EventState> = { accept: 'accepted', request_changes: 'changes_requested', reject: 'rejected' };

/** Records a decision with its reason, and mails the reason to the organiser (creator and contact). */
export async function reviewEvent(
  ctx: AppContext,
  actor: Actor,
  eventId: number,
  decision: ReviewDecision,
  reason: string,
): Promise<{ outcome: 'ok'; state: EventState; mailed: string[] } | { outcome: 'not_allowed' }> {
  const res = await ctx.db.transaction().execute(async (trx) => {
    const e = await trx.selectFrom('expo_events').select(['id', 'state', 'title_sv', 'slug', 'created_by', 'contact_email']).where('id', '=', eventId).forUpdate().executeTakeFirst();
    if (!e || !['submitted', 'accepted', 'changes_requested'].includes(e.state)) return undefined;
    const state = NEXT_STATE[decision];
    await trx.updateTable('expo_events').set({ state, review_reason: reason, reviewed_at: new Date(), updated_at: new Date() }).where('id', '=', eventId).execute();
    await trx
      .insertInto('expo_event_reviews')
      .values({ event_id: eventId, reviewer_id: actor.kind === 'user' ? actor.id : null, reviewer_label: actor.kind === 'user' ? actor.name : 'system', decision, reason })
      .execute();
    await recordAudit(trx, actor, { action: `expo.event.${decision}`, entityType: 'expo_event', entityId: eventId, before: { state: e.state }, after: { state, reason } });
    const creator = e.created_by ? await trx.selectFrom('users').select(['email', 'locale']).where('id', '=', e.created_by).executeTakeFirst() : undefined;
    return { e, state, creator };
  });
  if (!res) return { outcome: 'not_allowed' };
  const recipients = new Map<string, Locale>();
  if (res.creator) recipients.set(res.creator.email.toLowerCase(), res.creator.locale);
  if (res.e.contact_email && !recipients.has(res.e.contact_email.toLowerCase())) recipients.set(res.e.contact_email.toLowerCase(), 'sv');
  for (const [to, locale] of recipients) {
    const t = expoMessages(locale);
    const url = `${ctx.config.baseUrl}/admin/program/${eventId}`;
    await ctx.mail.send({ to, subject: t.reviewMailSubject(res.e.title_sv), text: t.reviewMailBody(res.e.title_sv, t[`decision_${decision}`], reason, url) });
  }
  return { outcome: 'ok', state: res.state, mailed: [...recipients.keys()] };
}

export async function setOccurrenceStatus(ctx: AppContext, actor: Actor, eventId: number, occurrenceId: number, status: EventStatus): Promise<{ outcome: 'ok' } | { outcome: 'not_found' }> {
  return ctx.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('expo_occurrences').select(['status']).where('id', '=', occurrenceId).where('event_id', '=', eventId).executeTakeFirst();
    if (!before) return { outcome: 'not_found' as const };
    await trx.updateTable('expo_occurrences').set({ status, updated_at: new Date() }).where('id', '=', occurrenceId).execute();
    await recordAudit(trx, actor, { action: 'expo.occurrence.status', entityType: 'expo_occurrence', entityId: occurrenceId, before, after: { status } });
    return { outcome: 'ok' as const };
  });
}

// ---------- releases ----------
//
// PostgreSQL builds the next snapshot from the source tables and compares it with the published one
// (jsonb equality per item, column equality per date): only what differs comes back to Node, for the
// changelog and the cache tags, and only that is written, in one set-based statement per table.
// Search vectors are made when an item is saved (generated columns on expo_events) and copied here.

/** The published row of every item the next release contains: accepted, with at least one date. */
function nextEvents(editionId: number) {
  return sql`
    SELECT e.id AS event_id, e.slug, e.type, e.status, e.themes, e.sdgs, e.audience, e.languages, e.title_sv, e.title_en,
           coalesce(org.ids, '{}') AS organisation_ids, free.is_free, e.search_sv, e.search_en, e.trgm,
           jsonb_build_object(
             'id', e.id, 'slug', e.slug, 'type', e.type, 'status', e.status, 'title_sv', e.title_sv, 'title_en', e.title_en,
             'description_sv', e.description_sv, 'description_en', e.description_en, 'themes', to_jsonb(e.themes), 'sdgs', to_jsonb(e.sdgs),
             'audience', to_jsonb(e.audience), 'age_min', e.age_min, 'age_max', e.age_max, 'languages', to_jsonb(e.languages),
             'accessibility', to_jsonb(e.accessibility), 'prices', e.prices, 'is_free', free.is_free, 'booking_mode', e.booking_mode,
             'booking_url', e.booking_url, 'attendance_mode', e.attendance_mode, 'online_url', e.online_url,
             'image', CASE WHEN e.image_url <> '' THEN jsonb_build_object('url', e.image_url, 'alt_sv', e.image_alt_sv, 'alt_en', e.image_alt_en) END,
             'organisers', coalesce(org.list, '[]'::jsonb), 'initiative_ids', to_jsonb(e.initiative_ids), 'is_demo', e.is_demo) AS data
      FROM expo_events e
      -- Grouped once for all items (a hash join), not a subquery per item; and when a query uses no
      -- organiser column (the first diff), PostgreSQL drops the join altogether.
      LEFT JOIN (
        SELECT eo.event_id,
               array_agg(o.id ORDER BY eo.is_main DESC, o.name COLLATE sv) AS ids,
               jsonb_agg(jsonb_build_object('id', o.id, 'slug', o.slug, 'name', o.name, 'main', eo.is_main, 'website', o.website) ORDER BY eo.is_main DESC, o.name COLLATE sv) AS list
          FROM expo_event_organisers eo JOIN organisations o ON o.id = eo.organisation_id
         GROUP BY eo.event_id) org ON org.event_id = e.id
      CROSS JOIN LATERAL (SELECT NOT EXISTS (SELECT 1 FROM jsonb_array_elements(e.prices) p WHERE p -> 'amount_ore' IS DISTINCT FROM '0'::jsonb) AS is_free) free
     WHERE e.edition_id = ${editionId} AND e.state = 'accepted'
       AND EXISTS (SELECT 1 FROM expo_occurrences x WHERE x.event_id = e.id)`;
}

/**
 * The item's and the venue's accessibility features merged: each feature once, in byte order. Both columns
 * hold only the fixed vocabulary (CHECK constraints), so a plain expression over it does what a sorted
 * DISTINCT subquery per date did, at a third of the cost (15,000 dates, twice per release).
 */
const mergedAccessibility = sql.raw(
  `array_remove(ARRAY[${[...ACCESSIBILITY_FEATURES]
    .sort()
    .map((f) => `CASE WHEN '${f}' = ANY(e.accessibility) OR '${f}' = ANY(v.accessibility) THEN '${f}' END`)
    .join(', ')}]::text[], NULL)`,
);

/** Every date of the next release, with the item's and the venue's accessibility merged. */
function nextOccurrences(editionId: number) {
  return sql`
    SELECT o.id AS occurrence_id, o.guid, o.event_id, o.venue_id, v.area_id, o.starts_at, o.ends_at, o.all_day, o.status,
           ${mergedAccessibility} AS accessibility,
           e.slug AS event_slug, e.title_sv, e.title_en, e.status AS event_status
      FROM expo_occurrences o
      JOIN expo_events e ON e.id = o.event_id
      JOIN expo_venues v ON v.id = o.venue_id
     WHERE e.edition_id = ${editionId} AND e.state = 'accepted'`;
}

interface PlannedChange {
  event_id: number;
  occurrence_id: number | null;
  kind: ChangeKind;
  event_slug: string;
  title_sv: string;
  title_en: string;
  detail: Record<string, unknown>;
}

interface ChangedEvent {
  id: number;
  slug: string;
  title_sv: string;
  title_en: string;
  status: EventStatus;
  is_new: boolean;
  pub_status: EventStatus | null;
}

interface Slot {
  venue_id: number;
  area_id: number;
  starts_at: Date;
  ends_at: Date;
  all_day: boolean;
  status: EventStatus;
  /** The local days it touches, first and last ("YYYY-MM-DD" in the edition's zone). */
  first_day: string;
  last_day: string;
}

interface ChangedOccurrence {
  occurrence_id: number;
  event_id: number;
  event_slug: string | null;
  title_sv: string | null;
  title_en: string | null;
  /** The item's status in the next release (null when the date is removed). */
  event_status: EventStatus | null;
  /** The next release's date; null when it is removed. */
  next: Slot | null;
  /** The published date; null when it is new. */
  pub: Slot | null;
  /** Its own columns differ (not only its item's data). */
  own: boolean;
}

/** What differs between the next snapshot and the published one: rows only, no interpretation. */
interface ReleaseDiff {
  edition: EditionInfo;
  venues: VenueRow[];
  areas: { id: number; slug: string }[];
  changedEvents: ChangedEvent[];
  removedEvents: { id: number; slug: string; title_sv: string; title_en: string }[];
  occurrences: ChangedOccurrence[];
}

export interface ReleasePlan {
  edition: EditionInfo;
  changedEvents: ChangedEvent[];
  removedEvents: number[];
  /** Ids of dates written again (new, moved, changed, or of an item that changed). */
  changedOccurrences: number[];
  removedOccurrences: number[];
  changes: PlannedChange[];
  /** Cache tags the release makes stale: exactly the days, items, venues and areas it changes. */
  tags: string[];
}

type SlotRow = { [K in keyof Slot as `${'n' | 'p'}_${K}`]: (Slot[K] extends Date ? number : Slot[K]) | null };

/** The rows of the next snapshot that differ from the published one (the item diff first: the dates of a changed item are written again). */
async function diffRelease(db: Writer, edition: EditionInfo): Promise<ReleaseDiff> {
  const tz = edition.time_zone;
  const [events, removed, venues, areas] = await Promise.all([
    sql<ChangedEvent>`
      SELECT n.event_id::int AS id, n.slug, n.title_sv, n.title_en, n.status, p.event_id IS NULL AS is_new, p.status AS pub_status
        FROM (${nextEvents(edition.id)}) n LEFT JOIN expo_pub_events p ON p.event_id = n.event_id
       WHERE p.event_id IS NULL OR p.data <> n.data
       ORDER BY n.event_id`.execute(db),
    sql<{ id: number; slug: string; title_sv: string; title_en: string }>`
      SELECT p.event_id::int AS id, p.slug, p.title_sv, p.title_en FROM expo_pub_events p
       WHERE p.edition_id = ${edition.id}
         AND NOT EXISTS (SELECT 1 FROM expo_events e WHERE e.id = p.event_id AND e.state = 'accepted' AND e.edition_id = ${edition.id}
                           AND EXISTS (SELECT 1 FROM expo_occurrences x WHERE x.event_id = e.id))
       ORDER BY p.event_id`.execute(db),
    listVenues(db, edition.id),
    db.selectFrom('expo_areas').select(['id', 'slug']).where('edition_id', '=', edition.id).execute(),
  ]);
  const changedIds = events.rows.map((e) => e.id);
  // Instants as epoch milliseconds: numbers parse far faster than timestamps, for 15,000 dates.
  const ms = (col: string) => sql.raw(`(extract(epoch FROM ${col}) * 1000)::float8`);
  const day = (col: string, end = false) => sql.raw(`to_char(${end ? `greatest(${col}.starts_at, ${col}.ends_at - interval '1 millisecond')` : `${col}.starts_at`} AT TIME ZONE `);
  const occs = await sql<SlotRow & { occurrence_id: number; event_id: number; event_slug: string | null; title_sv: string | null; title_en: string | null; event_status: EventStatus | null; own: boolean }>`
    SELECT coalesce(n.occurrence_id, p.occurrence_id)::int AS occurrence_id, coalesce(n.event_id, p.event_id)::int AS event_id, n.event_status,
           coalesce(n.event_slug, e.slug) AS event_slug, coalesce(n.title_sv, e.title_sv) AS title_sv, coalesce(n.title_en, e.title_en) AS title_en,
           n.venue_id::int AS n_venue_id, n.area_id::int AS n_area_id, ${ms('n.starts_at')} AS n_starts_at, ${ms('n.ends_at')} AS n_ends_at, n.all_day AS n_all_day, n.status AS n_status,
           ${day('n')}${tz}, 'YYYY-MM-DD') AS n_first_day, ${day('n', true)}${tz}, 'YYYY-MM-DD') AS n_last_day,
           p.venue_id::int AS p_venue_id, p.area_id::int AS p_area_id, ${ms('p.starts_at')} AS p_starts_at, ${ms('p.ends_at')} AS p_ends_at, p.all_day AS p_all_day, p.status AS p_status,
           ${day('p')}${tz}, 'YYYY-MM-DD') AS p_first_day, ${day('p', true)}${tz}, 'YYYY-MM-DD') AS p_last_day,
           (n.venue_id, n.area_id, n.starts_at, n.ends_at, n.all_day, n.status, n.accessibility) IS DISTINCT FROM (p.venue_id, p.area_id, p.starts_at, p.ends_at, p.all_day, p.status, p.accessibility) AS own
      FROM (${nextOccurrences(edition.id)}) n
      FULL JOIN (SELECT * FROM expo_pub_occurrences WHERE edition_id = ${edition.id}) p ON p.occurrence_id = n.occurrence_id
      LEFT JOIN expo_events e ON n.occurrence_id IS NULL AND e.id = p.event_id
     WHERE n.occurrence_id IS NULL OR p.occurrence_id IS NULL OR n.event_id = ANY(${changedIds}::bigint[])
        OR (n.venue_id, n.area_id, n.starts_at, n.ends_at, n.all_day, n.status, n.accessibility) IS DISTINCT FROM (p.venue_id, p.area_id, p.starts_at, p.ends_at, p.all_day, p.status, p.accessibility)
     ORDER BY 1`.execute(db);
  const slot = (r: SlotRow, w: 'n' | 'p'): Slot | null =>
    r[`${w}_venue_id`] === null
      ? null
      : { venue_id: r[`${w}_venue_id`]!, area_id: r[`${w}_area_id`]!, starts_at: new Date(r[`${w}_starts_at`]!), ends_at: new Date(r[`${w}_ends_at`]!), all_day: r[`${w}_all_day`]!, status: r[`${w}_status`]!, first_day: r[`${w}_first_day`]!, last_day: r[`${w}_last_day`]! };
  return {
    edition,
    venues,
    areas,
    changedEvents: events.rows,
    removedEvents: removed.rows,
    occurrences: occs.rows.map((r) => ({ occurrence_id: r.occurrence_id, event_id: r.event_id, event_slug: r.event_slug, title_sv: r.title_sv, title_en: r.title_en, event_status: r.event_status, next: slot(r, 'n'), pub: slot(r, 'p'), own: r.own })),
  };
}

/** The changelog entries and cache tags of a diff. */
function describeRelease(d: ReleaseDiff): ReleasePlan {
  const venueById = new Map(d.venues.map((v) => [v.id, v]));
  const areaSlug = new Map(d.areas.map((a) => [a.id, a.slug]));
  const tags = new Set<string>();
  const touch = (o: Slot) => {
    if (o.last_day <= o.first_day) tags.add(`expo:day:${o.first_day}`);
    else for (const day of dateRange(o.first_day, o.last_day)) tags.add(`expo:day:${day}`);
    tags.add(`expo:venue:${venueById.get(o.venue_id)?.slug ?? o.venue_id}`);
    tags.add(`expo:area:${areaSlug.get(o.area_id) ?? o.area_id}`);
  };
  const where = (o: Slot) => ({
    venue_id: o.venue_id,
    venue: venueById.get(o.venue_id)?.name_sv ?? '',
    venue_en: venueById.get(o.venue_id)?.name_en ?? '',
    starts_at: o.starts_at.toISOString(),
    ends_at: o.ends_at.toISOString(),
    all_day: o.all_day,
  });

  const changes: PlannedChange[] = [];
  const changedSet = new Set(d.changedEvents.map((e) => e.id));
  const newEvents = new Set<number>();
  for (const e of d.changedEvents) {
    if (e.is_new) newEvents.add(e.id);
    const kind: ChangeKind = e.is_new ? 'new' : e.status === 'cancelled' && e.pub_status !== 'cancelled' ? 'cancelled' : 'changed';
    changes.push({ event_id: e.id, occurrence_id: null, kind, event_slug: e.slug, title_sv: e.title_sv, title_en: e.title_en, detail: {} });
    tags.add(`expo:event:${e.slug}`);
  }
  const removedSet = new Set(d.removedEvents.map((r) => r.id));
  for (const r of d.removedEvents) {
    changes.push({ event_id: r.id, occurrence_id: null, kind: 'removed', event_slug: r.slug, title_sv: r.title_sv, title_en: r.title_en, detail: {} });
    tags.add(`expo:event:${r.slug}`);
  }
  const changedOccurrences: number[] = [];
  const removedOccurrences: number[] = [];
  for (const o of d.occurrences) {
    const base = { event_id: o.event_id, event_slug: o.event_slug ?? '', title_sv: o.title_sv ?? '', title_en: o.title_en ?? '', occurrence_id: o.occurrence_id };
    if (o.next) {
      changedOccurrences.push(o.occurrence_id);
      touch(o.next);
      tags.add(`expo:event:${base.event_slug}`);
    }
    if (o.pub) touch(o.pub);
    if (o.next && !o.pub) {
      if (!newEvents.has(o.event_id)) changes.push({ ...base, kind: 'new', detail: { to: where(o.next) } });
    } else if (o.next && o.pub) {
      const moved = o.pub.venue_id !== o.next.venue_id || o.pub.starts_at.getTime() !== o.next.starts_at.getTime() || o.pub.ends_at.getTime() !== o.next.ends_at.getTime();
      if (moved) changes.push({ ...base, kind: 'moved', detail: { from: where(o.pub), to: where(o.next) } });
      else if (o.next.status === 'cancelled' && o.pub.status !== 'cancelled' && o.event_status !== 'cancelled') changes.push({ ...base, kind: 'cancelled', detail: { to: where(o.next) } });
      else if (o.own && !changedSet.has(o.event_id)) changes.push({ ...base, kind: 'changed', detail: { to: where(o.next) } });
    } else if (o.pub) {
      removedOccurrences.push(o.occurrence_id);
      // The dates of a removed item go with it: its own entry (and tag) says so.
      if (!removedSet.has(o.event_id) && o.event_slug) {
        tags.add(`expo:event:${o.event_slug}`);
        changes.push({ ...base, kind: 'removed', detail: { from: where(o.pub) } });
      }
    }
  }
  return { edition: d.edition, changedEvents: d.changedEvents, removedEvents: [...removedSet], changedOccurrences, removedOccurrences, changes, tags: [...tags] };
}

/** What the next release would change: the accepted, scheduled items against the published snapshot. */
export async function planRelease(db: Writer): Promise<ReleasePlan | undefined> {
  const edition = await currentEdition(db);
  if (!edition) return undefined;
  return describeRelease(await diffRelease(db, edition));
}

export type PublishOutcome = { outcome: 'ok'; number: number; releaseId: number; changes: number } | { outcome: 'no_changes' } | { outcome: 'no_edition' };

/** Publishes the next numbered release: updates the snapshot, writes the changelog, invalidates what changed. */
export async function publishRelease(ctx: AppContext, actor: Actor, note: { sv?: string | undefined; en?: string | undefined } = {}): Promise<PublishOutcome> {
  const res = await ctx.db.transaction().execute(async (trx): Promise<PublishOutcome & { tags?: string[] }> => {
    // One publisher at a time, so release numbers and the snapshot never interleave.
    await sql`SELECT pg_advisory_xact_lock(220023)`.execute(trx);
    const edition = await currentEdition(trx);
    if (!edition) return { outcome: 'no_edition' };
    const diff = await diffRelease(trx, edition);
    if (diff.changedEvents.length === 0 && diff.removedEvents.length === 0 && diff.occurrences.length === 0) return { outcome: 'no_changes' };
    const editionId = edition.id;
    const last = await trx.selectFrom('expo_releases').select((eb) => eb.fn.max('number').as('n')).where('edition_id', '=', editionId).executeTakeFirst();
    const number = Number(last?.n ?? 0) + 1;
    const release = await trx
      .insertInto('expo_releases')
      .values({ edition_id: editionId, number, published_by: actor.kind === 'user' ? actor.id : null, note_sv: note.sv ?? '', note_en: note.en ?? '' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rel = release.id;

    // The items' rows are written while Node works out the changelog and the cache tags.
    const writingEvents = diff.changedEvents.length
      ? sql`
        INSERT INTO expo_pub_events (event_id, edition_id, slug, release_id, first_release_id, sequence, type, status, themes, sdgs, audience, languages, is_free,
                                     organisation_ids, title_sv, title_en, data, search_sv, search_en, trgm)
        SELECT n.event_id, ${editionId}, n.slug, ${rel}, ${rel}, coalesce(p.sequence + 1, 0), n.type, n.status, n.themes, n.sdgs, n.audience, n.languages, n.is_free,
               n.organisation_ids, n.title_sv, n.title_en, n.data, n.search_sv, n.search_en, n.trgm
          -- Joined, not filtered with = ANY(ids): an index scan would sort the whole array again per row.
          FROM (${nextEvents(editionId)}) n
          JOIN unnest(${diff.changedEvents.map((e) => e.id)}::bigint[]) AS c (id) ON c.id = n.event_id
          LEFT JOIN expo_pub_events p ON p.event_id = n.event_id
        ON CONFLICT (event_id) DO UPDATE SET slug = excluded.slug, release_id = excluded.release_id, sequence = excluded.sequence, type = excluded.type,
          status = excluded.status, themes = excluded.themes, sdgs = excluded.sdgs, audience = excluded.audience, languages = excluded.languages, is_free = excluded.is_free,
          organisation_ids = excluded.organisation_ids, title_sv = excluded.title_sv, title_en = excluded.title_en, data = excluded.data,
          search_sv = excluded.search_sv, search_en = excluded.search_en, trgm = excluded.trgm`.execute(trx)
      : undefined;
    writingEvents?.catch(() => {});
    await new Promise((r) => setImmediate(r));
    const plan = describeRelease(diff);
    await writingEvents;
    if (plan.removedOccurrences.length) await sql`DELETE FROM expo_pub_occurrences WHERE occurrence_id = ANY(${plan.removedOccurrences}::bigint[])`.execute(trx);
    if (plan.removedEvents.length) await sql`DELETE FROM expo_pub_events WHERE event_id = ANY(${plan.removedEvents}::bigint[])`.execute(trx);
    if (plan.changedOccurrences.length) {
      await sql`
        INSERT INTO expo_pub_occurrences (occurrence_id, guid, event_id, edition_id, venue_id, area_id, starts_at, ends_at, all_day, status, accessibility, sequence, release_id)
        SELECT n.occurrence_id, n.guid, n.event_id, ${editionId}, n.venue_id, n.area_id, n.starts_at, n.ends_at, n.all_day, n.status, n.accessibility, coalesce(p.sequence + 1, 0), ${rel}
          FROM (${nextOccurrences(editionId)}) n
          JOIN unnest(${plan.changedOccurrences}::bigint[]) AS c (id) ON c.id = n.occurrence_id
          LEFT JOIN expo_pub_occurrences p ON p.occurrence_id = n.occurrence_id
        ON CONFLICT (occurrence_id) DO UPDATE SET venue_id = excluded.venue_id, area_id = excluded.area_id, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
          all_day = excluded.all_day, status = excluded.status, accessibility = excluded.accessibility, sequence = excluded.sequence, release_id = excluded.release_id`.execute(trx);
    }
    if (plan.changes.length) {
      // One array per column (text and number arrays parse far faster than 10,000 JSON records); an
      // item's own entry has no detail (NULL here, '{}' stored), so only moves and dates parse JSON.
      const c = plan.changes;
      await sql`
        INSERT INTO expo_release_changes (release_id, event_id, occurrence_id, kind, event_slug, title_sv, title_en, detail)
        SELECT ${rel}, x.event_id, x.occurrence_id, x.kind, x.event_slug, x.title_sv, x.title_en, coalesce(x.detail::jsonb, '{}')
          FROM unnest(${c.map((x) => x.event_id)}::bigint[], ${c.map((x) => x.occurrence_id)}::bigint[], ${c.map((x) => x.kind)}::text[],
                      ${c.map((x) => x.event_slug)}::text[], ${c.map((x) => x.title_sv)}::text[], ${c.map((x) => x.title_en)}::text[],
                      ${c.map((x) => (Object.keys(x.detail).length ? JSON.stringify(x.detail) : null))}::text[])
               WITH ORDINALITY AS x (event_id, occurrence_id, kind, event_slug, title_sv, title_en, detail, n)
         ORDER BY x.n`.execute(trx);
    }
    await sql`
      UPDATE expo_releases SET event_count = (SELECT count(*) FROM expo_pub_events WHERE edition_id = ${editionId}),
                               occurrence_count = (SELECT count(*) FROM expo_pub_occurrences WHERE edition_id = ${editionId})
       WHERE id = ${rel}`.execute(trx);
    await recordAudit(trx, actor, { action: 'expo.release.publish', entityType: 'expo_release', entityId: rel, after: { number, changes: plan.changes.length } });
    return { outcome: 'ok', number, releaseId: rel, changes: plan.changes.length, tags: plan.tags };
  });
  if (res.outcome === 'ok') {
    // Exactly what changed (a long list goes to other processes in several notifications).
    ctx.cache.invalidate('expo:all', 'expo:release', ...(res.tags ?? []));
    return { outcome: 'ok', number: res.number, releaseId: res.releaseId, changes: res.changes };
  }
  return res;
}

// ---------- my programme ----------

/** Adds published items to a user's stars (moving browser stars into the account). */
export async function addStars(db: Db, userId: number, eventIds: number[]): Promise<number> {
  const ids = [...new Set(eventIds)].slice(0, 500);
  if (ids.length === 0) return 0;
  const published = await db.selectFrom('expo_pub_events').select('event_id').where('event_id', 'in', ids).execute();
  if (published.length === 0) return 0;
  const r = await db
    .insertInto('expo_stars')
    .values(published.map((p) => ({ user_id: userId, event_id: p.event_id })))
    .onConflict((oc) => oc.columns(['user_id', 'event_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

export async function removeStar(db: Db, userId: number, eventId: number): Promise<void> {
  await db.deleteFrom('expo_stars').where('user_id', '=', userId).where('event_id', '=', eventId).execute();
}

/** Creates (or replaces) the secret token of a user's calendar feed; returns it once. */
export async function createFeedToken(ctx: AppContext, actor: Actor, userId: number): Promise<string> {
  const token = crypto.randomBytes(24).toString('base64url');
  const tokenHash = feedTokenHash(ctx.secret, token);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('expo_feed_tokens')
      .values({ user_id: userId, token_hash: tokenHash })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ token_hash: tokenHash, created_at: new Date() }))
      .execute();
    await recordAudit(trx, actor, { action: 'expo.feed_token.create', entityType: 'user', entityId: userId });
  });
  return token;
}

export function feedTokenHash(secret: string, token: string): string {
  return hmac(secret, `expo-feed|${token}`);
}
