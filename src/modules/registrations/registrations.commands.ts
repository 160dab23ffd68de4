// Writes of the registrations module. Every decision about seats takes the occurrence's settings
// row lock (SELECT … FOR UPDATE) and reads the seat sums from the rows in the same transaction, so
// capacity holds whichever process serves the request. Sign-ups arriving while a sign-up for the
// same occurrence is in flight are decided together in the next statement (one lock, one commit for
// many), which keeps a rush fast without weakening the rule. Mail goes out after the commit.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../db/db.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { recordAudit } from '../../platform/audit.ts';
import { registrationPolicy, type OrganisedResource } from './registrations.policy.ts';
import { LIMITS, type CancelReason, type Question, type RegistrationStatus } from './registrations.schema.ts';
import {
  checkAnswers,
  cleanName,
  generateTicketCodes,
  manageToken,
  manageTokenHash,
  maxSeats,
  normaliseTicketCode,
  planPromotion,
  type SettingsIssue,
  type SignUpIssue,
} from './registrations.rules.ts';
import { registrationByCode, registrationById, registrationByTokenHash, staffOccurrence, type RegistrationRow } from './registrations.queries.ts';
import { seatsChanged } from './registrations.freshness.ts';

export const MAIL_QUEUE = 'registrations.mail';
export const EXPIRE_QUEUE = 'registrations.expire-offers';

// ---------- the lock ----------

export interface LockedOccurrence {
  occurrence_id: number;
  event_id: number;
  enabled: boolean;
  capacity: number;
  opens_at: Date | null;
  closes_at: Date | null;
  max_group_size: number;
  waitlist_capacity: number;
  offer_hours: number;
  account_required: boolean;
  questions: Question[];
  starts_at: Date;
  ends_at: Date;
  published: boolean;
  cancelled: boolean;
}

/** Locks the occurrence's settings row until the transaction ends; every seat decision starts here. */
export async function lockOccurrence(trx: Tx, occurrenceId: number): Promise<LockedOccurrence | undefined> {
  const r = await sql<LockedOccurrence>`
    SELECT ro.occurrence_id, ro.event_id, ro.enabled, ro.capacity, ro.opens_at, ro.closes_at,
      re.max_group_size, re.waitlist_capacity, re.offer_hours, re.account_required, re.questions,
      coalesce(po.starts_at, o.starts_at) AS starts_at, coalesce(po.ends_at, o.ends_at) AS ends_at,
      (po.occurrence_id IS NOT NULL) AS published,
      coalesce(po.status = 'cancelled' OR pe.status = 'cancelled', false) AS cancelled
    FROM registration_occurrences ro
    JOIN registration_events re ON re.event_id = ro.event_id
    JOIN expo_occurrences o ON o.id = ro.occurrence_id
    LEFT JOIN expo_pub_occurrences po ON po.occurrence_id = ro.occurrence_id
    LEFT JOIN expo_pub_events pe ON pe.event_id = po.event_id
    WHERE ro.occurrence_id = ${occurrenceId}
    FOR UPDATE OF ro`.execute(trx);
  return r.rows[0];
}

interface Aggregate {
  held: number;
  waiting_seats: number;
  waiting_count: number;
  last_arrival: number;
}

/** Seat sums from the rows. Run after the lock: in READ COMMITTED each statement sees every commit before it. */
async function aggregate(trx: Tx, occurrenceId: number): Promise<Aggregate> {
  const r = await sql<Aggregate>`
    SELECT coalesce(sum(seats) FILTER (WHERE status IN ('confirmed', 'checked_in', 'offered')), 0)::int AS held,
      coalesce(sum(seats) FILTER (WHERE status = 'waitlisted'), 0)::int AS waiting_seats,
      count(*) FILTER (WHERE status = 'waitlisted')::int AS waiting_count,
      coalesce(max(arrival), 0)::int AS last_arrival
    FROM registrations WHERE occurrence_id = ${occurrenceId}`.execute(trx);
  return r.rows[0] as Aggregate;
}

/**
 * Offers freed seats to the first people in line whose group fits, with a deadline. Called under
 * the lock after anything that frees seats or adds capacity. Returns the ids offered.
 */
