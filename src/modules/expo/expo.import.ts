// Importing programme items from Helsingborg's event API (JSON) and from iCalendar files. Every item
// is checked first; a file with any problem imports nothing and each problem is reported with its
// position. Items are matched on (source, external id), so the same file imported twice changes nothing.
import type { AppContext } from '../../platform/context.ts';
import { ANONYMOUS, type Actor } from '../../platform/auth/actor.ts';
import { expoMessages } from './expo.messages.ts';
import { blankEventInput, plannedOccurrences, validateEventInput, type EventInput, type RecurrenceInput } from './expo.rules.ts';
import { loadEditionContext, writeEvent, type EditionContext } from './expo.commands.ts';
import { stableHash } from './expo.publish-data.ts';
import type { AccessibilityFeature, EventStatus, EventType, PriceEntry } from './expo.schema.ts';
import { addDays, isValidDate, localDate, localTime } from './expo.time.ts';

export interface ImportOptions {
  /** The organisation used as main organiser when none of an item's organisers is known (slug). */
  fallbackOrg?: string | undefined;
  state: 'accepted' | 'submitted';
  source?: string | undefined;
}

export interface ImportItem {
  position: string;
  externalId: string;
  title: string;
  input?: EventInput;
}

export interface ParseResult {
  format: 'helsingborg-json' | 'ics';
  items: ImportItem[];
  problems: string[];
}

