// Domain rules of a programme item that need no database: reading the form into an input, checking
// it against the expo and its venues, expanding recurrences and checking opening hours.
import type { FieldErrors } from '../../platform/errors.ts';
import type { ExpoMessages } from './expo.messages.ts';
import {
  LIMITS,
  type AccessibilityFeature,
  type AttendanceMode,
  type Audience,
  type BookingMode,
  type EventFormValue,
  type EventStatus,
  type EventType,
  type OpeningHours,
  type PriceEntry,
  type Theme,
} from './expo.schema.ts';
import { addDays, daysBetween, isValidDate, isValidTime, weekdayOf, zonedToUtc } from './expo.time.ts';

export interface SlotInput {
  /** Field prefix in the form ("slot1") or a position in an import file. */
  field: string;
  /** An existing occurrence this slot updates (stable id and guid). */
  id?: number | undefined;
  externalId?: string | undefined;
  venueId: number | null;
  date: string;
  start: string;
  end: string;
  /** For slots ending on a later day (imports). */
  endDate?: string | undefined;
  status?: EventStatus | undefined;
}

export interface RecurrenceInput {
  venueId: number | null;
  weekdays: number[];
  interval: number;
  firstDate: string;
  lastDate: string;
  start: string;
  end: string;
  exceptions: string[];
}

export interface PeriodInput {
  venueId: number | null;
  from: string;
  to: string;
}

export interface EventInput {
  type: EventType;
  title_sv: string;
  title_en: string;
  description_sv: string;
  description_en: string;
  themes: Theme[];
  sdgs: number[];
  audience: Audience[];
  age_min: number | null;
  age_max: number | null;
  languages: string[];
  accessibility: AccessibilityFeature[];
  prices: PriceEntry[];
  booking_mode: BookingMode;
  booking_url: string | null;
  attendance_mode: AttendanceMode;
  online_url: string | null;
  image_url: string | null;
  image_alt_sv: string;
  image_alt_en: string;
  contact_email: string | null;
  mainOrganisationId: number;
  coOrganisationIds: number[];
  status?: EventStatus | undefined;
  slots: SlotInput[];
  recurrence?: RecurrenceInput | undefined;
  period?: PeriodInput | undefined;
}

/** An item before anyone fills it in: what an import or a test starts from (type, Swedish title and organiser are theirs to give). */
export function blankEventInput(): Omit<EventInput, 'mainOrganisationId' | 'type' | 'title_sv'> {
  return {
    title_en: '',
    description_sv: '',
    description_en: '',
    themes: [],
    sdgs: [],
    audience: ['general'],
    age_min: null,
    age_max: null,
    languages: ['sv'],
    accessibility: [],
    prices: [],
    booking_mode: 'none',
    booking_url: null,
    attendance_mode: 'offline',
    online_url: null,
    image_url: null,
    image_alt_sv: '',
    image_alt_en: '',
    contact_email: null,
    coOrganisationIds: [],
    slots: [],
  };
}

export interface EditionInfo {
  id: number;
  slug: string;
  acronym: string;
  name_sv: string;
  name_en: string;
  starts_on: string;
  ends_on: string;
  time_zone: string;
  description_sv: string;
  description_en: string;
}

export interface VenueInfo {
  id: number;
  name_sv: string;
  exclusive: boolean;
  opening_hours: OpeningHours;
}

/** Kronor as typed ("120", "99,50") → öre. */
export function sekToOre(s: string): number {
  const [kr, ore = ''] = s.replace(',', '.').split('.');
  return Number(kr) * 100 + Number((ore + '00').slice(0, 2));
}

const str = (raw: Record<string, unknown>, key: string): string => {
  const v = raw[key];
  const s = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof s === 'string' ? s.trim() : '';
};

/** Numbers of the slot rows present in a posted form ("slot1_date" … ). */
export function slotNumbers(raw: Record<string, unknown>): number[] {
  const ns = new Set<number>();
  for (const k of Object.keys(raw)) {
    const m = /^slot(\d{1,3})_(id|date|start|end|venue)$/.exec(k);
    if (m) ns.add(Number(m[1]));
  }
  return [...ns].sort((a, b) => a - b);
}