async function promote(trx: Tx, occ: LockedOccurrence, now: Date): Promise<number[]> {
  const agg = await aggregate(trx, occ.occurrence_id);
  const free = occ.capacity - agg.held;
  if (free <= 0 || agg.waiting_count === 0) return [];
  const waiting = await trx
    .selectFrom('registrations')
    .select(['id', 'seats'])
    .where('occurrence_id', '=', occ.occurrence_id)
    .where('status', '=', 'waitlisted')
    .orderBy('arrival')
    .execute();
  const ids = planPromotion(free, waiting);
  if (ids.length === 0) return [];
  await trx
    .updateTable('registrations')
    .set({ status: 'offered', offered_at: now, offer_expires_at: new Date(now.getTime() + occ.offer_hours * 3600_000), updated_at: now })
    .where('id', 'in', ids)
    .execute();
  return ids;
}

/** After a commit: mail whoever's status changed, and wake the expiry sweep when offers were made. */
async function afterCommit(ctx: AppContext, occurrenceId: number, mailIds: number[], offered: { ids: number[]; hours: number }): Promise<void> {
  if (mailIds.length) await ctx.jobs.send(MAIL_QUEUE, { ids: mailIds });
  if (offered.ids.length && ctx.jobs.enabled) {
    await ctx.jobs.send(EXPIRE_QUEUE, { occurrenceId }, { startAfterSeconds: offered.hours * 3600 + 5 });
  }
}

function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string };
  return err?.code === '23505' && (constraint === undefined || err.constraint === constraint);
}

// ---------- sign-up ----------

export interface SignUpInput {
  occurrenceId: number;
  name: string;
  email: string;
  seats: number;
  answers: Record<string, string | undefined>;
  idempotencyKey?: string | undefined;
  locale: Locale;
  /** The signed-in person, if any. */
  userId?: number | undefined;
}

export interface RegistrationSummary {
  id: number;
  occurrenceId: number;
  status: RegistrationStatus;
  seats: number;
  position: number | undefined;
  ticketCode: string;
  manageToken: string;
}


export type SignUpOutcome =
  | { outcome: 'created'; registration: RegistrationSummary }
  /** The same request again (same Idempotency-Key and e-mail): the registration it made. */
  | { outcome: 'existing'; registration: RegistrationSummary }
  /** The address already has an active registration here; its link has been mailed again. */
  | { outcome: 'already_registered'; registrationId: number }
  | { outcome: 'idempotency_mismatch' }
  | { outcome: 'not_found' }
  | { outcome: 'refused'; reason: 'not_open_yet'; opensAt: Date }
  | { outcome: 'refused'; reason: 'closed' | 'full' | 'waitlist_full' | 'account_required' }
  | { outcome: 'invalid'; issues: Record<string, SignUpIssue> };

/** Sign-ups per transaction at most; a rush is decided in batches of this size. */
const MAX_BATCH = 200;

interface Pending {
  input: SignUpInput;
  now: Date;
  resolve: (o: SignUpOutcome) => void;
  reject: (e: unknown) => void;
}
interface Queue {
  items: Pending[];
  running: boolean;
}
const queues = new WeakMap<AppContext, Map<number, Queue>>();

/**
 * Signs up for an occurrence. Confirms when the group fits, else puts it on the waiting list when
 * that has room, else refuses. Concurrent calls for one occurrence share a transaction.
 */
export function signUp(ctx: AppContext, input: SignUpInput, now: Date = new Date()): Promise<SignUpOutcome> {
  let byOccurrence = queues.get(ctx);
  if (!byOccurrence) {
    byOccurrence = new Map();
    queues.set(ctx, byOccurrence);
  }
  let q = byOccurrence.get(input.occurrenceId);
  if (!q) {
    q = { items: [], running: false };
    byOccurrence.set(input.occurrenceId, q);
  }
  const queue = q;
  const map = byOccurrence;
  return new Promise<SignUpOutcome>((resolve, reject) => {
    queue.items.push({ input, now, resolve, reject });
    if (!queue.running) void drain(ctx, input.occurrenceId, queue, map);
  });
}

async function drain(ctx: AppContext, occurrenceId: number, q: Queue, map: Map<number, Queue>): Promise<void> {
  q.running = true;
  try {
    while (q.items.length) {
      const batch = q.items.splice(0, MAX_BATCH);
      try {
        const r = await signUpBatch(ctx, occurrenceId, batch.map((b) => ({ input: b.input, now: b.now })));
        // Mail and answers go out while the next batch already holds the lock.
        void r.after().then(
          () => batch.forEach((b, i) => b.resolve(r.outcomes[i] as SignUpOutcome)),
          () => batch.forEach((b, i) => b.resolve(r.outcomes[i] as SignUpOutcome)),
        );
      } catch (e) {
        for (const b of batch) b.reject(e);
      }
    }
  } finally {
    q.running = false;
    if (q.items.length === 0) map.delete(occurrenceId);
    else void drain(ctx, occurrenceId, q, map);
  }
}