interface Lookup {
  venueByName: Map<string, number>;
  orgByName: Map<string, number>;
  fallbackOrg: number | undefined;
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** Helsingborg's category names (and a few English ones) → our types. */
const TYPE_WORDS: [RegExp, EventType][] = [
  [/föreläsning|föredrag|talk|lecture|seminari/i, 'talk'],
  [/workshop|verkstad/i, 'workshop'],
  [/konferens|conference/i, 'conference'],
  [/utställning|exhibition/i, 'exhibition'],
  [/guidad|visning|vandring|tour/i, 'guided_tour'],
  [/konsert|teater|föreställning|dans|performance|concert|show/i, 'performance'],
  [/möte|meeting|nätverk/i, 'meeting'],
];

/** The city's accessibility words → our vocabulary. */
const ACCESS_WORDS: [RegExp, AccessibilityFeature][] = [
  [/handikapptoalett|tillgänglig toalett|accessible toilet/i, 'accessible_toilet'],
  [/hiss|ramp|rullstol|trappfri|step.?free|wheelchair/i, 'step_free'],
  [/hörslinga|hearing loop|induction/i, 'hearing_loop'],
  [/sittplats|seating/i, 'seating'],
  [/teckenspråk|sign language/i, 'sign_language'],
  [/textning|caption/i, 'captions'],
  [/syntolkning|audio description/i, 'audio_description'],
  [/lugnt rum|quiet/i, 'quiet_space'],
];

const WEEKDAY_NAMES: Record<string, number> = { monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7, måndag: 1, tisdag: 2, onsdag: 3, torsdag: 4, fredag: 5, lördag: 6, söndag: 7 };
const ICS_DAYS: Record<string, number> = { MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6, SU: 7 };

function htmlToText(s: string): string {
  return s
    .replace(/<\/(p|div|h\d|li)>/gi, '\n\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;|&#8217;/g, '’')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const rendered = (v: unknown): string => (typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { rendered?: unknown }).rendered === 'string' ? (v as { rendered: string }).rendered : '');

function kronor(v: unknown): number | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  const s = String(v).trim().replace(',', '.');
  if (!/^\d{1,6}(\.\d{1,2})?$/.test(s)) return Number.NaN;
  return Math.round(Number(s) * 100);
}

function typeOf(categories: string[]): EventType {
  for (const c of categories) for (const [re, type] of TYPE_WORDS) if (re.test(c)) return type;
  return 'other';
}

function accessOf(words: string[]): AccessibilityFeature[] {
  const out = new Set<AccessibilityFeature>();
  for (const w of words) for (const [re, f] of ACCESS_WORDS) if (re.test(w)) out.add(f);
  return [...out];
}

/** An imported item starts blank and scheduled. */
function baseInput(): Omit<EventInput, 'mainOrganisationId' | 'type' | 'title_sv'> {
  return { ...blankEventInput(), status: 'scheduled' };
}

function resolveOrganisers(names: string[], lookup: Lookup, problems: string[], position: string): { main: number; co: number[] } | undefined {
  const ids = [...new Set(names.map((n) => lookup.orgByName.get(norm(n))).filter((x): x is number => x !== undefined))];
  if (ids.length) return { main: ids[0] as number, co: ids.slice(1) };
  if (lookup.fallbackOrg !== undefined) return { main: lookup.fallbackOrg, co: [] };
  problems.push(`${position}: no known organiser (${names.length ? names.map((n) => `"${n}"`).join(', ') : 'none given'}); add the organisation or give --org SLUG`);
  return undefined;
}

function venueOf(location: unknown, lookup: Lookup): { id: number | null; name: string } {
  const loc = (location && typeof location === 'object' ? location : {}) as Record<string, unknown>;
  const name = typeof loc.title === 'string' ? loc.title : typeof loc.name === 'string' ? loc.name : typeof location === 'string' ? location : '';
  return { id: lookup.venueByName.get(norm(name)) ?? null, name };
}

// ---------- Helsingborg's event API (JSON) ----------

/** "2022-06-01 10:00" or "2022-06-01T10:00(:00)" → date and time. */
function splitDateTime(v: unknown): { date: string; time: string } | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?$/.exec(v.trim());
  return m ? { date: m[1] as string, time: m[2] as string } : undefined;
}

export function parseHelsingborgJson(text: string, lookup: Lookup): ParseResult {
  const problems: string[] = [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const at = /position (\d+)/.exec(msg);
    if (at) {
      const pos = Number(at[1]);
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      const col = pos - before.lastIndexOf('\n');
      problems.push(`line ${line}, column ${col}: not valid JSON (${msg})`);
    } else problems.push(`not valid JSON (${msg})`);
    return { format: 'helsingborg-json', items: [], problems };
  }
  const list = Array.isArray(data) ? data : data && typeof data === 'object' && Array.isArray((data as { events?: unknown }).events) ? (data as { events: unknown[] }).events : undefined;
  if (!list) return { format: 'helsingborg-json', items: [], problems: ['the file must hold an array of events (or {"events": [...]})'] };
  const root = Array.isArray(data) ? '' : 'events';
  const items: ImportItem[] = [];
  const seen = new Set<string>();
  list.forEach((raw, i) => {
    const pos = `${root}[${i}]`;
    if (!raw || typeof raw !== 'object') {
      problems.push(`${pos}: not an object`);
      return;
    }
    const e = raw as Record<string, unknown>;
    const id = e.id;
    const externalId = typeof id === 'number' || (typeof id === 'string' && id.trim() !== '') ? String(id).trim() : '';
    const title = htmlToText(rendered(e.title));
    const label = `${pos}${externalId ? ` (id ${externalId})` : ''}`;
    if (!externalId) problems.push(`${label}: "id" is missing`);
    else if (seen.has(externalId)) problems.push(`${label}: the id ${externalId} appears twice in the file`);
    seen.add(externalId);
    const organisers = Array.isArray(e.organizers) ? (e.organizers as Record<string, unknown>[]) : [];
    const sortedOrgs = [...organisers].sort((a, b) => Number(!!b.main_organizer) - Number(!!a.main_organizer));
    const orgs = resolveOrganisers(sortedOrgs.map((o) => String(o.organizer ?? o.name ?? '')).filter(Boolean), lookup, problems, label);
    const categories = Array.isArray(e.event_categories) ? e.event_categories.map(String) : [];
    const input: EventInput = {
      ...baseInput(),
      type: typeOf(categories),
      title_sv: title,
      description_sv: htmlToText(rendered(e.content)),
      accessibility: accessOf(Array.isArray(e.accessibility) ? e.accessibility.map(String) : []),
      mainOrganisationId: orgs?.main ?? 0,
      coOrganisationIds: orgs?.co ?? [],
    };
    if (typeof e.lang === 'string' && /^[a-z]{2}$/.test(e.lang)) input.languages = [e.lang];
    const ageFrom = e.age_group_from;
    const ageTo = e.age_group_to;
    if (ageFrom !== undefined && ageFrom !== null && ageFrom !== '') input.age_min = Number(ageFrom);
    if (ageTo !== undefined && ageTo !== null && ageTo !== '') input.age_max = Number(ageTo);
    for (const [k, v] of [['age_group_from', input.age_min], ['age_group_to', input.age_max]] as const) {
      if (v !== null && (!Number.isInteger(v) || v < 0 || v > 120)) problems.push(`${label}.${k}: expected an age from 0 to 120`);
    }
    const prices: PriceEntry[] = [];
    for (const [key, category] of [['price_adult', 'adult'], ['price_student', 'student'], ['price_children', 'child'], ['price_senior', 'senior']] as const) {
      const ore = kronor(e[key]);
      if (ore === undefined) continue;
      if (Number.isNaN(ore)) problems.push(`${label}.${key}: expected an amount in kronor, got ${JSON.stringify(e[key])}`);
      else prices.push({ category, amount_ore: ore });
    }
    input.prices = prices;
    if (typeof e.booking_link === 'string' && e.booking_link.trim()) {
      const url = e.booking_link.trim();
      if (!/^https?:\/\/\S+$/.test(url) || url.length > 500) problems.push(`${label}.booking_link: not a web address`);
      else {
        input.booking_mode = 'external';
        input.booking_url = url;
      }
    }
    const occasions = Array.isArray(e.occasions) ? (e.occasions as Record<string, unknown>[]) : [];
    occasions.forEach((o, j) => {
      const opos = `${label}.occasions[${j}]`;
      const start = splitDateTime(o.start_date);
      const end = splitDateTime(o.end_date);
      if (!start) problems.push(`${opos}.start_date: expected "YYYY-MM-DD HH:MM", got ${JSON.stringify(o.start_date ?? null)}`);
      if (!end) problems.push(`${opos}.end_date: expected "YYYY-MM-DD HH:MM", got ${JSON.stringify(o.end_date ?? null)}`);
      const venue = venueOf(o.location ?? e.location, lookup);
      if (venue.id === null) problems.push(`${opos}: unknown venue "${venue.name}"`);
      const status = ['scheduled', 'rescheduled', 'postponed', 'cancelled'].includes(String(o.status)) ? (String(o.status) as EventStatus) : 'scheduled';
      if (start && end) {
        // Occasions have no ids of their own: their place in the list keeps a moved one the same occurrence.
        input.slots.push({ field: opos, externalId: `occasion#${j}`, venueId: venue.id, date: start.date, start: start.time, end: end.time, endDate: end.date, status });
      }
    });
    const rules = Array.isArray(e.rcr_rules) ? (e.rcr_rules as Record<string, unknown>[]) : [];
    if (rules.length > 1) problems.push(`${label}.rcr_rules: only one weekly rule per event is supported`);
    const r = rules[0];
    if (r) {
      const rpos = `${label}.rcr_rules[0]`;
      const day = WEEKDAY_NAMES[String(r.rcr_week_day ?? '').toLowerCase()];
      if (!day) problems.push(`${rpos}.rcr_week_day: expected a weekday name, got ${JSON.stringify(r.rcr_week_day ?? null)}`);
      const venue = venueOf(r.location ?? e.location, lookup);
      if (venue.id === null) problems.push(`${rpos}: unknown venue "${venue.name}"`);
      const exceptions = Array.isArray(r.rcr_exceptions) ? (r.rcr_exceptions as Record<string, unknown>[]).map((x) => String(x.exc_date ?? x)) : [];
      const rec: RecurrenceInput = {
        venueId: venue.id,
        weekdays: day ? [day] : [],
        interval: Number(r.rcr_weekly_interval ?? 1) || 1,
        firstDate: String(r.rcr_start_date ?? ''),
        lastDate: String(r.rcr_end_date ?? ''),
        start: String(r.rcr_start_time ?? '').slice(0, 5),
        end: String(r.rcr_end_time ?? '').slice(0, 5),
        exceptions,
      };
      if (rec.interval < 1 || rec.interval > 8) problems.push(`${rpos}.rcr_weekly_interval: expected 1 to 8`);
      if (day) input.recurrence = rec;
    }
    items.push({ position: label, externalId, title, input });
  });
  return { format: 'helsingborg-json', items, problems };
}

// ---------- iCalendar ----------

interface IcsProp {
  name: string;
  params: Record<string, string>;
  value: string;
}

function unfold(text: string): { line: string; no: number }[] {
  const out: { line: string; no: number }[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    if ((l.startsWith(' ') || l.startsWith('\t')) && out.length) (out[out.length - 1] as { line: string }).line += l.slice(1);
    else if (l !== '') out.push({ line: l, no: i + 1 });
  });
  return out;
}

