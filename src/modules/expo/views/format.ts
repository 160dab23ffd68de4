// Formatting shared by the expo views and exports: labels of the vocabularies, dates and times in
// the edition's zone, prices, and the paths of public pages in each language.
import { formatSek, intlTag, type Locale } from '../../../platform/i18n/i18n.ts';
import { lp } from '../../../platform/layout.ts';
import { expoMessages, type ExpoMessages } from '../expo.messages.ts';
import type { AccessibilityFeature, AreaKind, Audience, ChangeKind, EventState, EventStatus, EventType, PriceEntry, Theme } from '../expo.schema.ts';
import { localDate, localTime } from '../expo.time.ts';

export const typeLabel = (t: ExpoMessages, v: EventType) => t[`type_${v}`];
export const themeLabel = (t: ExpoMessages, v: Theme) => t[`theme_${v}`];
export const audienceLabel = (t: ExpoMessages, v: Audience) => t[`audience_${v}`];
export const accessLabel = (t: ExpoMessages, v: AccessibilityFeature) => t[`access_${v}`];
export const statusLabel = (t: ExpoMessages, v: EventStatus) => t[`status_${v}`];
export const stateLabel = (t: ExpoMessages, v: EventState) => t[`state_${v}`];
export const areaKindLabel = (t: ExpoMessages, v: AreaKind) => t[`area_${v}`];
export const changeLabel = (t: ExpoMessages, v: ChangeKind) => t[`change_${v}`];
export function languageLabel(t: ExpoMessages, code: string): string {
  const key = `lang_${code}` as keyof ExpoMessages;
  const v = t[key];
  return typeof v === 'string' ? v : code;
}

const dtfCache = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: Locale, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(opts);
  let f = dtfCache.get(key);
  if (!f) dtfCache.set(key, (f = new Intl.DateTimeFormat(intlTag(locale), opts)));
  return f;
}

/** A calendar date ("2022-06-04") as words, without any zone shifting. */
export function dayLabel(date: string, locale: Locale, style: 'long' | 'short' = 'long'): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const at = new Date(Date.UTC(y, m - 1, d, 12));
  const opts: Intl.DateTimeFormatOptions =
    style === 'long' ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' } : { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' };
  return dtf(locale, opts).format(at);
}

export function timeRange(start: Date, end: Date, tz: string): string {
  return `${localTime(start, tz)}–${localTime(end, tz)}`;
}

/** "lördag 4 juni 2022, 10:00–11:00", or the period of an exhibition. */
export function whenLabel(o: { starts_at: Date; ends_at: Date; all_day: boolean }, tz: string, locale: Locale): string {
  const t = expoMessages(locale);
  const first = localDate(o.starts_at, tz);
  const last = localDate(new Date(o.ends_at.getTime() - 1), tz);
  if (o.all_day) return first === last ? dayLabel(first, locale) : t.periodRange(dayLabel(first, locale, 'short'), dayLabel(last, locale, 'short'));
  if (first !== last) return `${dayLabel(first, locale)} ${localTime(o.starts_at, tz)} – ${dayLabel(last, locale)} ${localTime(o.ends_at, tz)}`;
  return `${dayLabel(first, locale)}, ${timeRange(o.starts_at, o.ends_at, tz)}`;
}

export function priceList(prices: PriceEntry[], locale: Locale): string {
  const t = expoMessages(locale);
  if (prices.every((p) => p.amount_ore === 0)) return t.free;
  return prices.map((p) => `${t[`price_${p.category}`]} ${p.amount_ore === 0 ? t.free.toLowerCase() : formatSek(p.amount_ore, locale)}`).join(', ');
}

// ---------- public paths ----------

export const programmePath = (locale: Locale) => lp(locale, '/program');
export const eventPath = (locale: Locale, slug: string) => lp(locale, `/program/evenemang/${slug}`, `/program/events/${slug}`);
export const eventIcsPath = (locale: Locale, slug: string) => `${eventPath(locale, slug)}.ics`;
export const areasPath = (locale: Locale) => lp(locale, '/program/omraden', '/program/areas');
export const areaPath = (locale: Locale, slug: string) => lp(locale, `/program/omraden/${slug}`, `/program/areas/${slug}`);
export const venuePath = (locale: Locale, slug: string) => lp(locale, `/program/platser/${slug}`, `/program/venues/${slug}`);
export const changesPath = (locale: Locale) => lp(locale, '/program/andringar', '/program/changes');
export const changesFeedPath = (locale: Locale) => `${changesPath(locale)}.atom`;
export const myProgrammePath = (locale: Locale) => lp(locale, '/program/mitt', '/program/mine');
export const programmeIcsPath = (locale: Locale) => lp(locale, '/program.ics');
export const programmeCsvPath = (locale: Locale) => lp(locale, '/program.csv');