/** Turns a parsed event form (and its raw body, for the slot rows) into an input. */
export function eventInputFromForm(v: EventFormValue, raw: Record<string, unknown>, t: ExpoMessages): { input: EventInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const numbers = slotNumbers(raw);
  if (numbers.length > LIMITS.slots) errors.slot1_date = t.errTooManySlots;
  const slots: SlotInput[] = [];
  for (const n of numbers.slice(0, LIMITS.slots)) {
    const f = `slot${n}`;
    const id = str(raw, `${f}_id`);
    const date = str(raw, `${f}_date`);
    const start = str(raw, `${f}_start`);
    const end = str(raw, `${f}_end`);
    const venue = str(raw, `${f}_venue`);
    if (!date && !start && !end && !venue) continue; // an empty row (or a slot being removed)
    slots.push({
      field: f,
      id: /^\d{1,12}$/.test(id) ? Number(id) : undefined,
      venueId: /^\d{1,12}$/.test(venue) ? Number(venue) : null,
      date,
      start,
      end,
    });
  }
  const weekdays = [...new Set(v.repeat_weekdays.map(Number))].sort();
  let recurrence: RecurrenceInput | undefined;
  if (weekdays.length) {
    const first = slots[0];
    if (!first) errors.repeat_weekdays = t.errRepeatNeedsSlot;
    else if (!v.repeat_until) errors.repeat_until = t.errRepeatUntil;
    else {
      // Slot 1 becomes the rule: it is no longer a single date of its own.
      slots.shift();
      recurrence = {
        venueId: first.venueId,
        weekdays,
        interval: v.repeat_interval ?? 1,
        firstDate: first.date,
        lastDate: v.repeat_until,
        start: first.start,
        end: first.end,
        exceptions: (v.repeat_except ?? '').split(/[\s,;]+/).filter(Boolean),
      };
    }
  }
  let period: PeriodInput | undefined;
  if (v.period_from || v.period_to || v.period_venue) {
    period = { venueId: v.period_venue ? Number(v.period_venue) : null, from: v.period_from ?? '', to: v.period_to ?? '' };
  }
  const prices: PriceEntry[] = [];
  for (const c of ['adult', 'student', 'child', 'senior'] as const) {
    const p = v[`price_${c}`];
    if (p !== undefined) prices.push({ category: c, amount_ore: sekToOre(p) });
  }
  const input: EventInput = {
    type: v.type as EventType,
    title_sv: v.title_sv,
    title_en: v.title_en ?? '',
    description_sv: v.description_sv ?? '',
    description_en: v.description_en ?? '',
    themes: v.themes as Theme[],
    sdgs: [...new Set(v.sdgs.map(Number))].sort((a, b) => a - b),
    audience: v.audience as Audience[],
    age_min: v.age_min ?? null,
    age_max: v.age_max ?? null,
    languages: v.languages as string[],
    accessibility: v.accessibility as AccessibilityFeature[],
    prices,
    booking_mode: v.booking_mode as BookingMode,
    booking_url: v.booking_url ?? null,
    attendance_mode: v.attendance_mode as AttendanceMode,
    online_url: v.online_url ?? null,
    image_url: v.image_url ?? null,
    image_alt_sv: v.image_alt_sv ?? '',
    image_alt_en: v.image_alt_en ?? '',
    contact_email: v.contact_email ?? null,
    mainOrganisationId: Number(v.main_organisation),
    coOrganisationIds: [...new Set(v.co_organisations.map(Number))].filter((id) => id !== Number(v.main_organisation)),
    status: v.status as EventStatus | undefined,
    slots,
    recurrence,
    period,
  };
  return { input, errors };
}

/** Checks an input against the expo dates, the venues and the organisations. Field keys match the form. */
export function validateEventInput(
  input: EventInput,
  ctx: { edition: EditionInfo; venues: Map<number, VenueInfo>; organisationIds: Set<number>; mayOrganiseFor: (orgId: number) => boolean },
  t: ExpoMessages,
): FieldErrors {
  const errors: FieldErrors = {};
  const { edition } = ctx;
  const inExpo = (d: string) => d >= edition.starts_on && d <= edition.ends_on;
  const outside = t.errOutsideExpo(edition.starts_on, edition.ends_on);
  const set = (k: string, m: string) => {
    if (!errors[k]) errors[k] = m;
  };

  if (!input.title_sv.trim()) set('title_sv', t.errTitleSv);
  if (input.age_min !== null && input.age_max !== null && input.age_min > input.age_max) set('age_max', t.errAgeRange);
  if (input.booking_mode === 'external' && !input.booking_url) set('booking_url', t.errBookingUrl);
  if (input.languages.length === 0) set('languages', t.errLanguages);
  if (!ctx.organisationIds.has(input.mainOrganisationId)) set('main_organisation', t.errUnknownOrganisation);
  else if (!ctx.mayOrganiseFor(input.mainOrganisationId)) set('main_organisation', t.errNotYourOrganisation);
  if (input.coOrganisationIds.some((id) => !ctx.organisationIds.has(id))) set('co_organisations', t.errUnknownOrganisation);

  for (const s of input.slots) {
    const f = s.field;
    if (!s.date || !s.start || !s.end || s.venueId === null) {
      if (!s.date) set(`${f}_date`, t.errSlotIncomplete);
      else if (!s.start) set(`${f}_start`, t.errSlotIncomplete);
      else if (!s.end) set(`${f}_end`, t.errSlotIncomplete);
      else set(`${f}_venue`, t.errUnknownVenue);
      continue;
    }
    if (!isValidDate(s.date)) set(`${f}_date`, t.errDate);
    else if (!inExpo(s.date) || (s.endDate !== undefined && isValidDate(s.endDate) && !inExpo(s.endDate))) set(`${f}_date`, outside);
    if (!isValidTime(s.start)) set(`${f}_start`, t.errTime);
    if (!isValidTime(s.end)) set(`${f}_end`, t.errTime);
    if (s.endDate !== undefined && !isValidDate(s.endDate)) set(`${f}_end`, t.errDate);
    if (isValidTime(s.start) && isValidTime(s.end)) {
      const endDate = s.endDate ?? s.date;
      if (endDate < s.date || (endDate === s.date && s.end <= s.start)) set(`${f}_end`, t.errEndBeforeStart);
    }
    if (!ctx.venues.has(s.venueId)) set(`${f}_venue`, t.errUnknownVenue);
  }

  const r = input.recurrence;
  if (r) {
    if (!isValidDate(r.firstDate)) set('slot1_date', t.errDate);
    else if (!inExpo(r.firstDate)) set('slot1_date', outside);
    if (!isValidDate(r.lastDate)) set('repeat_until', t.errDate);
    else if (!inExpo(r.lastDate)) set('repeat_until', outside);
    else if (isValidDate(r.firstDate) && r.lastDate < r.firstDate) set('repeat_until', t.errEndBeforeStart);
    if (!isValidTime(r.start)) set('slot1_start', t.errTime);
    if (!isValidTime(r.end)) set('slot1_end', t.errTime);
    if (isValidTime(r.start) && isValidTime(r.end) && r.end <= r.start) set('slot1_end', t.errEndBeforeStart);
    if (r.venueId === null || !ctx.venues.has(r.venueId)) set('slot1_venue', t.errUnknownVenue);
    if (r.exceptions.some((d) => !isValidDate(d))) set('repeat_except', t.errDate);
  }

  const p = input.period;
  if (p) {
    if (!isValidDate(p.from)) set('period_from', t.errDate);
    else if (!inExpo(p.from)) set('period_from', outside);
    if (!isValidDate(p.to)) set('period_to', t.errDate);
    else if (!inExpo(p.to)) set('period_to', outside);
    else if (isValidDate(p.from) && p.to < p.from) set('period_to', t.errEndBeforeStart);
    if (p.venueId === null || !ctx.venues.has(p.venueId)) set('period_venue', t.errUnknownVenue);
  }

  if (input.slots.length === 0 && !r && !p) set('slot1_date', t.errNoSlot);
  return errors;
}