function parseProp(line: string): IcsProp | undefined {
  const colon = (() => {
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      if (line[i] === '"') quoted = !quoted;
      else if (line[i] === ':' && !quoted) return i;
    }
    return -1;
  })();
  if (colon < 0) return undefined;
  const [name = '', ...params] = line.slice(0, colon).split(';');
  return {
    name: name.toUpperCase(),
    params: Object.fromEntries(params.map((p) => [p.split('=')[0]?.toUpperCase() ?? '', (p.split('=')[1] ?? '').replace(/^"|"$/g, '')])),
    value: line.slice(colon + 1),
  };
}

const icsText = (v: string) => v.replace(/\\n/gi, '\n').replace(/\\([,;\\])/g, '$1');

/** An ICS date or date-time → local date and time in the zone (UTC "Z" converted; floating and TZID read as local). */
function icsWhen(p: IcsProp, tz: string): { date: string; time: string; allDay: boolean } | undefined {
  const v = p.value.trim();
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (m || p.params.VALUE === 'DATE') {
    m = m ?? /^(\d{4})(\d{2})(\d{2})/.exec(v);
    if (!m) return undefined;
    return { date: `${m[1]}-${m[2]}-${m[3]}`, time: '00:00', allDay: true };
  }
  m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/.exec(v);
  if (!m) return undefined;
  if (m[7] === 'Z') {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
    return { date: localDate(d, tz), time: localTime(d, tz), allDay: false };
  }
  // Other zones than the expo's would need their VTIMEZONE: refused rather than guessed.
  if (p.params.TZID && p.params.TZID !== tz) return undefined;
  return { date: `${m[1]}-${m[2]}-${m[3]}`, time: `${m[4]}:${m[5]}`, allDay: false };
}

