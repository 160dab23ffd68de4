// The pure rules of registration: seat decisions, the enrolment window, waiting-list promotion,
// ticket codes, manage tokens and answers. No database; the commands apply these under the lock.
import crypto from 'node:crypto';
import { hmac, sha256 } from '../../platform/auth/tokens.ts';
import { LIMITS, QUESTION_IDS, TICKET_ALPHABET, type Question, type RegistrationStatus } from './registrations.schema.ts';

// ---------- seats ----------

/** The first people in line whose group fits in the free seats, in arrival order. */
export function planPromotion(free: number, waiting: { id: number; seats: number }[]): number[] {
  const out: number[] = [];
  let left = free;
  for (const w of waiting) {
    if (left <= 0) break;
    if (w.seats <= left) {
      out.push(w.id);
      left -= w.seats;
    }
  }
  return out;
}

/** The largest group one registration may hold: the item's group limit, never more than the capacity. */
export function maxSeats(maxGroupSize: number, capacity: number): number {
  return Math.max(1, Math.min(maxGroupSize, capacity, LIMITS.groupSize));
}

// ---------- the enrolment window ----------

export type WindowState = { state: 'open' } | { state: 'not_open_yet'; opensAt: Date } | { state: 'closed' };

export interface WindowSettings {
  enabled: boolean;
  opens_at: Date | null;
  closes_at: Date | null;
  /** The occurrence's start: the window closes then unless closes_at says otherwise. */
  starts_at: Date;
  cancelled: boolean;
}

export function windowState(w: WindowSettings, now: Date): WindowState {
  if (!w.enabled || w.cancelled) return { state: 'closed' };
  if (w.opens_at && now < w.opens_at) return { state: 'not_open_yet', opensAt: w.opens_at };
  const closes = w.closes_at ?? w.starts_at;
  if (now >= closes) return { state: 'closed' };
  return { state: 'open' };
}

/** What a visitor is told about an occurrence's registration: the window first, then the seats. */
export type PublicRegistrationState =
  | { state: 'open'; available: number }
  | { state: 'full_waitlist' }
  | { state: 'full' }
  | { state: 'not_open_yet'; opensAt: Date }
  | { state: 'closed' };

export function publicRegistrationState(
  w: WindowSettings,
  seats: { available: number; waitlistCapacity: number; waitlistedSeats: number },
  now: Date,
): PublicRegistrationState {
  const win = windowState(w, now);
  if (win.state !== 'open') return win;
  if (seats.available > 0) return { state: 'open', available: seats.available };
  return seats.waitlistedSeats < seats.waitlistCapacity ? { state: 'full_waitlist' } : { state: 'full' };
}

/** The next moment the state changes by the clock alone (opening, closing); null when it never will. */
export function nextWindowChange(w: WindowSettings, now: Date): Date | null {
  if (!w.enabled || w.cancelled) return null;
  const closes = w.closes_at ?? w.starts_at;
  if (w.opens_at && now < w.opens_at) return w.opens_at;
  return now < closes ? closes : null;
}

// ---------- ticket codes and manage tokens ----------

/** Eight characters of Crockford base32: about 10^12 codes, read aloud without ambiguity. */
export function generateTicketCode(): string {
  return generateTicketCodes(1)[0] as string;
}

/** Many codes from one draw of random bytes (a rush asks for hundreds at once). */
export function generateTicketCodes(n: number): string[] {
  const bytes = crypto.randomBytes(8 * n);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let code = '';
    for (let j = 0; j < 8; j++) code += TICKET_ALPHABET[(bytes[i * 8 + j] as number) & 31];
    out.push(code);
  }
  return out;
}

/** XXXX-XXXX, as printed on the ticket. */
export function formatTicketCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * What a person typed or a camera read, as a stored code: case, spaces and dashes do not matter,
 * O reads as 0 and I/L as 1; a scanned check-in URL yields its code. Undefined when it cannot be a code.
 */
export function normaliseTicketCode(input: string): string | undefined {
  let s = input.trim();
  const fromUrl = /[?&]code=([^&#\s]+)/i.exec(s);
  if (fromUrl?.[1]) s = decodeURIComponent(fromUrl[1]);
  s = s.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return new RegExp(`^[${TICKET_ALPHABET}]{8}$`).test(s) ? s : undefined;
}

/** The token in a visitor's manage link: signed with the app secret, so it cannot be guessed or forged. */
export function manageToken(secret: string, ticketCode: string): string {
  return hmac(secret, `registration-manage:${ticketCode}`);
}

export function manageTokenHash(token: string): string {
  return sha256(`registration-manage:${token}`);
}

export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

// ---------- answers ----------

export type AnswerIssue = { code: 'required' } | { code: 'too_long'; max: number } | { code: 'unknown' };

/** Answers kept are those to the item's questions, trimmed; required ones must be there. */
export function checkAnswers(questions: Question[], answers: Record<string, string | undefined>): { answers: Record<string, string>; issues: Record<string, AnswerIssue> } {
  const out: Record<string, string> = {};
  const issues: Record<string, AnswerIssue> = {};
  const known = new Set(questions.map((q) => q.id));
  for (const [k, v] of Object.entries(answers)) {
    if (v === undefined || v.trim() === '') continue;
    if (!known.has(k)) issues[k] = { code: 'unknown' };
  }
  for (const q of questions) {
    const v = (answers[q.id] ?? '').replace(/\u0000/g, '').trim();
    if (v === '') {
      if (q.required) issues[q.id] = { code: 'required' };
      continue;
    }
    if (v.length > LIMITS.answer) issues[q.id] = { code: 'too_long', max: LIMITS.answer };
    else out[q.id] = v;
  }
  return { answers: out, issues };
}

export type SignUpIssue = { code: 'seats_range'; max: number } | AnswerIssue;

export type SettingsIssue = { code: 'range'; min: number; max: number } | { code: 'window_order' } | { code: 'below_held'; held: number } | { code: 'question_label' };

export function isQuestionId(s: string): boolean {
  return (QUESTION_IDS as readonly string[]).includes(s);
}

// ---------- text ----------

/** Text as stored: no NUL (PostgreSQL refuses it), single spaces, no surrounding blanks. */
export function cleanName(s: string): string {
  return s.replace(/\u0000/g, '').replace(/\s+/g, ' ').trim();
}

// ---------- statuses ----------

export const ACTIVE: readonly RegistrationStatus[] = ['confirmed', 'checked_in', 'offered', 'waitlisted'];

export function holdsSeats(s: RegistrationStatus): boolean {
  return s === 'confirmed' || s === 'checked_in' || s === 'offered';
}

// ---------- local time (Europe/Stockholm) for the staff forms ----------

const TZ = 'Europe/Stockholm';

function offsetMinutes(d: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(d);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - d.getTime()) / 60000);
}

/** "2022-06-01T09:30" in Stockholm → the instant; undefined when not a valid local date-time. */
export function parseLocalDateTime(s: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(s.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return undefined;
  const guess = new Date(Date.UTC(y, mo - 1, d, h, mi));
  if (guess.getUTCDate() !== d) return undefined;
  const first = new Date(guess.getTime() - offsetMinutes(guess) * 60000);
  return new Date(guess.getTime() - offsetMinutes(first) * 60000);
}

/** The instant as "YYYY-MM-DDTHH:MM" in Stockholm, for a datetime-local field. */
export function toLocalDateTime(d: Date): string {
  const local = new Date(d.getTime() + offsetMinutes(d) * 60000);
  return local.toISOString().slice(0, 16);
}