interface BatchItem {
  input: SignUpInput;
  now: Date;
}

async function signUpBatch(ctx: AppContext, occurrenceId: number, items: BatchItem[]): Promise<{ outcomes: SignUpOutcome[]; after: () => Promise<void> }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await signUpBatchOnce(ctx, occurrenceId, items);
    } catch (e) {
      // A ticket code drawn twice (about one in 10^12): the statement is undone; decide the batch again.
      if (isUniqueViolation(e) && attempt < 4) continue;
      throw e;
    }
  }
}

/** What the database function answers for each sign-up of a batch. */
interface DecisionRow {
  idx: number;
  outcome: 'created' | 'existing' | 'idempotency_mismatch' | 'not_found' | 'closed' | 'not_open_yet' | 'account_required' | 'already_registered' | 'full' | 'waitlist_full';
  registration_id: number | null;
  status: RegistrationStatus | null;
  seats: number | null;
  waiting_position: number | null;
  ticket_code: string | null;
  opens_at: Date | null;
  resend: boolean;
}

/**
 * One statement for many sign-ups to one occurrence: the database function registration_sign_up
 * locks the occurrence's settings row, counts the seats from the rows and decides each sign-up in
 * order (see its migration). The app checks first what needs no lock: the group size and answers.
 */
async function signUpBatchOnce(ctx: AppContext, occurrenceId: number, items: BatchItem[]): Promise<{ outcomes: SignUpOutcome[]; after: () => Promise<void> }> {
  const outcomes: SignUpOutcome[] = new Array(items.length);
  const settings = await ctx.db
    .selectFrom('registration_occurrences as ro')
    .innerJoin('registration_events as re', 're.event_id', 'ro.event_id')
    .select(['ro.capacity', 're.max_group_size', 're.questions'])
    .where('ro.occurrence_id', '=', occurrenceId)
    .executeTakeFirst();
  if (!settings) return { outcomes: outcomes.fill({ outcome: 'not_found' }), after: async () => {} };
  const limit = maxSeats(settings.max_group_size, settings.capacity);
  const codes = generateTicketCodes(items.length);
  const payload: Record<string, unknown>[] = [];
  const indexOf: number[] = [];
  const tokens: string[] = [];
  items.forEach(({ input }, index) => {
    const issues: Record<string, SignUpIssue> = {};
    if (!Number.isInteger(input.seats) || input.seats < 1 || input.seats > limit) issues.seats = { code: 'seats_range', max: limit };
    const answers = checkAnswers(settings.questions, input.answers);
    Object.assign(issues, answers.issues);
    if (Object.keys(issues).length) {
      outcomes[index] = { outcome: 'invalid', issues };
      return;
    }
    const code = codes[index] as string;
    const token = manageToken(ctx.secret, code);
    payload.push({
      email: input.email.trim(),
      name: cleanName(input.name).slice(0, LIMITS.name),
      seats: input.seats,
      answers: answers.answers,
      locale: input.locale,
      user_id: input.userId ?? null,
      ticket_code: code,
      token_hash: manageTokenHash(token),
      key: input.idempotencyKey ?? null,
    });
    indexOf.push(index);
    tokens.push(token);
  });
  const created: number[] = [];
  const resend: number[] = [];
  if (payload.length) {
    const now = items[indexOf[0]!]!.now;
    const rows = (await sql<DecisionRow>`SELECT * FROM registration_sign_up(${occurrenceId}, ${now}, ${JSON.stringify(payload)}::jsonb)`.execute(ctx.db)).rows;
    for (const r of rows) {
      const index = indexOf[r.idx]!;
      const summary = (): RegistrationSummary => ({
        id: r.registration_id as number,
        occurrenceId,
        status: r.status as RegistrationStatus,
        seats: r.seats as number,
        position: r.waiting_position ?? undefined,
        ticketCode: r.ticket_code as string,
        manageToken: r.outcome === 'created' ? (tokens[r.idx] as string) : manageToken(ctx.secret, r.ticket_code as string),
      });
      switch (r.outcome) {
        case 'created':
          outcomes[index] = { outcome: 'created', registration: summary() };
          created.push(r.registration_id as number);
          break;
        case 'existing':
          outcomes[index] = { outcome: 'existing', registration: summary() };
          break;
        case 'already_registered':
          outcomes[index] = { outcome: 'already_registered', registrationId: r.registration_id as number };
          if (r.resend) resend.push(r.registration_id as number);
          break;
        case 'not_open_yet':
          outcomes[index] = { outcome: 'refused', reason: 'not_open_yet', opensAt: r.opens_at as Date };
          break;
        case 'closed':
        case 'full':
        case 'waitlist_full':
        case 'account_required':
          outcomes[index] = { outcome: 'refused', reason: r.outcome };
          break;
        case 'idempotency_mismatch':
          outcomes[index] = { outcome: 'idempotency_mismatch' };
          break;
        case 'not_found':
          outcomes[index] = { outcome: 'not_found' };
          break;
      }
    }
  }
  return {
    outcomes,
    after: async () => {
      if (created.length) await seatsChanged(ctx, [occurrenceId]);
      if (created.length) await ctx.jobs.send(MAIL_QUEUE, { ids: created });
      if (resend.length) await ctx.jobs.send(MAIL_QUEUE, { ids: resend, resend: true });
    },
  };
}