export function parseIcs(text: string, lookup: Lookup, tz: string): ParseResult {
  const problems: string[] = [];
  const lines = unfold(text.replace(/^\uFEFF/, ''));
  if (!lines[0] || lines[0].line.trim().toUpperCase() !== 'BEGIN:VCALENDAR') {
    return { format: 'ics', items: [], problems: ['line 1: an iCalendar file starts with BEGIN:VCALENDAR'] };
  }
  const byUid = new Map<string, ImportItem>();
  let current: { no: number; props: IcsProp[] } | undefined;
  let depth = 0;
  for (const { line, no } of lines) {
    const p = parseProp(line);
    if (!p) {
      problems.push(`line ${no}: not a property line`);
      continue;
    }
    if (p.name === 'BEGIN' && p.value.toUpperCase() === 'VEVENT') current = { no, props: [] };
    else if (p.name === 'BEGIN' && current) depth++;
    else if (p.name === 'END' && current && depth > 0) depth--;
    else if (p.name === 'END' && p.value.toUpperCase() === 'VEVENT' && current) {
      const ev = current;
      current = undefined;
      const get = (n: string) => ev.props.find((x) => x.name === n);
      const pos = `line ${ev.no}`;
      const uid = get('UID')?.value.trim() ?? '';
      const summary = icsText(get('SUMMARY')?.value ?? '').trim();
      const label = `${pos}${uid ? ` (UID ${uid})` : ''}`;
      if (!uid) problems.push(`${pos}: VEVENT without UID`);
      const dtstart = get('DTSTART');
      const dtend = get('DTEND');
      const start = dtstart ? icsWhen(dtstart, tz) : undefined;
      const end = dtend ? icsWhen(dtend, tz) : undefined;
      if (!start) problems.push(`${label}: DTSTART missing or not a date-time in UTC or ${tz}`);
      if (!end) problems.push(`${label}: DTEND missing or not a date-time in UTC or ${tz}`);
      const venue = venueOf(icsText(get('LOCATION')?.value ?? '').split('\n')[0] ?? '', lookup);
      if (venue.id === null) problems.push(`${label}: unknown venue "${venue.name}"`);
      const organiser = get('ORGANIZER')?.params.CN ?? '';
      const status: EventStatus = (get('STATUS')?.value ?? '').toUpperCase() === 'CANCELLED' ? 'cancelled' : 'scheduled';
      let item = byUid.get(uid);
      if (!item) {
        const orgs = resolveOrganisers(organiser ? [organiser] : [], lookup, problems, label);
        const url = get('URL')?.value.trim();
        item = {
          position: label,
          externalId: uid,
          title: summary,
          input: {
            ...baseInput(),
            type: typeOf((get('CATEGORIES')?.value ?? '').split(',')),
            title_sv: summary,
            description_sv: icsText(get('DESCRIPTION')?.value ?? '').trim(),
            mainOrganisationId: orgs?.main ?? 0,
            coOrganisationIds: orgs?.co ?? [],
            ...(url && /^https?:\/\/\S+$/.test(url) && url.length <= 500 ? { booking_mode: 'external' as const, booking_url: url } : {}),
          },
        };
        if (uid) byUid.set(uid, item);
      }
      const input = item.input as EventInput;
      if (start && end) {
        if (start.allDay) {
          if (input.period) problems.push(`${label}: more than one all-day period for the same UID`);
          input.period = { venueId: venue.id, from: start.date, to: addDays(end.date, -1) < start.date ? start.date : addDays(end.date, -1) };
        } else {
          const rrule = get('RRULE')?.value;
          if (rrule) {
            const parts = Object.fromEntries(rrule.split(';').map((kv) => kv.split('=') as [string, string]));
            const until = parts.UNTIL ? icsWhen({ name: 'UNTIL', params: {}, value: parts.UNTIL }, tz) : undefined;
            if (parts.FREQ !== 'WEEKLY' || !until) problems.push(`${label}: only weekly RRULEs with UNTIL are supported`);
            else {
              const exdates = ev.props.filter((x) => x.name === 'EXDATE').flatMap((x) => x.value.split(',').map((v) => icsWhen({ ...x, value: v }, tz)?.date ?? ''));
              input.recurrence = {
                venueId: venue.id,
                weekdays: (parts.BYDAY ?? '').split(',').map((d) => ICS_DAYS[d.slice(-2)] ?? 0).filter(Boolean).length
                  ? (parts.BYDAY ?? '').split(',').map((d) => ICS_DAYS[d.slice(-2)] ?? 0).filter(Boolean)
                  : [new Date(`${start.date}T12:00:00Z`).getUTCDay() || 7],
                interval: Number(parts.INTERVAL ?? 1) || 1,
                firstDate: start.date,
                lastDate: until.date,
                start: start.time,
                end: end.time,
                exceptions: exdates.filter((d) => isValidDate(d)),
              };
            }
          } else {
            input.slots.push({ field: label, externalId: `${uid}|${dtstart?.value}`, venueId: venue.id, date: start.date, start: start.time, end: end.time, endDate: end.date, status });
          }
        }
      }
    } else if (current) current.props.push(p);
  }
  if (current) problems.push(`line ${current.no}: VEVENT without END:VEVENT`);
  return { format: 'ics', items: [...byUid.values()], problems };
}

