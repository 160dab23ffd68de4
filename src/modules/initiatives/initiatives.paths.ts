// Addresses of the module's pages in both languages, shared by routes, views and search hits.
import type { Locale } from '../../platform/i18n/i18n.ts';
import { lp } from '../../platform/layout.ts';

export const initiativePaths = {
  list: (l: Locale) => lp(l, '/initiativ', '/initiatives'),
  item: (l: Locale, slug: string) => lp(l, `/initiativ/${slug}`, `/initiatives/${slug}`),
  map: (l: Locale) => lp(l, '/initiativ/karta', '/initiatives/map'),
  lessons: (l: Locale) => lp(l, '/initiativ/lardomar', '/initiatives/lessons-learned'),
  both<T extends unknown[]>(f: (l: Locale, ...a: T) => string, ...a: T): { sv: string; en: string } {
    return { sv: f('sv', ...a), en: f('en', ...a) };
  },
};

export const API_LIST = '/api/v1/initiatives';
export const ADMIN = '/admin/initiatives';
export const CHALLENGES = `${ADMIN}/challenges`;
