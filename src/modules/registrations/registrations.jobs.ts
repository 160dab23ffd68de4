// Background work of registration: mail after commits, the offer clock, reminders the day before,
// notices when an occurrence is cancelled, and erasing personal data after the occurrence. Each
// sweep is a plain function of (ctx, now) so tests run it with their own clock. Sweeps that mail mark
// their work done after the mails went; each mail's key (ADR 023) keeps a rerun from sending it twice.
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import { recordAudit } from '../../platform/audit.ts';
import { eachOrThrow } from '../../platform/jobs.ts';
import { EXPIRE_QUEUE, MAIL_QUEUE, MESSAGE_QUEUE, expireOffers } from './registrations.commands.ts';
import { deliverMail, mailKeys, mailMany, sendStaffMessage, unnotifiedIds } from './registrations.mail.ts';
import { messageRecipients, publicOccurrence, publicOccurrences } from './registrations.queries.ts';
import type { RegistrationStatus } from './registrations.schema.ts';

const SYSTEM = { kind: 'anonymous' } as const;

/** The registrations of an occurrence in these statuses that have an address (not erased). */
async function withAddress(ctx: AppContext, occurrenceId: number, statuses: RegistrationStatus[], notReminded = false): Promise<number[]> {
  let q = ctx.db.selectFrom('registrations').select('id').where('occurrence_id', '=', occurrenceId).where('status', 'in', statuses).where('email', 'is not', null);
  if (notReminded) q = q.where('reminded_at', 'is', null);
  return (await q.execute()).map((r) => r.id);
}

/**
 * Reminds confirmed people of occurrences starting within the next 24 hours, once per occurrence
 * (the hourly job sends it on the day before). An occurrence whose reminders did not all go stays due
 * for the next run, which sends only the missing ones; the first failure is thrown after all were tried.
 */
export async function sendReminders(ctx: AppContext, now: Date = new Date()): Promise<{ occurrences: number; mailed: number }> {
  const due = await sql<{ occurrence_id: number }>`
    SELECT ro.occurrence_id
    FROM registration_occurrences ro
    JOIN expo_pub_occurrences po ON po.occurrence_id = ro.occurrence_id
    JOIN expo_pub_events pe ON pe.event_id = po.event_id
    WHERE ro.reminded_at IS NULL AND ro.erased_at IS NULL
      AND po.status <> 'cancelled' AND pe.status <> 'cancelled'
      AND po.starts_at > ${now} AND po.starts_at <= ${new Date(now.getTime() + 24 * 3600_000)}
    ORDER BY ro.occurrence_id`.execute(ctx.db);
  let mailed = 0;
  // An occurrence whose mails failed is not marked: it stays due.
  await eachOrThrow(due.rows, async ({ occurrence_id }) => {
    const occ = await publicOccurrence(ctx.db, occurrence_id);
    const ids = occ ? await withAddress(ctx, occurrence_id, ['confirmed'], true) : [];
    if (occ) mailed += await mailMany(ctx, 'reminder', occ, ids, mailKeys.reminder);
    if (ids.length) await ctx.db.updateTable('registrations').set({ reminded_at: now }).where('id', 'in', ids).where('reminded_at', 'is', null).execute();
    await ctx.db.updateTable('registration_occurrences').set({ reminded_at: now }).where('occurrence_id', '=', occurrence_id).where('reminded_at', 'is', null).execute();
  });
  return { occurrences: due.rows.length, mailed };
}

/**
 * Tells everyone registered or waiting when an occurrence (or its whole item) is cancelled in the
 * published programme. An occurrence whose notices did not all go stays due for the next run, which
 * sends only the missing ones; the first failure is thrown after all were tried.
 */
export async function notifyCancelledOccurrences(ctx: AppContext, now: Date = new Date()): Promise<{ occurrences: number; mailed: number }> {
  const due = await sql<{ occurrence_id: number }>`
    SELECT ro.occurrence_id
    FROM registration_occurrences ro
    JOIN expo_pub_occurrences po ON po.occurrence_id = ro.occurrence_id
    JOIN expo_pub_events pe ON pe.event_id = po.event_id
    WHERE ro.cancellation_notified_at IS NULL AND ro.erased_at IS NULL
      AND (po.status = 'cancelled' OR pe.status = 'cancelled')
    ORDER BY ro.occurrence_id`.execute(ctx.db);
  let mailed = 0;
  // An occurrence whose notices failed is not marked: it stays due.
  await eachOrThrow(due.rows, async ({ occurrence_id }) => {
    const occ = await publicOccurrence(ctx.db, occurrence_id);
    const ids = occ ? await withAddress(ctx, occurrence_id, ['confirmed', 'waitlisted', 'offered']) : [];
    if (occ) mailed += await mailMany(ctx, 'occurrence_cancelled', occ, ids, mailKeys.occurrenceCancelled);
    const marked = await ctx.db
      .updateTable('registration_occurrences')
      .set({ cancellation_notified_at: now })
      .where('occurrence_id', '=', occurrence_id)
      .where('cancellation_notified_at', 'is', null)
      .returning('occurrence_id')
      .executeTakeFirst();
    if (marked && occ) await recordAudit(ctx.db, SYSTEM, { action: 'registration.occurrence_cancelled.notify', entityType: 'registration_occurrence', entityId: occurrence_id, after: { mailed: ids.length } });
  });
  return { occurrences: due.rows.length, mailed };
}