// ---------- checking and writing ----------

export interface ImportPlan {
  format: ParseResult['format'];
  problems: string[];
  create: ImportItem[];
  update: ImportItem[];
  unchanged: ImportItem[];
  /** The edition's time zone the file's times were read in. */
  timeZone: string;
}

function lookupFor(ec: EditionContext, orgs: { id: number; slug: string; name: string }[], fallbackOrg: string | undefined): { lookup: Lookup; problem?: string } {
  const venueByName = new Map<string, number>();
  for (const v of ec.venues.values()) for (const n of [v.name_sv, v.name_en, v.slug]) if (n) venueByName.set(norm(n), v.id);
  const orgByName = new Map<string, number>();
  for (const o of orgs) for (const n of [o.name, o.slug]) orgByName.set(norm(n), o.id);
  const fallback = fallbackOrg ? orgs.find((o) => o.slug === fallbackOrg)?.id : undefined;
  return { lookup: { venueByName, orgByName, fallbackOrg: fallback }, ...(fallbackOrg && fallback === undefined ? { problem: `--org ${fallbackOrg}: no organisation with that slug` } : {}) };
}

/** Reads and checks a file: what would be created, updated or left alone, and every problem. */
export async function planImport(ctx: AppContext, fileName: string, text: string, opts: ImportOptions): Promise<ImportPlan> {
  const ec = await loadEditionContext(ctx.db);
  if (!ec) return { format: 'ics', problems: ['there is no current expo edition (run "h22 seed" or create one)'], create: [], update: [], unchanged: [], timeZone: '' };
  const orgs = await ctx.db.selectFrom('organisations').select(['id', 'slug', 'name']).execute();
  const { lookup, problem } = lookupFor(ec, orgs, opts.fallbackOrg);
  const isIcs = /\.ics$/i.test(fileName) || /^\s*BEGIN:VCALENDAR/i.test(text.replace(/^\uFEFF/, '').slice(0, 50));
  const parsed = isIcs ? parseIcs(text, lookup, ec.edition.time_zone) : parseHelsingborgJson(text, lookup);
  const problems = [...(problem ? [problem] : []), ...parsed.problems];
  checkItems(parsed.items, ec, problems);
  const source = opts.source ?? (parsed.format === 'ics' ? 'ics' : 'helsingborg-api');
  const existing = parsed.items.length
    ? await ctx.db.selectFrom('expo_events').select(['id', 'external_id', 'import_hash']).where('source', '=', source).where('external_id', 'in', parsed.items.map((i) => i.externalId || '-')).execute()
    : [];
  const byExt = new Map(existing.map((e) => [e.external_id as string, e]));
  const plan: ImportPlan = { format: parsed.format, problems, create: [], update: [], unchanged: [], timeZone: ec.edition.time_zone };
  for (const item of parsed.items) {
    const found = byExt.get(item.externalId);
    if (!found) plan.create.push(item);
    else if (found.import_hash === stableHash({ input: item.input, state: opts.state })) plan.unchanged.push(item);
    else plan.update.push(item);
  }
  return plan;
}

