// Attendees as JSON (the API) and as CSV (the staff export).
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { registrationMessages, statusText } from '../registrations.messages.ts';
import { formatTicketCode } from '../registrations.rules.ts';
import type { Question } from '../registrations.schema.ts';
import type { AttendeeRow } from '../registrations.queries.ts';

export function attendeeJson(r: AttendeeRow) {
  return {
    id: r.id,
    arrival: r.arrival,
    status: r.status,
    ...(r.position !== null ? { position: r.position } : {}),
    name: r.name,
    email: r.email,
    seats: r.seats,
    answers: r.answers,
    ticketCode: formatTicketCode(r.ticket_code),
    createdAt: r.created_at.toISOString(),
    checkedInAt: r.checked_in_at ? r.checked_in_at.toISOString() : null,
    offerExpiresAt: r.offer_expires_at ? r.offer_expires_at.toISOString() : null,
  };
}

/** A cell that a spreadsheet shows as text: quoted, and never read as a formula. */
function cell(v: string | number | null | undefined): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function attendeesCsv(locale: Locale, rows: AttendeeRow[], questions: Question[]): string {
  const t = registrationMessages(locale);
  const head = [t.colArrival, t.colStatus, t.colPosition, t.colName, t.colEmail, t.colSeats, t.colCode, t.colRegistered, t.colCheckedInAt, ...questions.map((q) => (locale === 'en' && q.label_en ? q.label_en : q.label_sv))];
  const lines = [head.map(cell).join(',')];
  for (const r of rows) {
    const status = statusText(t, r.status) + (r.cancel_reason ? ` (${t[`cancel_${r.cancel_reason}`]})` : '');
    lines.push(
      [
        r.arrival,
        status,
        r.position ?? '',
        r.erased_at ? t.erasedName : r.name,
        r.email ?? '',
        r.seats,
        formatTicketCode(r.ticket_code),
        r.created_at.toISOString(),
        r.checked_in_at ? r.checked_in_at.toISOString() : '',
        ...questions.map((q) => r.answers[q.id] ?? ''),
      ]
        .map(cell)
        .join(','),
    );
  }
  // The byte order mark makes spreadsheet programs read the file as UTF-8 (å, ä, ö).
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
