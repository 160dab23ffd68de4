// Formatting shared by pages, mail and exports: times in Stockholm, titles, paths.
import { intlTag, type Locale } from '../../platform/i18n/i18n.ts';
import { lp } from '../../platform/layout.ts';

const TZ = 'Europe/Stockholm';
const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: Locale, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(opts);
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(intlTag(locale), { timeZone: TZ, ...opts })));
  return f;
}

const dayOpts: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
const timeOpts: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** "tisdag 31 maj 2022, 10:00–11:00" (a range over days names both days). */
export function formatWhen(start: Date, end: Date, locale: Locale): string {
  const d1 = dtf(locale, dayOpts).format(start);
  const d2 = dtf(locale, dayOpts).format(end);
  const t1 = dtf(locale, timeOpts).format(start);
  const t2 = dtf(locale, timeOpts).format(end);
  return d1 === d2 ? `${d1}, ${t1}–${t2}` : `${d1} ${t1} – ${d2} ${t2}`;
}

/** "31 maj 2022 kl. 10:00" / "31 May 2022 at 10:00". */
export function formatMoment(d: Date, locale: Locale): string {
  const day = dtf(locale, { day: 'numeric', month: 'long', year: 'numeric' }).format(d);
  const time = dtf(locale, timeOpts).format(d);
  return locale === 'sv' ? `${day} kl. ${time}` : `${day} at ${time}`;
}

export function titleIn(o: { title_sv: string; title_en: string }, locale: Locale): string {
  return locale === 'en' && o.title_en ? o.title_en : o.title_sv;
}

export function venueIn(o: { venue_sv: string; venue_en: string }, locale: Locale): string {
  return locale === 'en' && o.venue_en ? o.venue_en : o.venue_sv;
}

// ---------- public paths ----------

export const signUpPath = (locale: Locale, occurrenceId: number) => lp(locale, `/program/anmalan/${occurrenceId}`, `/program/register/${occurrenceId}`);
export const ticketPath = (locale: Locale, token: string) => lp(locale, `/program/anmalan/biljett/${token}`, `/program/register/ticket/${token}`);
export const eventPagePath = (locale: Locale, slug: string) => lp(locale, `/program/evenemang/${slug}`, `/program/events/${slug}`);
export const manageApiPath = (token: string) => `/api/v1/registrations/manage/${token}`;
export const checkInPath = (occurrenceId: number) => `/admin/registrations/occurrences/${occurrenceId}/check-in`;