export interface PlannedOccurrence {
  /** The form field the occurrence comes from, for messages. */
  field: string;
  id?: number | undefined;
  externalId?: string | undefined;
  venueId: number;
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  recurrenceDate?: string | undefined;
  status?: EventStatus | undefined;
}

/** The dates of a weekly rule: chosen weekdays, every n-th week counted from the first date's week. */
export function expandRecurrence(r: RecurrenceInput): string[] {
  const out: string[] = [];
  const except = new Set(r.exceptions);
  const mondayOfFirst = addDays(r.firstDate, 1 - weekdayOf(r.firstDate));
  for (let d = r.firstDate; d <= r.lastDate; d = addDays(d, 1)) {
    const week = Math.floor(daysBetween(mondayOfFirst, d) / 7);
    if (week % r.interval !== 0) continue;
    if (!r.weekdays.includes(weekdayOf(d))) continue;
    if (except.has(d)) continue;
    out.push(d);
  }
  return out;
}

/** Every occurrence a valid input describes, as instants in the edition's zone. */
export function plannedOccurrences(input: EventInput, tz: string): PlannedOccurrence[] {
  const out: PlannedOccurrence[] = [];
  for (const s of input.slots) {
    out.push({
      field: s.field,
      id: s.id,
      externalId: s.externalId,
      venueId: s.venueId as number,
      startsAt: zonedToUtc(s.date, s.start, tz),
      endsAt: zonedToUtc(s.endDate ?? s.date, s.end, tz),
      allDay: false,
      status: s.status,
    });
  }
  const r = input.recurrence;
  if (r) {
    for (const d of expandRecurrence(r)) {
      out.push({ field: 'slot1', venueId: r.venueId as number, startsAt: zonedToUtc(d, r.start, tz), endsAt: zonedToUtc(d, r.end, tz), allDay: false, recurrenceDate: d });
    }
  }
  const p = input.period;
  if (p) {
    out.push({ field: 'period', venueId: p.venueId as number, startsAt: zonedToUtc(p.from, '00:00', tz), endsAt: zonedToUtc(addDays(p.to, 1), '00:00', tz), allDay: true });
  }
  return out;
}

/** Whether a local slot (weekday, "HH:MM"–"HH:MM") is within a venue's opening hours. */
export function openingHoursProblem(hours: OpeningHours, weekday: number, start: string, end: string): 'closed' | 'outside' | undefined {
  if (Object.keys(hours).length === 0) return undefined; // no opening hours recorded: always open
  const h = hours[String(weekday) as keyof OpeningHours];
  if (!h) return 'closed';
  if (start < h.opens || end > h.closes) return 'outside';
  return undefined;
}

/** A URL slug from a title (å, ä, ö → a, a, o). */
export function slugify(s: string, max = 60): string {
  const base = s
    .toLowerCase()
    .replace(/å/g, 'a')
    .replace(/ä/g, 'a')
    .replace(/ö/g, 'o')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '');
  return base || 'programpunkt';
}
