// Writes of the expo programme: one transaction each, domain rules first, audited, with named outcomes.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/db.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { FieldErrors } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { recordAudit, diff } from '../../platform/audit.ts';
import { richTextToPlain } from '../../platform/html.ts';
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
import type { ChangeKind, EventState, EventStatus, ReviewDecision } from './expo.schema.ts';
import { currentEdition, findConflicts, getEventForAdmin, listVenues, type VenueRow } from './expo.queries.ts';
import { fastHash, hashOf, isFree, type PubEventData, type PubOrganiser } from './expo.publish-data.ts';
import { datesTouched, localDate, localParts, localTime } from './expo.time.ts';

type Writer = Db | Tx;

export interface EditionContext {
  edition: EditionInfo;
  venues: Map<number, VenueRow & VenueInfo>;
  organisationIds: Set<number>;
}

export async function loadEditionContext(db: Writer): Promise<EditionContext | undefined> {
  const edition = await currentEdition(db);
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
  const ec = await loadEditionContext(ctx.db);
  if (!ec) return { outcome: 'no_edition' };
  const input = opts.input;
  const team = isProgrammeTeam(actor);
  const before = opts.eventId !== undefined ? await getEventForAdmin(ctx.db, opts.eventId) : undefined;
  if (opts.eventId !== undefined && !before) return { outcome: 'not_editable' };
  // Organisers already on the item stay allowed (a member edits what a co-organiser added).
  const existingOrgs = new Set(before?.organisers.map((o) => o.organisation_id) ?? []);
  const errors = validateEventInput(input, { ...ec, mayOrganiseFor: (id) => existingOrgs.has(id) || mayOrganiseFor(actor, id) }, t);
  if (Object.keys(errors).length) return { outcome: 'invalid', errors };
  // Only the team sets the public status.
  if (!team) input.status = before?.status ?? 'scheduled';

  const planned = plannedOccurrences(input, ec.edition.time_zone);
  // Keep each existing occurrence's status unless the input says otherwise.
  const warnings = await scheduleWarnings(ctx.db, ec, opts.eventId, input, planned, opts.locale);
  const blocking = warnings.filter((w) => w.blocking);
  if (blocking.length && !team) {
    const errs: FieldErrors = {};
    for (const w of blocking) if (!errs[`${w.field}_venue`]) errs[`${w.field === 'period' ? 'period' : w.field}_venue`] = `${t.errExclusiveTaken} ${w.message}`;
    return { outcome: 'invalid', errors: errs };
  }
  if (warnings.length && !opts.confirmWarnings) return { outcome: 'warnings', warnings, errors: {} };

  const result = await ctx.db.transaction().execute(async (trx) => {
    let state: EventState = before?.state ?? 'draft';
    if (opts.intent === 'submit' && (state === 'draft' || state === 'changes_requested')) state = 'submitted';
    const id = await writeEvent(trx, actor, { edition: ec.edition, eventId: opts.eventId, input, planned, state, source: 'platform' });
    return { id, state };
  });
  const saved = await ctx.db.selectFrom('expo_events').select('slug').where('id', '=', result.id).executeTakeFirstOrThrow();
  return { outcome: 'ok', id: result.id, slug: saved.slug, state: result.state };
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

/** Inserts or updates one item with its organisers and occurrences (keeping occurrence ids stable). */
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

interface DesiredEvent {
  data: PubEventData;
  /** `data` as JSON, made once for the hash and reused for the insert. */
  json: string;
  hash: string;
  organisationIds: number[];
}

interface DesiredOccurrence {
  occurrence_id: number;
  guid: string;
  event_id: number;
  venue_id: number;
  area_id: number;
  starts_at: Date;
  ends_at: Date;
  all_day: boolean;
  status: EventStatus;
  accessibility: string[];
  hash: string;
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

export interface ReleasePlan {
  edition: EditionInfo;
  events: Map<number, DesiredEvent>;
  occurrences: Map<number, DesiredOccurrence>;
  changedEvents: number[];
  removedEvents: number[];
  changedOccurrences: number[];
  removedOccurrences: number[];
  changes: PlannedChange[];
  /** Cache tags the release makes stale. */
  tags: string[];
  eventSequence: Map<number, number>;
  occurrenceSequence: Map<number, number>;
  newEvents: Set<number>;
}

/** A NOTIFY payload holds at most 8000 bytes: past this many tags a release drops the whole programme. */
const MAX_TAGS = 200;

/** What the next release would change: the accepted, scheduled items against the published snapshot. */
export async function planRelease(db: Writer): Promise<ReleasePlan | undefined> {
  const edition = await currentEdition(db);
  if (!edition) return undefined;
  const tz = edition.time_zone;
  const [eventRows, orgRows, occRows, pubEvents, pubOccs, venues] = await Promise.all([
    db
      .selectFrom('expo_events as e')
      .select([
        'e.id', 'e.slug', 'e.type', 'e.status', 'e.title_sv', 'e.title_en', 'e.description_sv', 'e.description_en', 'e.themes', 'e.sdgs', 'e.audience', 'e.age_min', 'e.age_max',
        'e.languages', 'e.accessibility', 'e.prices', 'e.booking_mode', 'e.booking_url', 'e.attendance_mode', 'e.online_url', 'e.image_url', 'e.image_alt_sv', 'e.image_alt_en',
        'e.initiative_ids', 'e.is_demo',
      ])
      .where('e.edition_id', '=', edition.id)
      .where('e.state', '=', 'accepted')
      .execute(),
    db
      .selectFrom('expo_event_organisers as eo')
      .innerJoin('expo_events as e', 'e.id', 'eo.event_id')
      .innerJoin('organisations as o', 'o.id', 'eo.organisation_id')
      .select(['eo.event_id', 'eo.is_main', 'o.id', 'o.slug', 'o.name', 'o.website'])
      .where('e.edition_id', '=', edition.id)
      .where('e.state', '=', 'accepted')
      .orderBy('eo.event_id')
      .orderBy('eo.is_main', 'desc')
      .orderBy(sql`o.name COLLATE sv`)
      .execute(),
    db
      .selectFrom('expo_occurrences as o')
      .innerJoin('expo_events as e', 'e.id', 'o.event_id')
      .select(['o.id', sql<string>`o.guid::text`.as('guid'), 'o.event_id', 'o.venue_id', 'o.starts_at', 'o.ends_at', 'o.all_day', 'o.status'])
      .where('e.edition_id', '=', edition.id)
      .where('e.state', '=', 'accepted')
      .execute(),
    db.selectFrom('expo_pub_events').select(['event_id', 'hash', 'sequence', 'slug', 'title_sv', 'title_en', 'status']).where('edition_id', '=', edition.id).execute(),
    db
      .selectFrom('expo_pub_occurrences')
      .select(['occurrence_id', 'event_id', 'hash', 'sequence', 'venue_id', 'area_id', 'starts_at', 'ends_at', 'status', 'all_day'])
      .where('edition_id', '=', edition.id)
      .execute(),
    listVenues(db, edition.id),
  ]);
  const areaSlug = new Map((await db.selectFrom('expo_areas').select(['id', 'slug']).where('edition_id', '=', edition.id).execute()).map((a) => [a.id, a.slug]));
  const organisersOf = new Map<number, PubOrganiser[]>();
  for (const o of orgRows) {
    let list = organisersOf.get(o.event_id);
    if (!list) organisersOf.set(o.event_id, (list = []));
    list.push({ id: o.id, slug: o.slug, name: o.name, main: o.is_main, website: o.website });
  }
  // Accepted items without a date are not scheduled yet: they wait for the next release.
  const scheduled = new Set(occRows.map((o) => o.event_id));
  const venueById = new Map(venues.map((v) => [v.id, v]));

  const events = new Map<number, DesiredEvent>();
  for (const e of eventRows) {
    if (!scheduled.has(e.id)) continue;
    const organisers = organisersOf.get(e.id) ?? [];
    const prices = e.prices as PubEventData['prices'];
    const data: PubEventData = {
      id: e.id,
      slug: e.slug,
      type: e.type,
      status: e.status,
      title_sv: e.title_sv,
      title_en: e.title_en,
      description_sv: e.description_sv,
      description_en: e.description_en,
      themes: e.themes,
      sdgs: e.sdgs.map(Number),
      audience: e.audience,
      age_min: e.age_min,
      age_max: e.age_max,
      languages: e.languages,
      accessibility: e.accessibility,
      prices,
      is_free: isFree(prices),
      booking_mode: e.booking_mode,
      booking_url: e.booking_url,
      attendance_mode: e.attendance_mode,
      online_url: e.online_url,
      image: e.image_url ? { url: e.image_url, alt_sv: e.image_alt_sv, alt_en: e.image_alt_en } : null,
      organisers,
      initiative_ids: e.initiative_ids.map(Number),
      is_demo: e.is_demo,
    };
    const json = JSON.stringify(data);
    events.set(e.id, { data, json, hash: hashOf(json), organisationIds: organisers.map((o) => o.id) });
  }
  const occurrences = new Map<number, DesiredOccurrence>();
  for (const o of occRows) {
    const e = events.get(o.event_id);
    const v = venueById.get(o.venue_id);
    if (!e || !v) continue;
    const accessibility = [...new Set([...e.data.accessibility, ...v.accessibility])].sort();
    const core = { venue_id: o.venue_id, area_id: v.area_id, starts_at: o.starts_at, ends_at: o.ends_at, all_day: o.all_day, status: o.status, accessibility };
    occurrences.set(o.id, { occurrence_id: o.id, guid: o.guid, event_id: o.event_id, ...core, hash: fastHash(core) });
  }

  const pubEventById = new Map(pubEvents.map((p) => [p.event_id, p]));
  const pubOccById = new Map(pubOccs.map((p) => [p.occurrence_id, p]));
  const changes: PlannedChange[] = [];
  const tags = new Set<string>();
  // Past a few hundred tags a release invalidates the whole programme instead (see publishRelease).
  let coarse = false;
  const touch = (o: { starts_at: Date; ends_at: Date; venue_id: number; area_id: number }) => {
    if (coarse || (coarse = tags.size > MAX_TAGS)) return;
    for (const d of datesTouched(o.starts_at, o.ends_at, tz)) tags.add(`expo:day:${d}`);
    tags.add(`expo:venue:${venueById.get(o.venue_id)?.slug ?? o.venue_id}`);
    tags.add(`expo:area:${areaSlug.get(o.area_id) ?? o.area_id}`);
  };
  const changedEvents: number[] = [];
  const newEvents = new Set<number>();
  const eventSequence = new Map<number, number>();
  const occurrenceSequence = new Map<number, number>();
  const where = (o: { venue_id: number; starts_at: Date; ends_at: Date; all_day: boolean }) => ({
    venue_id: o.venue_id,
    venue: venueById.get(o.venue_id)?.name_sv ?? '',
    venue_en: venueById.get(o.venue_id)?.name_en ?? '',
    starts_at: o.starts_at.toISOString(),
    ends_at: o.ends_at.toISOString(),
    all_day: o.all_day,
  });

  for (const [id, e] of events) {
    const pub = pubEventById.get(id);
    const base = { event_id: id, event_slug: e.data.slug, title_sv: e.data.title_sv, title_en: e.data.title_en };
    if (!pub) {
      changedEvents.push(id);
      newEvents.add(id);
      eventSequence.set(id, 0);
      changes.push({ ...base, occurrence_id: null, kind: 'new', detail: {} });
      tags.add(`expo:event:${e.data.slug}`);
    } else if (pub.hash !== e.hash) {
      changedEvents.push(id);
      eventSequence.set(id, pub.sequence + 1);
      const kind: ChangeKind = e.data.status === 'cancelled' && pub.status !== 'cancelled' ? 'cancelled' : 'changed';
      changes.push({ ...base, occurrence_id: null, kind, detail: {} });
      tags.add(`expo:event:${e.data.slug}`);
    }
  }
  const removedEvents: number[] = [];
  for (const [id, pub] of pubEventById) {
    if (!events.has(id)) {
      removedEvents.push(id);
      changes.push({ event_id: id, occurrence_id: null, kind: 'removed', event_slug: pub.slug, title_sv: pub.title_sv, title_en: pub.title_en, detail: {} });
      tags.add(`expo:event:${pub.slug}`);
    }
  }
  const changedEventSet = new Set(changedEvents);
  const changedOccurrences: number[] = [];
  for (const [id, o] of occurrences) {
    const pub = pubOccById.get(id);
    const e = events.get(o.event_id) as DesiredEvent;
    const base = { event_id: o.event_id, event_slug: e.data.slug, title_sv: e.data.title_sv, title_en: e.data.title_en, occurrence_id: id };
    if (!pub) {
      changedOccurrences.push(id);
      occurrenceSequence.set(id, 0);
      if (!newEvents.has(o.event_id)) changes.push({ ...base, kind: 'new', detail: { to: where(o) } });
      touch(o);
      tags.add(`expo:event:${e.data.slug}`);
      continue;
    }
    const moved = pub.venue_id !== o.venue_id || pub.starts_at.getTime() !== o.starts_at.getTime() || pub.ends_at.getTime() !== o.ends_at.getTime();
    if (pub.hash !== o.hash || changedEventSet.has(o.event_id)) {
      changedOccurrences.push(id);
      occurrenceSequence.set(id, pub.sequence + 1);
      touch(o);
      touch(pub);
      tags.add(`expo:event:${e.data.slug}`);
      if (moved) changes.push({ ...base, kind: 'moved', detail: { from: where(pub), to: where(o) } });
      else if (o.status === 'cancelled' && pub.status !== 'cancelled' && e.data.status !== 'cancelled') changes.push({ ...base, kind: 'cancelled', detail: { to: where(o) } });
      else if (pub.hash !== o.hash && !changedEventSet.has(o.event_id)) changes.push({ ...base, kind: 'changed', detail: { to: where(o) } });
    }
  }
  const removedOccurrences: number[] = [];
  for (const [id, pub] of pubOccById) {
    if (occurrences.has(id)) continue;
    removedOccurrences.push(id);
    touch(pub);
    const e = events.get(pub.event_id);
    if (e) tags.add(`expo:event:${e.data.slug}`);
    if (e && !newEvents.has(pub.event_id)) {
      changes.push({ event_id: pub.event_id, occurrence_id: id, kind: 'removed', event_slug: e.data.slug, title_sv: e.data.title_sv, title_en: e.data.title_en, detail: { from: where(pub) } });
    }
  }
  // Changed events whose dates did not move still show on the days they occupy.
  const occurrencesOf = new Map<number, DesiredOccurrence[]>();
  for (const o of occurrences.values()) {
    const list = occurrencesOf.get(o.event_id);
    if (list) list.push(o);
    else occurrencesOf.set(o.event_id, [o]);
  }
  for (const id of changedEvents) for (const o of occurrencesOf.get(id) ?? []) touch(o);
  return {
    edition,
    events,
    occurrences,
    changedEvents,
    removedEvents,
    changedOccurrences,
    removedOccurrences,
    changes,
    tags: coarse || tags.size > MAX_TAGS ? ['expo'] : [...tags],
    eventSequence,
    occurrenceSequence,
    newEvents,
  };
}

export type PublishOutcome = { outcome: 'ok'; number: number; releaseId: number; changes: number } | { outcome: 'no_changes' } | { outcome: 'no_edition' };

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Publishes the next numbered release: updates the snapshot, writes the changelog, invalidates what changed. */
export async function publishRelease(ctx: AppContext, actor: Actor, note: { sv?: string | undefined; en?: string | undefined } = {}): Promise<PublishOutcome> {
  const res = await ctx.db.transaction().execute(async (trx): Promise<PublishOutcome & { tags?: string[] }> => {
    // One publisher at a time, so release numbers and the snapshot never interleave.
    await sql`SELECT pg_advisory_xact_lock(220023)`.execute(trx);
    const plan = await planRelease(trx);
    if (!plan) return { outcome: 'no_edition' };
    if (plan.changes.length === 0 && plan.changedOccurrences.length === 0 && plan.removedOccurrences.length === 0) return { outcome: 'no_changes' };
    const last = await trx.selectFrom('expo_releases').select((eb) => eb.fn.max('number').as('n')).where('edition_id', '=', plan.edition.id).executeTakeFirst();
    const number = Number(last?.n ?? 0) + 1;
    const release = await trx
      .insertInto('expo_releases')
      .values({
        edition_id: plan.edition.id,
        number,
        published_by: actor.kind === 'user' ? actor.id : null,
        note_sv: note.sv ?? '',
        note_en: note.en ?? '',
        event_count: plan.events.size,
        occurrence_count: plan.occurrences.size,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    if (plan.removedEvents.length) await trx.deleteFrom('expo_pub_events').where('event_id', 'in', plan.removedEvents).execute();
    if (plan.removedOccurrences.length) {
      for (const c of chunks(plan.removedOccurrences, 5000)) await trx.deleteFrom('expo_pub_occurrences').where('occurrence_id', 'in', c).execute();
    }
    // Rows as JSON text, the item's data spliced in as already serialised by the plan.
    const eventRows = plan.changedEvents.map((id) => {
      const e = plan.events.get(id) as DesiredEvent;
      const d = e.data;
      const head = JSON.stringify({
        event_id: id,
        edition_id: plan.edition.id,
        slug: d.slug,
        release_id: release.id,
        first_release_id: release.id,
        hash: e.hash,
        sequence: plan.eventSequence.get(id) ?? 0,
        type: d.type,
        status: d.status,
        themes: d.themes,
        sdgs: d.sdgs,
        audience: d.audience,
        languages: d.languages,
        is_free: d.is_free,
        organisation_ids: e.organisationIds,
        title_sv: d.title_sv,
        title_en: d.title_en,
        text_sv: richTextToPlain(d.description_sv),
        text_en: richTextToPlain(d.description_en),
      });
      return `${head.slice(0, -1)},"data":${e.json}}`;
    });
    // One statement per few thousand rows, the rows as one JSON parameter: far less work than
    // thousands of bound parameters, which matters when a release carries the whole programme.
    for (const c of chunks(eventRows, 2500)) {
      await sql`INSERT INTO expo_pub_events (event_id, edition_id, slug, release_id, first_release_id, hash, sequence, type, status, themes, sdgs, audience, languages, is_free, organisation_ids, title_sv, title_en, text_sv, text_en, data)
        SELECT x.event_id, x.edition_id, x.slug, x.release_id, x.first_release_id, x.hash, x.sequence, x.type, x.status, x.themes, x.sdgs, x.audience, x.languages, x.is_free, x.organisation_ids, x.title_sv, x.title_en, x.text_sv, x.text_en, x.data
          FROM jsonb_to_recordset(${`[${c.join(',')}]`}::jsonb) AS x(event_id bigint, edition_id bigint, slug text, release_id bigint, first_release_id bigint, hash text, sequence integer, type text, status text,
               themes text[], sdgs smallint[], audience text[], languages text[], is_free boolean, organisation_ids bigint[], title_sv text, title_en text, text_sv text, text_en text, data jsonb)
        ON CONFLICT (event_id) DO UPDATE SET slug = excluded.slug, release_id = excluded.release_id, hash = excluded.hash, sequence = excluded.sequence, type = excluded.type,
          status = excluded.status, themes = excluded.themes, sdgs = excluded.sdgs, audience = excluded.audience, languages = excluded.languages, is_free = excluded.is_free,
          organisation_ids = excluded.organisation_ids, title_sv = excluded.title_sv, title_en = excluded.title_en, text_sv = excluded.text_sv, text_en = excluded.text_en, data = excluded.data`.execute(trx);
    }
    const occRows = plan.changedOccurrences.map((id) => {
      const o = plan.occurrences.get(id) as DesiredOccurrence;
      return {
        occurrence_id: id,
        guid: o.guid,
        event_id: o.event_id,
        edition_id: plan.edition.id,
        venue_id: o.venue_id,
        area_id: o.area_id,
        starts_at: o.starts_at,
        ends_at: o.ends_at,
        all_day: o.all_day,
        status: o.status,
        accessibility: o.accessibility as PubEventData['accessibility'],
        hash: o.hash,
        sequence: plan.occurrenceSequence.get(id) ?? 0,
        release_id: release.id,
      };
    });
    for (const c of chunks(occRows, 5000)) {
      await sql`INSERT INTO expo_pub_occurrences (occurrence_id, guid, event_id, edition_id, venue_id, area_id, starts_at, ends_at, all_day, status, accessibility, hash, sequence, release_id)
        SELECT x.occurrence_id, x.guid, x.event_id, x.edition_id, x.venue_id, x.area_id, x.starts_at, x.ends_at, x.all_day, x.status, x.accessibility, x.hash, x.sequence, x.release_id
          FROM jsonb_to_recordset(${JSON.stringify(c)}::jsonb) AS x(occurrence_id bigint, guid uuid, event_id bigint, edition_id bigint, venue_id bigint, area_id bigint, starts_at timestamptz,
               ends_at timestamptz, all_day boolean, status text, accessibility text[], hash text, sequence integer, release_id bigint)
        ON CONFLICT (occurrence_id) DO UPDATE SET venue_id = excluded.venue_id, area_id = excluded.area_id, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
          all_day = excluded.all_day, status = excluded.status, accessibility = excluded.accessibility, hash = excluded.hash, sequence = excluded.sequence, release_id = excluded.release_id`.execute(trx);
    }
    for (const c of chunks(plan.changes, 1000)) {
      await trx
        .insertInto('expo_release_changes')
        .values(c.map((ch) => ({ ...ch, release_id: release.id, detail: JSON.stringify(ch.detail) })))
        .execute();
    }
    await recordAudit(trx, actor, { action: 'expo.release.publish', entityType: 'expo_release', entityId: release.id, after: { number, changes: plan.changes.length } });
    return { outcome: 'ok', number, releaseId: release.id, changes: plan.changes.length, tags: plan.tags };
  });
  if (res.outcome === 'ok') {
    // A notification carries at most 8000 bytes: a huge release drops the whole programme instead.
    const tags = res.tags ?? [];
    if (tags.includes('expo')) ctx.cache.invalidate('expo');
    else ctx.cache.invalidate('expo:all', 'expo:release', ...tags);
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