// ---------- the visitor's own registration (by the manage token) ----------

export async function findByToken(ctx: AppContext, token: string): Promise<RegistrationRow | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return registrationByTokenHash(ctx.db, manageTokenHash(token));
}

export type CancelOutcome = { outcome: 'cancelled'; registration: RegistrationRow; offered: number[] } | { outcome: 'not_found' } | { outcome: 'not_cancellable'; status: RegistrationStatus };

/** Cancels a registration (by the visitor, or by staff) and offers the freed seats to the next in line. */
async function cancelById(ctx: AppContext, id: number, reason: CancelReason, actor: Actor, now: Date): Promise<CancelOutcome> {
  const before = await registrationById(ctx.db, id);
  if (!before) return { outcome: 'not_found' };
  let offered: number[] = [];
  let hours = 12;
  const out = await ctx.db.transaction().execute(async (trx): Promise<CancelOutcome> => {
    const occ = await lockOccurrence(trx, before.occurrence_id);
    if (!occ) return { outcome: 'not_found' };
    hours = occ.offer_hours;
    const r = await trx
      .updateTable('registrations')
      .set({ status: 'cancelled', cancelled_at: now, cancel_reason: reason, updated_at: now })
      .where('id', '=', id)
      .where('status', 'in', ['confirmed', 'waitlisted', 'offered'])
      .returning(['id', 'status'])
      .executeTakeFirst();
    if (!r) {
      const cur = await trx.selectFrom('registrations').select('status').where('id', '=', id).executeTakeFirst();
      return cur ? { outcome: 'not_cancellable', status: cur.status } : { outcome: 'not_found' };
    }
    offered = await promote(trx, occ, now);
    await recordAudit(trx, actor, { action: `registration.cancel.${reason}`, entityType: 'registration', entityId: id, before: { status: before.status }, after: { status: 'cancelled', offered } });
    const after = (await registrationById(trx, id)) as RegistrationRow;
    return { outcome: 'cancelled', registration: after, offered };
  });
  if (out.outcome === 'cancelled') {
    await seatsChanged(ctx, [before.occurrence_id]);
    await afterCommit(ctx, before.occurrence_id, [id, ...offered], { ids: offered, hours });
  }
  return out;
}

export async function cancelByToken(ctx: AppContext, token: string, now: Date = new Date()): Promise<CancelOutcome> {
  const r = await findByToken(ctx, token);
  if (!r) return { outcome: 'not_found' };
  return cancelById(ctx, r.id, r.status === 'offered' ? 'offer_declined' : 'visitor', { kind: 'anonymous' }, now);
}

export type AcceptOutcome = { outcome: 'confirmed'; registration: RegistrationRow } | { outcome: 'expired' } | { outcome: 'not_offered'; status: RegistrationStatus } | { outcome: 'not_found' };

/** Accepts an offer of freed seats before its deadline; after the deadline the offer passes on. */
export async function acceptOffer(ctx: AppContext, token: string, now: Date = new Date()): Promise<AcceptOutcome> {
  const r = await findByToken(ctx, token);
  if (!r) return { outcome: 'not_found' };
  const out = await ctx.db.transaction().execute(async (trx): Promise<AcceptOutcome> => {
    const occ = await lockOccurrence(trx, r.occurrence_id);
    if (!occ) return { outcome: 'not_found' };
    const cur = (await registrationById(trx, r.id)) as RegistrationRow;
    if (cur.status !== 'offered') return { outcome: 'not_offered', status: cur.status };
    if (!cur.offer_expires_at || cur.offer_expires_at <= now) return { outcome: 'expired' };
    await trx.updateTable('registrations').set({ status: 'confirmed', confirmed_at: now, updated_at: now }).where('id', '=', r.id).execute();
    await recordAudit(trx, { kind: 'anonymous' }, { action: 'registration.offer.accept', entityType: 'registration', entityId: r.id, before: { status: 'offered' }, after: { status: 'confirmed' } });
    return { outcome: 'confirmed', registration: (await registrationById(trx, r.id)) as RegistrationRow };
  });
  if (out.outcome === 'confirmed') {
    await seatsChanged(ctx, [r.occurrence_id]);
    await ctx.jobs.send(MAIL_QUEUE, { ids: [r.id] });
  }
  if (out.outcome === 'expired') await expireOffers(ctx, now, r.occurrence_id);
  return out;
}

