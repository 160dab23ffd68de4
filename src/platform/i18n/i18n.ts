// Typed message catalogues. Swedish is the source; the English catalogue must have exactly the same
// keys (a missing or extra key fails the type check), and each module defines its own pair.

export type Locale = 'sv' | 'en';
export const LOCALES: readonly Locale[] = ['sv', 'en'];
export const DEFAULT_LOCALE: Locale = 'sv';
export const TIME_ZONE = 'Europe/Stockholm';

/** A message is a string or a function of typed parameters returning a string. */
export type Message = string | ((...args: never[]) => string);
export type Catalogue = Record<string, Message>;

/** The same keys with the same parameter types, for the other language. */
export type Translation<T extends Catalogue> = { [K in keyof T]: T[K] extends string ? string : T[K] };

export function defineMessages<T extends Catalogue>(sv: T, en: Translation<T>): (locale: Locale) => T {
  const byLocale = { sv, en: en as T };
  return (locale) => byLocale[locale];
}

export function isLocale(v: unknown): v is Locale {
  return v === 'sv' || v === 'en';
}

const intlLocale: Record<Locale, string> = { sv: 'sv-SE', en: 'en-GB' };
export function intlTag(locale: Locale): string {
  return intlLocale[locale];
}

const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: Locale, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(opts);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(intlLocale[locale], { timeZone: TIME_ZONE, ...opts });
    cache.set(key, f);
  }
  return f;
}

export function formatDate(d: Date, locale: Locale): string {
  return dtf(locale, { day: 'numeric', month: 'long', year: 'numeric' }).format(d);
}
export function formatDateTime(d: Date, locale: Locale): string {
  return dtf(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d);
}
export function formatTime(d: Date, locale: Locale): string {
  return dtf(locale, { hour: '2-digit', minute: '2-digit' }).format(d);
}
export function formatNumber(n: number, locale: Locale, opts: Intl.NumberFormatOptions = {}): string {
  return new Intl.NumberFormat(intlLocale[locale], opts).format(n);
}
/** Money is stored in integer öre. */
export function formatSek(ore: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale[locale], { style: 'currency', currency: 'SEK', maximumFractionDigits: ore % 100 === 0 ? 0 : 2 }).format(ore / 100);
}
/** ISO timestamp for <time datetime>. */
export function isoDateTime(d: Date): string {
  return d.toISOString();
}
