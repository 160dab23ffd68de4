// Local dates and times in the edition's time zone without a time-zone library: Intl gives the
// offset of any instant, and a wall-clock time is converted by correcting a first guess twice.

const partsCache = new Map<string, Intl.DateTimeFormat>();
function fmt(tz: string): Intl.DateTimeFormat {
  let f = partsCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    partsCache.set(tz, f);
  }
  return f;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

// Zone offsets change only on whole hours (UTC), so one Intl call per zone and UTC hour is enough;
// formatToParts is slow and a release of 10,000 items converts hundreds of thousands of instants.
const offsetCache = new Map<string, number>();
const HOUR = 3_600_000;

/** Offset of the zone from UTC at an instant, in milliseconds. */
function offsetAt(ms: number, tz: string): number {
  const bucket = Math.floor(ms / HOUR);
  const key = `${tz}|${bucket}`;
  let off = offsetCache.get(key);
  if (off === undefined) {
    const at = bucket * HOUR;
    const out: Record<string, string> = {};
    for (const p of fmt(tz).formatToParts(new Date(at))) out[p.type] = p.value;
    off = Date.UTC(Number(out.year), Number(out.month) - 1, Number(out.day), Number(out.hour), Number(out.minute), Number(out.second)) - at;
    if (offsetCache.size > 200_000) offsetCache.clear();
    offsetCache.set(key, off);
  }
  return off;
}

export function localParts(d: Date, tz: string): LocalParts {
  const shifted = new Date(d.getTime() + offsetAt(d.getTime(), tz));
  const wd = shifted.getUTCDay();
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    weekday: wd === 0 ? 7 : wd,
  };
}

/** The instant of a wall-clock date and time ("2022-06-01", "10:00") in a zone. */
export function zonedToUtc(date: string, time: string, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  let ms = guess - offsetAt(guess, tz);
  ms = guess - offsetAt(ms, tz);
  return new Date(ms);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "YYYY-MM-DD" of an instant in a zone. */
export function localDate(d: Date, tz: string): string {
  const p = localParts(d, tz);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** "HH:MM" of an instant in a zone. */
export function localTime(d: Date, tz: string): string {
  const p = localParts(d, tz);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** Calendar arithmetic on "YYYY-MM-DD" strings (no zone involved). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = from.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = to.split('-').map(Number) as [number, number, number];
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/** Every date from `from` to `to`, inclusive. */
export function dateRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export function isValidDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

export function isValidTime(s: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(s);
}

/** Start and end instants of a local day. */
export function dayBounds(date: string, tz: string): { start: Date; end: Date } {
  return { start: zonedToUtc(date, '00:00', tz), end: zonedToUtc(addDays(date, 1), '00:00', tz) };
}

/** The local dates an interval touches (an end at exactly midnight does not touch the next day). */
export function datesTouched(start: Date, end: Date, tz: string): string[] {
  const first = localDate(start, tz);
  const last = localDate(new Date(end.getTime() - 1), tz);
  return dateRange(first, last < first ? first : last);
}

/** The clock, replaceable in tests ("now" during the 2022 expo). */
let nowFn: () => Date = () => new Date();
export const clock = {
  now: (): Date => nowFn(),
  set(fn: (() => Date) | undefined): void {
    nowFn = fn ?? (() => new Date());
  },
};