// ---------- the waiting list's clock ----------

export interface ExpiryResult {
  expired: number[];
  offered: number[];
}

/**
 * Offers past their deadline lapse and pass to the next people in line. Runs as a job (woken when
 * offers are made, and on a schedule as a safety net); tests call it with their own clock.
 */
export async function expireOffers(ctx: AppContext, now: Date = new Date(), onlyOccurrenceId?: number): Promise<ExpiryResult> {
  let q = ctx.db.selectFrom('registrations').select('occurrence_id').distinct().where('status', '=', 'offered').where('offer_expires_at', '<=', now);
  if (onlyOccurrenceId !== undefined) q = q.where('occurrence_id', '=', onlyOccurrenceId);
  const occurrences = (await q.execute()).map((r) => r.occurrence_id);
  const result: ExpiryResult = { expired: [], offered: [] };
  for (const occurrenceId of occurrences) {
    let hours = 12;
    const part = await ctx.db.transaction().execute(async (trx) => {
      const occ = await lockOccurrence(trx, occurrenceId);
      if (!occ) return { expired: [] as number[], offered: [] as number[] };
      hours = occ.offer_hours;
      const expired = (
        await trx
          .updateTable('registrations')
          .set({ status: 'cancelled', cancelled_at: now, cancel_reason: 'offer_expired', updated_at: now })
          .where('occurrence_id', '=', occurrenceId)
          .where('status', '=', 'offered')
          .where('offer_expires_at', '<=', now)
          .returning('id')
          .execute()
      ).map((r) => r.id);
      const offered = expired.length ? await promote(trx, occ, now) : [];
      if (expired.length) await recordAudit(trx, { kind: 'anonymous' }, { action: 'registration.offer.expire', entityType: 'registration_occurrence', entityId: occurrenceId, after: { expired, offered } });
      return { expired, offered };
    });
    if (part.expired.length) await seatsChanged(ctx, [occurrenceId]);
    await afterCommit(ctx, occurrenceId, [...part.expired, ...part.offered], { ids: part.offered, hours });
    result.expired.push(...part.expired);
    result.offered.push(...part.offered);
  }
  return result;
}

// ---------- staff ----------

async function resourceOf(ctx: AppContext, occurrenceId: number): Promise<(OrganisedResource & { eventId: number }) | undefined> {
  const o = await staffOccurrence(ctx.db, occurrenceId);
  return o ? { organisationIds: o.organisationIds, eventId: o.eventId } : undefined;
}

export type CheckInOutcome =
  | { outcome: 'checked_in'; registration: RegistrationRow }
  | { outcome: 'already_checked_in'; registration: RegistrationRow; checkedInByName: string | null }
  | { outcome: 'not_confirmed'; registration: RegistrationRow }
  | { outcome: 'other_occurrence'; occurrenceId: number }
  | { outcome: 'unknown' };

/**
 * Checks a ticket in once: a conditional UPDATE, so two staff scanning the same ticket at the same
 * moment get one "checked in" and one "already used at …".
 */
export async function checkIn(ctx: AppContext, actor: Actor, occurrenceId: number, rawCode: string, now: Date = new Date()): Promise<CheckInOutcome | { outcome: 'not_found' }> {
  const res = await resourceOf(ctx, occurrenceId);
  if (!res) return { outcome: 'not_found' };
  registrationPolicy.authorize(actor, 'checkIn', res);
  const code = normaliseTicketCode(rawCode);
  if (!code) return { outcome: 'unknown' };
  const updated = await ctx.db
    .updateTable('registrations')
    .set({ status: 'checked_in', checked_in_at: now, checked_in_by: actor.kind === 'user' ? actor.id : null, updated_at: now })
    .where('ticket_code', '=', code)
    .where('occurrence_id', '=', occurrenceId)
    .where('status', '=', 'confirmed')
    .returning('id')
    .executeTakeFirst();
  const row = await registrationByCode(ctx.db, code);
  if (!row) return { outcome: 'unknown' };
  if (row.occurrence_id !== occurrenceId) return { outcome: 'other_occurrence', occurrenceId: row.occurrence_id };
  if (updated) return { outcome: 'checked_in', registration: row };
  if (row.status === 'checked_in') return { outcome: 'already_checked_in', registration: row, checkedInByName: row.checked_in_by_name };
  return { outcome: 'not_confirmed', registration: row };
}

