// The programme filters of a public URL, read leniently (an unknown value is dropped, never a 500)
// and written back canonically: the canonical query string is part of every cache key.
import { ACCESSIBILITY_FEATURES, AUDIENCES, EVENT_TYPES, LIMITS, THEMES, type ProgrammeFilter } from './expo.schema.ts';
import { isValidDate } from './expo.time.ts';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function one(v: unknown): string | undefined {
  const s = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof s === 'string' ? s.trim() : undefined;
}
function many(v: unknown): string[] {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.trim());
}
const isIn = <T extends string>(list: readonly T[], v: string | undefined): v is T => v !== undefined && (list as readonly string[]).includes(v);

export function readFilter(query: unknown): ProgrammeFilter {
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const f: ProgrammeFilter = {};
  const date = one(q.date);
  if (date && isValidDate(date)) f.date = date;
  const from = one(q.from);
  if (from && isValidDate(from)) f.from = from;
  const to = one(q.to);
  if (to && isValidDate(to)) f.to = to;
  const area = one(q.area);
  if (area && SLUG.test(area) && area.length <= 100) f.area = area;
  const venue = one(q.venue);
  if (venue && SLUG.test(venue) && venue.length <= 100) f.venue = venue;
  const type = one(q.type);
  if (isIn(EVENT_TYPES, type)) f.type = type;
  const theme = one(q.theme);
  if (isIn(THEMES, theme)) f.theme = theme;
  const sdg = one(q.sdg);
  if (sdg && /^([1-9]|1[0-7])$/.test(sdg)) f.sdg = Number(sdg);
  const audience = one(q.audience);
  if (isIn(AUDIENCES, audience)) f.audience = audience;
  const lang = one(q.lang);
  if (lang && /^[a-z]{2}$/.test(lang)) f.lang = lang;
  const free = one(q.free);
  if (free === '1' || free === 'true' || free === 'on') f.free = true;
  const access = [...new Set(many(q.access).filter((a) => isIn(ACCESSIBILITY_FEATURES, a)))].sort() as ProgrammeFilter['access'];
  if (access && access.length) f.access = access;
  const text = one(q.q);
  if (text) f.q = text.slice(0, LIMITS.query);
  return f;
}

/** The canonical query string of a filter (fixed key order), without a leading "?". */
export function filterQuery(f: ProgrammeFilter, opts: { withDate?: boolean } = {}): string {
  const p = new URLSearchParams();
  if (opts.withDate !== false && f.date) p.append('date', f.date);
  if (f.from) p.append('from', f.from);
  if (f.to) p.append('to', f.to);
  if (f.area) p.append('area', f.area);
  if (f.venue) p.append('venue', f.venue);
  if (f.type) p.append('type', f.type);
  if (f.theme) p.append('theme', f.theme);
  if (f.sdg) p.append('sdg', String(f.sdg));
  if (f.audience) p.append('audience', f.audience);
  if (f.lang) p.append('lang', f.lang);
  if (f.free) p.append('free', '1');
  for (const a of f.access ?? []) p.append('access', a);
  if (f.q) p.append('q', f.q);
  return p.toString();
}

export function withQuery(path: string, qs: string): string {
  return qs ? `${path}?${qs}` : path;
}

/** Whether any filter other than the day is set. */
export function isFiltered(f: ProgrammeFilter): boolean {
  return filterQuery(f, { withDate: false }) !== '';
}
