// The e-mails of registration: the ticket (QR code as a PNG attachment and inline image, the short
// code, an ICS file), the waiting-list place, offers, cancellations, reminders and staff messages.
// A registration's mail reflects its status; `notified_status` records what the visitor was told,
// so a crash between commit and mail is repaired by the sweep instead of losing mail. Every mail has a
// key (ADR 023), so a retried job, the sweep or a second worker never sends one twice; what is recorded
// as told is recorded after the mail went, and a failed mail stays untold for the next run.
import QRCode from 'qrcode';
import ical from 'ical-generator';
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import { eachOrThrow, tryEach } from '../../platform/jobs.ts';
import type { MailAttachment } from '../../db/types.ts';
import { html, type SafeHtml } from '../../platform/html.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { registrationMessages, type RegistrationMessages } from './registrations.messages.ts';
import { formatTicketCode, manageToken } from './registrations.rules.ts';
import { checkInPath, formatMoment, formatWhen, ticketPath, titleIn, venueIn } from './registrations.format.ts';
import { publicOccurrences, type PublicOccurrence } from './registrations.queries.ts';
import type { CancelReason, RegistrationStatus } from './registrations.schema.ts';

export interface MailRow {
  id: number;
  occurrence_id: number;
  arrival: number;
  status: RegistrationStatus;
  name: string;
  email: string;
  seats: number;
  locale: Locale;
  ticket_code: string;
  offer_expires_at: Date | null;
  cancel_reason: CancelReason | null;
  position: number | null;
  /** When the status was last set (every status change sets it): names the change in its mail's key. */
  updated_at: Date;
  resent_at: Date | null;
}

export type MailKind = 'ticket' | 'waitlisted' | 'offer' | 'cancelled' | 'expired' | 'staff_cancelled' | 'reminder' | 'occurrence_cancelled';

/** What a status change tells the visitor; undefined = nothing to say (a check-in, a released no-show). */
export function mailKindFor(r: { status: RegistrationStatus; cancel_reason: CancelReason | null }): MailKind | undefined {
  switch (r.status) {
    case 'confirmed':
      return 'ticket';
    case 'waitlisted':
      return 'waitlisted';
    case 'offered':
      return 'offer';
    case 'checked_in':
      return undefined;
    case 'cancelled':
      if (r.cancel_reason === 'offer_expired') return 'expired';
      if (r.cancel_reason === 'staff') return 'staff_cancelled';
      if (r.cancel_reason === 'no_show') return undefined;
      return 'cancelled';
  }
}