export async function staffCancel(ctx: AppContext, actor: Actor, registrationId: number, now: Date = new Date()): Promise<CancelOutcome> {
  const r = await registrationById(ctx.db, registrationId);
  if (!r) return { outcome: 'not_found' };
  const res = await resourceOf(ctx, r.occurrence_id);
  if (!res) return { outcome: 'not_found' };
  registrationPolicy.authorize(actor, 'cancel', res);
  return cancelById(ctx, registrationId, 'staff', actor, now);
}

/** Confirmed people who did not come lose their seats, which go to the waiting list. */
export async function releaseNoShows(ctx: AppContext, actor: Actor, occurrenceId: number, now: Date = new Date()): Promise<{ outcome: 'ok'; released: number[]; offered: number[] } | { outcome: 'not_found' }> {
  const res = await resourceOf(ctx, occurrenceId);
  if (!res) return { outcome: 'not_found' };
  registrationPolicy.authorize(actor, 'releaseNoShows', res);
  let hours = 12;
  const out = await ctx.db.transaction().execute(async (trx) => {
    const occ = await lockOccurrence(trx, occurrenceId);
    if (!occ) return undefined;
    hours = occ.offer_hours;
    const released = (
      await trx
        .updateTable('registrations')
        .set({ status: 'cancelled', cancelled_at: now, cancel_reason: 'no_show', updated_at: now })
        .where('occurrence_id', '=', occurrenceId)
        .where('status', '=', 'confirmed')
        .returning('id')
        .execute()
    ).map((r) => r.id);
    const offered = released.length ? await promote(trx, occ, now) : [];
    await recordAudit(trx, actor, { action: 'registration.release_no_shows', entityType: 'registration_occurrence', entityId: occurrenceId, after: { released: released.length, offered: offered.length } });
    return { released, offered };
  });
  if (!out) return { outcome: 'not_found' };
  // No-shows are not mailed; the people offered seats are.
  if (out.released.length) await ctx.db.updateTable('registrations').set({ notified_status: 'cancelled' }).where('id', 'in', out.released).execute();
  if (out.released.length) await seatsChanged(ctx, [occurrenceId]);
  await afterCommit(ctx, occurrenceId, out.offered, { ids: out.offered, hours });
  return { outcome: 'ok', ...out };
}

// ---------- settings ----------

export interface EventSettingsInput {
  capacity: number;
  max_group_size: number;
  waitlist_capacity: number;
  offer_hours: number;
  erase_after_days: number;
  account_required: boolean;
  opens_at: Date | null;
  closes_at: Date | null;
  questions: Question[];
  /** Set capacity and window on every occurrence (else only on occurrences without registration yet). */
  applyToAll: boolean;
}


export type SettingsOutcome = { outcome: 'ok'; offered: number } | { outcome: 'invalid'; issues: Record<string, SettingsIssue> } | { outcome: 'not_found' };

function rangeIssue(issues: Record<string, SettingsIssue>, field: string, v: number, min: number, max: number) {
  if (!Number.isInteger(v) || v < min || v > max) issues[field] = { code: 'range', min, max };
}

export function checkEventSettings(s: EventSettingsInput): Record<string, SettingsIssue> {
  const issues: Record<string, SettingsIssue> = {};
  rangeIssue(issues, 'capacity', s.capacity, 1, LIMITS.capacity);
  rangeIssue(issues, 'max_group_size', s.max_group_size, 1, LIMITS.groupSize);
  rangeIssue(issues, 'waitlist_capacity', s.waitlist_capacity, 0, LIMITS.waitlist);
  rangeIssue(issues, 'offer_hours', s.offer_hours, 1, LIMITS.offerHours);
  rangeIssue(issues, 'erase_after_days', s.erase_after_days, 1, LIMITS.eraseDays);
  if (s.opens_at && s.closes_at && s.closes_at <= s.opens_at) issues.closes_at = { code: 'window_order' };
  s.questions.forEach((q) => {
    if (q.label_sv.trim() === '') issues[`${q.id}_sv`] = { code: 'question_label' };
  });
  return issues;
}