/** Adds the rule problems of each item (dates within the expo, venues, organisers) to `problems`, by position. */
function checkItems(items: ImportItem[], ec: EditionContext, problems: string[]): void {
  const t = expoMessages('en');
  for (const item of items) {
    if (!item.input) continue;
    const errors = validateEventInput(item.input, { ...ec, mayOrganiseFor: () => true }, t);
    for (const [field, message] of Object.entries(errors)) {
      // Slot fields carry their position ("events[2].occasions[0]_end"); item fields get the item's.
      const m = /^(.*)_(date|start|end|venue)$/.exec(field);
      const rule = /^(slot1_|repeat_)/.test(field) && item.input.recurrence ? `${item.position} (weekly rule)` : undefined;
      const period = /^period_/.test(field) ? `${item.position} (all-day period)` : undefined;
      const where = m && m[1] && !/^slot\d+$|^period$/.test(m[1]) ? `${m[1]}.${m[2]}` : `${rule ?? period ?? item.position}.${field}`;
      // Unknown venues and missing organisers are already reported in the parser's words.
      if (/venue$/.test(field) && problems.some((p) => p.startsWith(m?.[1] ?? item.position) && p.includes('unknown venue'))) continue;
      if (field === 'main_organisation' && problems.some((p) => p.startsWith(item.position) && p.includes('no known organiser'))) continue;
      // "No date at all" after the parser already refused the item's dates says nothing new.
      if (field === 'slot1_date' && item.input.slots.length === 0 && !item.input.recurrence && problems.some((p) => p.startsWith(item.position))) continue;
      problems.push(`${where}: ${message}`);
    }
  }
}

export type ApplyOutcome = { outcome: 'ok'; created: number; updated: number; unchanged: number } | { outcome: 'invalid'; problems: string[] };

/**
 * Writes a clean plan in one transaction — or nothing, with the problems, when the items no longer
 * pass the rules: they are checked again under the edition's share lock, against the dates in force
 * when they commit (the programme team may have changed them since the plan, or be changing them now).
 */
export async function applyImport(ctx: AppContext, plan: ImportPlan, opts: ImportOptions, actor: Actor = ANONYMOUS): Promise<ApplyOutcome> {
  if (plan.problems.length) throw new Error('applyImport needs a plan without problems');
  const source = opts.source ?? (plan.format === 'ics' ? 'ics' : 'helsingborg-api');
  const items = [...plan.create, ...plan.update];
  return ctx.db.transaction().execute(async (trx): Promise<ApplyOutcome> => {
    const ec = await loadEditionContext(trx, { lock: true });
    if (!ec) throw new Error('no current edition');
    // Zoned times in an iCalendar file became local dates and times in the plan's zone.
    if (ec.edition.time_zone !== plan.timeZone) return { outcome: 'invalid', problems: [`the expo's time zone changed from ${plan.timeZone} to ${ec.edition.time_zone} while the file was read; import it again`] };
    const problems: string[] = [];
    checkItems(items, ec, problems);
    if (problems.length) return { outcome: 'invalid', problems };
    for (const item of items) {
      const input = item.input as EventInput;
      const existing = await trx.selectFrom('expo_events').select('id').where('source', '=', source).where('external_id', '=', item.externalId).executeTakeFirst();
      const id = await writeEvent(trx, actor, {
        edition: ec.edition,
        eventId: existing?.id,
        input,
        planned: plannedOccurrences(input, ec.edition.time_zone),
        state: opts.state,
        source,
        externalId: item.externalId,
      });
      await trx.updateTable('expo_events').set({ import_hash: stableHash({ input, state: opts.state }) }).where('id', '=', id).execute();
    }
    return { outcome: 'ok', created: plan.create.length, updated: plan.update.length, unchanged: plan.unchanged.length };
  });
}