/** The PNG of a ticket's QR code: the staff check-in address with the code, so any camera app opens it. */
export async function ticketQr(ctx: AppContext, occurrenceId: number, code: string): Promise<Buffer> {
  return QRCode.toBuffer(`${ctx.config.baseUrl}${checkInPath(occurrenceId)}?code=${code}`, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
}

export function ticketIcs(ctx: AppContext, occ: PublicOccurrence, r: { id: number; ticket_code: string; locale: Locale }): string {
  const t = registrationMessages(r.locale);
  const cal = ical({ name: 'H22 City Expo', prodId: { company: 'H22', product: 'registrations', language: r.locale === 'sv' ? 'SV' : 'EN' } });
  cal.createEvent({
    id: `registration-${r.id}@${new URL(ctx.config.baseUrl).host}`,
    start: occ.startsAt,
    end: occ.endsAt,
    summary: titleIn(occ, r.locale),
    location: [venueIn(occ, r.locale), occ.address].filter(Boolean).join(', '),
    description: `${t.icsDescription(formatTicketCode(r.ticket_code))}\n${ctx.config.baseUrl}${ticketPath(r.locale, manageToken(ctx.secret, r.ticket_code))}`,
    url: `${ctx.config.baseUrl}${ticketPath(r.locale, manageToken(ctx.secret, r.ticket_code))}`,
  });
  return cal.toString();
}

function lines(...parts: (string | false | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === 'string').join('\n');
}

/** The keys of registration mails: one status change, one resend, one reminder, one cancelled occurrence, one staff message. */
export const mailKeys = {
  status: (r: Pick<MailRow, 'id' | 'status' | 'updated_at'>) => `registrations.status:${r.id}:${r.status}:${r.updated_at.getTime()}`,
  resend: (r: Pick<MailRow, 'id' | 'resent_at'>) => `registrations.resend:${r.id}:${r.resent_at?.getTime() ?? 0}`,
  reminder: (id: number) => `registrations.reminder:${id}`,
  occurrenceCancelled: (id: number) => `registrations.occurrence-cancelled:${id}`,
  message: (messageId: string, id: number) => `registrations.message:${messageId}:${id}`,
};

/** Composes and sends one mail of the given kind under its key; false when the key was sent before. */
export async function sendRegistrationMail(ctx: AppContext, kind: MailKind, r: MailRow, occ: PublicOccurrence, once: string): Promise<boolean> {
  const t = registrationMessages(r.locale);
  const title = titleIn(occ, r.locale);
  const when = formatWhen(occ.startsAt, occ.endsAt, r.locale);
  const where = [venueIn(occ, r.locale), occ.address].filter(Boolean).join(', ');
  const link = `${ctx.config.baseUrl}${ticketPath(r.locale, manageToken(ctx.secret, r.ticket_code))}`;
  const code = formatTicketCode(r.ticket_code);
  const facts = [t.mailWhen(when), t.mailWhere(where), t.mailSeats(r.seats)];
  const subject: Record<MailKind, string> = {
    ticket: t.mailTicketSubject(title),
    waitlisted: t.mailWaitlistSubject(title),
    offer: t.mailOfferSubject(title),
    cancelled: t.mailCancelledSubject(title),
    expired: t.mailExpiredSubject(title),
    staff_cancelled: t.mailStaffCancelledSubject(title),
    reminder: t.mailReminderSubject(title),
    occurrence_cancelled: t.mailOccurrenceCancelledSubject(title),
  };
  const intro: Record<MailKind, string> = {
    ticket: t.mailTicketIntro,
    waitlisted: t.mailWaitlistIntro(r.position ?? 1),
    offer: t.mailOfferIntro(r.offer_expires_at ? formatMoment(r.offer_expires_at, r.locale) : ''),
    cancelled: t.mailCancelledIntro,
    expired: t.mailExpiredIntro,
    staff_cancelled: t.mailStaffCancelledIntro,
    reminder: t.mailReminderIntro,
    occurrence_cancelled: t.mailOccurrenceCancelledIntro,
  };
  const withTicket = kind === 'ticket' || kind === 'reminder';
  const withLink = kind !== 'expired' && kind !== 'staff_cancelled' && kind !== 'occurrence_cancelled' && kind !== 'cancelled';
  const attachments: MailAttachment[] = [];
  let qrImg: SafeHtml | string = '';
  if (withTicket) {
    const png = await ticketQr(ctx, occ.occurrenceId, r.ticket_code);
    attachments.push({ filename: `biljett-${code}.png`, contentType: 'image/png', content: png.toString('base64') });
    attachments.push({ filename: 'h22.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: Buffer.from(ticketIcs(ctx, occ, r)).toString('base64') });
    qrImg = html`<p><img src="data:image/png;base64,${png.toString('base64')}" alt="${t.qrAlt(code)}" width="222" height="222"></p>`;
  }
  const text = lines(
    t.mailGreeting(r.name),
    '',
    intro[kind],
    '',
    title,
    ...facts,
    withTicket && t.mailCode(code),
    '',
    withLink && `${kind === 'offer' ? t.mailOfferLink : t.mailManage}: ${link}`,
    withLink && '',
    t.mailSignature,
  );
  const body = html`<!doctype html><html lang="${r.locale}"><head><meta charset="utf-8"><title>${subject[kind]}</title></head><body>
<p>${t.mailGreeting(r.name)}</p>
<p>${intro[kind]}</p>
<h1>${title}</h1>
<ul>${facts.map((f) => html`<li>${f}</li>`)}</ul>
${withTicket ? html`${qrImg}<p><strong>${t.mailCode(code)}</strong></p>` : ''}
${withLink ? html`<p><a href="${link}">${kind === 'offer' ? t.mailOfferLink : t.mailManage}</a></p>` : ''}
<p>${t.mailSignature.split('\n').map((l, i) => (i ? html`<br>${l}` : l))}</p>
</body></html>`;
  return (await ctx.mail.send({ to: r.email, subject: subject[kind], text, html: body.value, attachments, once })).outcome === 'sent';
}

/**
 * The rows to mail, with each waiting person's place in line. The places come from one window over
 * the occurrences' waiting lists (not a count per row, which a rush of thousands would square).
 */
async function mailRows(ctx: AppContext, ids: number[], order: 'id' | 'arrival', opts: { untoldOnly?: boolean } = {}): Promise<MailRow[]> {
  if (ids.length === 0) return [];
  const r = await sql<MailRow>`
    WITH chosen AS (
      SELECT id, occurrence_id, arrival, status, name, email, seats, locale, ticket_code, offer_expires_at, cancel_reason, updated_at, resent_at
      FROM registrations WHERE id = ANY(${sql.val(ids)}::bigint[]) AND email IS NOT NULL AND erased_at IS NULL
        ${opts.untoldOnly ? sql`AND notified_status IS DISTINCT FROM status` : sql``}),
    places AS (
      SELECT w.id, row_number() OVER (PARTITION BY w.occurrence_id ORDER BY w.arrival)::int AS position
      FROM registrations w
      WHERE w.status = 'waitlisted' AND w.occurrence_id IN (SELECT occurrence_id FROM chosen WHERE status = 'waitlisted'))
    SELECT c.*, p.position FROM chosen c LEFT JOIN places p ON p.id = c.id
    ORDER BY ${order === 'id' ? sql`c.id` : sql`c.arrival`}`.execute(ctx.db);
  return r.rows;
}

/**
 * Mails the registrations whose status the visitor has not been told yet (or, with `resend`, their
 * current status again), each under the key of its status change (or resend), then records what each
 * was told. Two workers, a retried job or the sweep mail a change once; a mail that failed stays untold,
 * for the job's retry and the sweep. Throws the first failure after trying every row. Returns how many went.
 */
export async function deliverMail(ctx: AppContext, ids: number[], opts: { resend?: boolean } = {}): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await mailRows(ctx, ids, 'id', { untoldOnly: !opts.resend });
  const occs = new Map((await publicOccurrences(ctx.db, [...new Set(rows.map((r) => r.occurrence_id))])).map((o) => [o.occurrenceId, o]));
  let sent = 0;
  const told: MailRow[] = [];
  const failed = await tryEach(rows, async (r) => {
    const kind = mailKindFor(r);
    const occ = occs.get(r.occurrence_id);
    if (kind && occ && (await sendRegistrationMail(ctx, kind, r, occ, opts.resend ? mailKeys.resend(r) : mailKeys.status(r)))) sent++;
    told.push(r);
  });
  if (!opts.resend && told.length) {
    // Only if the status is still the one mailed: a newer change stays untold and gets its own mail.
    await sql`
      UPDATE registrations r SET notified_status = t.status
      FROM unnest(${sql.val(told.map((x) => x.id))}::bigint[], ${sql.val(told.map((x) => x.status))}::text[]) AS t(id, status)
      WHERE r.id = t.id AND r.status = t.status`.execute(ctx.db);
  }
  if (failed) throw failed.error;
  return sent;
}

/** Status changes never mailed (a process stopped between commit and mail): the sweep's list. */
export async function unnotifiedIds(ctx: AppContext, olderThanSeconds = 60, limit = 500): Promise<number[]> {
  const rows = await sql<{ id: number }>`
    SELECT id FROM registrations
    WHERE notified_status IS DISTINCT FROM status AND erased_at IS NULL AND updated_at < now() - make_interval(secs => ${olderThanSeconds})
    ORDER BY id LIMIT ${limit}`.execute(ctx.db);
  return rows.rows.map((r) => r.id);
}

/**
 * Sends one kind of mail to a list of registrations (reminders, a cancelled occurrence), each under its
 * key. Throws the first failure after trying every row; returns how many went (not those sent before).
 */
export async function mailMany(ctx: AppContext, kind: MailKind, occ: PublicOccurrence, ids: number[], once: (registrationId: number) => string): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await mailRows(ctx, ids, 'arrival');
  let sent = 0;
  await eachOrThrow(rows, async (r) => {
    if (await sendRegistrationMail(ctx, kind, r, occ, once(r.id))) sent++;
  });
  return sent;
}

/**
 * A staff member's message to the attendees of an occurrence, each in their own language, under the
 * message's id (jobs queued before messages had one go without a key). Throws the first failure after
 * trying everyone; returns how many went (not those sent before).
 */
export async function sendStaffMessage(
  ctx: AppContext,
  occ: PublicOccurrence,
  recipients: { id: number; email: string; name: string; locale: Locale; ticket_code: string }[],
  m: { subject: string; body: string; from: string; messageId: string | undefined },
): Promise<number> {
  let sent = 0;
  await eachOrThrow(recipients, async (r) => {
    const t: RegistrationMessages = registrationMessages(r.locale);
    const link = `${ctx.config.baseUrl}${ticketPath(r.locale, manageToken(ctx.secret, r.ticket_code))}`;
    const text = lines(t.mailGreeting(r.name), '', t.mailFromOrganiser(m.from), '', m.body, '', t.mailAbout(`${titleIn(occ, r.locale)}, ${formatWhen(occ.startsAt, occ.endsAt, r.locale)}`), `${t.mailManage}: ${link}`, '', t.mailSignature);
    const res = await ctx.mail.send({ to: r.email, subject: m.subject, text, ...(m.messageId ? { once: mailKeys.message(m.messageId, r.id) } : {}) });
    if (res.outcome === 'sent') sent++;
  });
  return sent;
}

/** The ticket's QR code as a data: URL for the ticket page (the strict CSP allows data: images). */
export async function ticketQrDataUrl(ctx: AppContext, occurrenceId: number, code: string): Promise<string> {
  return QRCode.toDataURL(`${ctx.config.baseUrl}${checkInPath(occurrenceId)}?code=${code}`, { errorCorrectionLevel: 'M', margin: 2, scale: 6 });
}