/**
 * Turns registration on for a programme item (or changes its settings): the item's rules, and a
 * settings row for each of its occurrences. Raising a capacity offers the new seats to the waiting list.
 */
export async function saveEventSettings(ctx: AppContext, actor: Actor, eventId: number, s: EventSettingsInput, now: Date = new Date()): Promise<SettingsOutcome> {
  const organisers = await ctx.db.selectFrom('expo_event_organisers').select('organisation_id').where('event_id', '=', eventId).execute();
  const exists = await ctx.db.selectFrom('expo_events').select('id').where('id', '=', eventId).executeTakeFirst();
  if (!exists) return { outcome: 'not_found' };
  registrationPolicy.authorize(actor, 'configure', { organisationIds: organisers.map((o) => o.organisation_id) });
  const issues = checkEventSettings(s);
  if (Object.keys(issues).length) return { outcome: 'invalid', issues };
  const offers: { occurrenceId: number; ids: number[]; hours: number }[] = [];
  let touched: number[] = [];
  const out = await ctx.db.transaction().execute(async (trx): Promise<SettingsOutcome> => {
    const before = await trx.selectFrom('registration_events').selectAll().where('event_id', '=', eventId).forUpdate().executeTakeFirst();
    const values = {
      max_group_size: s.max_group_size,
      waitlist_capacity: s.waitlist_capacity,
      offer_hours: s.offer_hours,
      account_required: s.account_required,
      questions: JSON.stringify(s.questions),
      erase_after_days: s.erase_after_days,
      updated_at: now,
    };
    await trx
      .insertInto('registration_events')
      .values({ event_id: eventId, ...values })
      .onConflict((oc) => oc.column('event_id').doUpdateSet(values))
      .execute();
    const occurrences = await trx.selectFrom('expo_occurrences').select('id').where('event_id', '=', eventId).orderBy('starts_at').execute();
    touched = occurrences.map((o) => o.id);
    await trx
      .insertInto('registration_occurrences')
      .values(occurrences.map((o) => ({ occurrence_id: o.id, event_id: eventId, capacity: s.capacity, opens_at: s.opens_at, closes_at: s.closes_at, enabled: true })))
      .onConflict((oc) => oc.column('occurrence_id').doNothing())
      .execute();
    if (s.applyToAll) {
      const tooSmall: number[] = [];
      for (const o of occurrences) {
        const occ = (await lockOccurrence(trx, o.id)) as LockedOccurrence;
        const agg = await aggregate(trx, o.id);
        if (agg.held > s.capacity) {
          tooSmall.push(agg.held);
          continue;
        }
        await trx.updateTable('registration_occurrences').set({ capacity: s.capacity, opens_at: s.opens_at, closes_at: s.closes_at, enabled: true, updated_at: now }).where('occurrence_id', '=', o.id).execute();
        const ids = await promote(trx, { ...occ, capacity: s.capacity, offer_hours: s.offer_hours }, now);
        if (ids.length) offers.push({ occurrenceId: o.id, ids, hours: s.offer_hours });
      }
      if (tooSmall.length) throw new SettingsRejected({ capacity: { code: 'below_held', held: Math.max(...tooSmall) } });
    }
    await recordAudit(trx, actor, {
      action: before ? 'registration.settings.update' : 'registration.settings.enable',
      entityType: 'expo_event',
      entityId: eventId,
      before: before ? { ...before, created_at: undefined, updated_at: undefined } : undefined,
      after: { ...values, questions: s.questions, capacity: s.capacity, opens_at: s.opens_at, closes_at: s.closes_at, applyToAll: s.applyToAll, updated_at: undefined },
    });
    return { outcome: 'ok', offered: offers.reduce((n, o) => n + o.ids.length, 0) };
  }).catch((e: unknown): SettingsOutcome => {
    if (e instanceof SettingsRejected) return { outcome: 'invalid', issues: e.issues };
    throw e;
  });
  if (out.outcome === 'ok') await seatsChanged(ctx, touched);
  for (const o of offers) if (out.outcome === 'ok') await afterCommit(ctx, o.occurrenceId, o.ids, { ids: o.ids, hours: o.hours });
  return out;
}

class SettingsRejected extends Error {
  constructor(readonly issues: Record<string, SettingsIssue>) {
    super('settings rejected');
  }
}

export interface OccurrenceSettingsInput {
  capacity: number;
  enabled: boolean;
  opens_at: Date | null;
  closes_at: Date | null;
}

