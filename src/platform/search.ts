// Site search across modules. Each module registers a provider; the search page merges their hits.
// Providers use PostgreSQL full-text search (`swedish` / `english`, unaccented) and fall back to
// pg_trgm word similarity, so a typo such as "inovation" still finds "innovation".
import { sql, type RawBuilder } from 'kysely';
import type { Locale } from './i18n/i18n.ts';

export interface SearchHit {
  kind: string;
  title: string;
  url: string;
  excerpt: string;
  rank: number;
}

export type SearchProvider = (q: string, locale: Locale, limit: number) => Promise<SearchHit[]>;

export interface SearchRegistry {
  register(p: SearchProvider): void;
  search(q: string, locale: Locale, limit?: number): Promise<SearchHit[]>;
}

export function createSearchRegistry(): SearchRegistry {
  const providers: SearchProvider[] = [];
  return {
    register: (p) => void providers.push(p),
    async search(q, locale, limit = 30) {
      const query = q.trim().slice(0, 200);
      if (!query) return [];
      const all = (await Promise.all(providers.map((p) => p(query, locale, limit)))).flat();
      return all.sort((a, b) => b.rank - a.rank).slice(0, limit);
    },
  };
}

export const tsConfig = (locale: Locale) => (locale === 'sv' ? 'swedish' : 'english');

/** `websearch_to_tsquery` on unaccented input, for the given language. */
export function tsQuery(q: string, locale: Locale): RawBuilder<unknown> {
  return sql`websearch_to_tsquery(${sql.lit(tsConfig(locale))}::regconfig, h22_unaccent(${q}))`;
}

/** The normalised query for trigram matching against a `lower(h22_unaccent(...))` column. */
export function trgmQuery(q: string): RawBuilder<string> {
  return sql<string>`lower(h22_unaccent(${q}))`;
}

/** A short excerpt around the first matching word, from plain text. */
export function excerpt(text: string, q: string, len = 180): string {
  const plain = text.replace(/\s+/g, ' ').trim();
  const words = q.toLowerCase().split(/\s+/).filter((w) => w.length > 2);
  const lower = plain.toLowerCase();
  let at = -1;
  for (const w of words) {
    const i = lower.indexOf(w.slice(0, Math.max(3, w.length - 2)));
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  const start = at > 60 ? plain.lastIndexOf(' ', at - 40) + 1 : 0;
  const s = plain.slice(start, start + len);
  return (start > 0 ? '… ' : '') + s + (start + len < plain.length ? ' …' : '');
}