/**
 * Erases names, addresses and answers the item's number of days after the occurrence ends (or after
 * registration closes, if that is later), keeping status, seats and check-ins for the statistics.
 */
export async function erasePersonalData(ctx: AppContext, now: Date = new Date()): Promise<{ occurrences: number; registrations: number }> {
  return ctx.db.transaction().execute(async (trx) => {
    const due = await sql<{ occurrence_id: number }>`
      UPDATE registration_occurrences ro SET erased_at = ${now}
      FROM registration_events re, expo_occurrences o
      WHERE re.event_id = ro.event_id AND o.id = ro.occurrence_id AND ro.erased_at IS NULL
        AND greatest(o.ends_at, coalesce(ro.closes_at, o.ends_at)) + make_interval(days => re.erase_after_days) <= ${now}
      RETURNING ro.occurrence_id`.execute(trx);
    const ids = due.rows.map((r) => r.occurrence_id);
    if (ids.length === 0) return { occurrences: 0, registrations: 0 };
    const erased = await trx
      .updateTable('registrations')
      .set({ name: '', email: null, answers: JSON.stringify({}), manage_token_hash: null, idempotency_key: null, user_id: null, erased_at: now, updated_at: now })
      .where('occurrence_id', 'in', ids)
      .where('erased_at', 'is', null)
      .executeTakeFirst();
    const n = Number(erased.numUpdatedRows);
    await recordAudit(trx, SYSTEM, { action: 'registration.erase', entityType: 'registration_occurrence', entityId: ids.join(','), after: { occurrences: ids.length, registrations: n } });
    return { occurrences: ids.length, registrations: n };
  });
}

export async function runStaffMessage(ctx: AppContext, data: Record<string, unknown>): Promise<number> {
  const occurrenceId = Number(data.occurrenceId);
  const occ = (await publicOccurrences(ctx.db, [occurrenceId]))[0];
  if (!occ) return 0;
  const recipients = await messageRecipients(ctx.db, occurrenceId, data.includeWaiting === true);
  const messageId = typeof data.messageId === 'string' ? data.messageId : undefined;
  return sendStaffMessage(ctx, occ, recipients, { subject: String(data.subject ?? ''), body: String(data.body ?? ''), from: String(data.from ?? ''), messageId });
}

export const REMINDER_QUEUE = 'registrations.reminders';
export const CANCELLED_QUEUE = 'registrations.cancelled-occurrences';
export const ERASE_QUEUE = 'registrations.erase';
export const MAIL_SWEEP_QUEUE = 'registrations.mail-sweep';

export async function registerRegistrationJobs(ctx: AppContext): Promise<void> {
  const ids = (v: unknown) => (Array.isArray(v) ? v.map(Number).filter((n) => Number.isInteger(n) && n > 0) : []);
  await ctx.jobs.work(MAIL_QUEUE, async (d) => void (await deliverMail(ctx, ids(d.ids), { resend: d.resend === true })));
  await ctx.jobs.work(EXPIRE_QUEUE, async (d) => void (await expireOffers(ctx, new Date(), typeof d.occurrenceId === 'number' ? d.occurrenceId : undefined)));
  await ctx.jobs.work(MESSAGE_QUEUE, async (d) => void (await runStaffMessage(ctx, d)));
  await ctx.jobs.work(REMINDER_QUEUE, async () => void (await sendReminders(ctx)));
  await ctx.jobs.work(CANCELLED_QUEUE, async () => void (await notifyCancelledOccurrences(ctx)));
  await ctx.jobs.work(ERASE_QUEUE, async () => void (await erasePersonalData(ctx)));
  await ctx.jobs.work(MAIL_SWEEP_QUEUE, async () => {
    // The offer clock's safety net too: a lost wake-up must not leave an offer blocking seats.
    await expireOffers(ctx);
    await deliverMail(ctx, await unnotifiedIds(ctx));
  });
  await ctx.jobs.schedule(REMINDER_QUEUE, '0 * * * *');
  await ctx.jobs.schedule(CANCELLED_QUEUE, '*/5 * * * *');
  await ctx.jobs.schedule(ERASE_QUEUE, '30 3 * * *');
  await ctx.jobs.schedule(MAIL_SWEEP_QUEUE, '*/5 * * * *');
}