export async function saveOccurrenceSettings(ctx: AppContext, actor: Actor, occurrenceId: number, s: OccurrenceSettingsInput, now: Date = new Date()): Promise<SettingsOutcome> {
  const res = await resourceOf(ctx, occurrenceId);
  if (!res) return { outcome: 'not_found' };
  registrationPolicy.authorize(actor, 'configure', res);
  const issues: Record<string, SettingsIssue> = {};
  rangeIssue(issues, 'capacity', s.capacity, 1, LIMITS.capacity);
  if (s.opens_at && s.closes_at && s.closes_at <= s.opens_at) issues.closes_at = { code: 'window_order' };
  if (Object.keys(issues).length) return { outcome: 'invalid', issues };
  let offered: number[] = [];
  let hours = 12;
  const out = await ctx.db.transaction().execute(async (trx): Promise<SettingsOutcome> => {
    const occ = await lockOccurrence(trx, occurrenceId);
    if (!occ) return { outcome: 'not_found' };
    hours = occ.offer_hours;
    const agg = await aggregate(trx, occurrenceId);
    if (agg.held > s.capacity) return { outcome: 'invalid', issues: { capacity: { code: 'below_held', held: agg.held } } };
    await trx.updateTable('registration_occurrences').set({ capacity: s.capacity, enabled: s.enabled, opens_at: s.opens_at, closes_at: s.closes_at, updated_at: now }).where('occurrence_id', '=', occurrenceId).execute();
    offered = await promote(trx, { ...occ, capacity: s.capacity }, now);
    await recordAudit(trx, actor, {
      action: 'registration.occurrence.update',
      entityType: 'registration_occurrence',
      entityId: occurrenceId,
      before: { capacity: occ.capacity, enabled: occ.enabled, opens_at: occ.opens_at, closes_at: occ.closes_at },
      after: { ...s, offered: offered.length },
    });
    return { outcome: 'ok', offered: offered.length };
  });
  if (out.outcome === 'ok') {
    await seatsChanged(ctx, [occurrenceId]);
    await afterCommit(ctx, occurrenceId, offered, { ids: offered, hours });
  }
  return out;
}

/** Turns registration off for every occurrence of an item; registrations already made stay. */
export async function disableEventRegistration(ctx: AppContext, actor: Actor, eventId: number, now: Date = new Date()): Promise<{ outcome: 'ok' } | { outcome: 'not_found' }> {
  const organisers = await ctx.db.selectFrom('expo_event_organisers').select('organisation_id').where('event_id', '=', eventId).execute();
  const settings = await ctx.db.selectFrom('registration_events').select('event_id').where('event_id', '=', eventId).executeTakeFirst();
  if (!settings) return { outcome: 'not_found' };
  registrationPolicy.authorize(actor, 'configure', { organisationIds: organisers.map((o) => o.organisation_id) });
  const touched = await ctx.db.transaction().execute(async (trx) => {
    const rows = await trx.updateTable('registration_occurrences').set({ enabled: false, updated_at: now }).where('event_id', '=', eventId).returning('occurrence_id').execute();
    await recordAudit(trx, actor, { action: 'registration.settings.disable', entityType: 'expo_event', entityId: eventId });
    return rows.map((r) => r.occurrence_id);
  });
  await seatsChanged(ctx, touched);
  return { outcome: 'ok' };
}

// ---------- messages to attendees ----------

export const MESSAGE_QUEUE = 'registrations.message';

export async function messageAttendees(
  ctx: AppContext,
  actor: Actor,
  occurrenceId: number,
  m: { subject: string; body: string; includeWaiting: boolean },
): Promise<{ outcome: 'ok'; queued: true } | { outcome: 'not_found' }> {
  const res = await resourceOf(ctx, occurrenceId);
  if (!res) return { outcome: 'not_found' };
  registrationPolicy.authorize(actor, 'message', res);
  const subject = m.subject.replace(/[\r\n\u0000]+/g, ' ').trim().slice(0, LIMITS.messageSubject);
  const body = m.body.replace(/\u0000/g, '').replace(/\r\n?/g, '\n').trim().slice(0, LIMITS.messageBody);
  await recordAudit(ctx.db, actor, { action: 'registration.message', entityType: 'registration_occurrence', entityId: occurrenceId, after: { subject, includeWaiting: m.includeWaiting } });
  // The message's id keys its mails: a retried job does not send it to anyone twice.
  await ctx.jobs.send(MESSAGE_QUEUE, { occurrenceId, messageId: randomUUID(), subject, body, includeWaiting: m.includeWaiting, from: actor.kind === 'user' ? actor.name : '' });
  return { outcome: 'ok', queued: true };
}
