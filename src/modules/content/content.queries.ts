// Reads for FAQ entries and pages.
import { sql } from 'kysely';
import type { Db } from '../../db/db.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { excerpt, trgmQuery, tsQuery, type SearchHit } from '../../platform/search.ts';
import { richTextToPlain } from '../../platform/html.ts';
import { FAQ_CATEGORY_IDS } from './content.schema.ts';

/** In the order of the public page: category (as listed in FAQ_CATEGORY_IDS), position, id. */
export function listFaq(db: Db, opts: { publishedOnly: boolean }) {
  let q = db
    .selectFrom('faq_entries')
    .selectAll()
    .orderBy(sql`array_position(${sql.val([...FAQ_CATEGORY_IDS])}::text[], category)`)
    .orderBy('position')
    .orderBy('id');
  if (opts.publishedOnly) q = q.where('published', '=', true);
  return q.execute();
}

export function getFaq(db: Db, id: number) {
  return db.selectFrom('faq_entries').selectAll().where('id', '=', id).executeTakeFirst();
}

export function getFaqBySlug(db: Db, slug: string, opts: { publishedOnly: boolean }) {
  let q = db.selectFrom('faq_entries').selectAll().where('slug', '=', slug);
  if (opts.publishedOnly) q = q.where('published', '=', true);
  return q.executeTakeFirst();
}

export function listPages(db: Db, opts: { publishedOnly: boolean }) {
  let q = db.selectFrom('pages').selectAll().orderBy(sql`title_sv COLLATE sv`);
  if (opts.publishedOnly) q = q.where('published', '=', true);
  return q.execute();
}

export function getPage(db: Db, id: number) {
  return db.selectFrom('pages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A page by its Swedish slug, or else its English one (the API accepts either). */
export async function getPageByAnySlug(db: Db, slug: string, opts: { publishedOnly: boolean }) {
  let q = db.selectFrom('pages').selectAll().where((eb) => eb.or([eb('slug_sv', '=', slug), eb('slug_en', '=', slug)]));
  if (opts.publishedOnly) q = q.where('published', '=', true);
  const rows = await q.execute();
  return rows.find((r) => r.slug_sv === slug) ?? rows[0];
}

export function listAccessibilityReports(db: Db, opts: { status?: 'new' | 'in_progress' | 'resolved' | undefined }) {
  let q = db.selectFrom('accessibility_reports').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (opts.status) q = q.where('status', '=', opts.status);
  return q.execute();
}

export function getPageBySlug(db: Db, locale: Locale, slug: string) {
  return db
    .selectFrom('pages')
    .selectAll()
    .where(locale === 'sv' ? 'slug_sv' : 'slug_en', '=', slug)
    .where('published', '=', true)
    .executeTakeFirst();
}

/** FAQ and pages matching a query: full text first, typo-tolerant trigram similarity as a fallback. */
export async function searchContent(db: Db, q: string, locale: Locale, limit: number): Promise<SearchHit[]> {
  const tsq = tsQuery(q, locale);
  const tq = trgmQuery(q);
  const faqSearch = locale === 'sv' ? sql.ref('search_sv') : sql.ref('search_en');
  const faqTrgm = locale === 'sv' ? sql.ref('trgm_sv') : sql.ref('trgm_en');
  const faqs = await db
    .selectFrom('faq_entries')
    .select(['slug', 'question_sv', 'question_en', 'answer_sv', 'answer_en'])
    .select(sql<number>`ts_rank(${faqSearch}, ${tsq}) + word_similarity(${tq}, ${faqTrgm}) * 0.5`.as('rank'))
    .where('published', '=', true)
    .where(sql<boolean>`(${faqSearch} @@ ${tsq} OR ${tq} <% ${faqTrgm})`)
    .orderBy('rank', 'desc')
    .limit(limit)
    .execute();
  const pageSearch = locale === 'sv' ? sql.ref('search_sv') : sql.ref('search_en');
  const pageTrgm = locale === 'sv' ? sql.ref('trgm_sv') : sql.ref('trgm_en');
  const pages = await db
    .selectFrom('pages')
    .select(['slug_sv', 'slug_en', 'title_sv', 'title_en', 'summary_sv', 'summary_en', 'body_sv', 'body_en'])
    .select(sql<number>`ts_rank(${pageSearch}, ${tsq}) + word_similarity(${tq}, ${pageTrgm}) * 0.5`.as('rank'))
    .where('published', '=', true)
    .where(sql<boolean>`(${pageSearch} @@ ${tsq} OR ${tq} <% ${pageTrgm})`)
    .orderBy('rank', 'desc')
    .limit(limit)
    .execute();
  const hits: SearchHit[] = [];
  for (const f of faqs) {
    const question = locale === 'sv' ? f.question_sv : f.question_en || f.question_sv;
    const answer = locale === 'sv' ? f.answer_sv : f.answer_en || f.answer_sv;
    hits.push({
      kind: 'faq',
      title: question,
      url: `${locale === 'sv' ? '/faq' : '/en/faq'}#${f.slug}`,
      excerpt: excerpt(richTextToPlain(answer), q),
      rank: Number(f.rank) + 0.01,
    });
  }
  for (const p of pages) {
    const title = locale === 'sv' ? p.title_sv : p.title_en || p.title_sv;
    const body = locale === 'sv' ? `${p.summary_sv} ${p.body_sv}` : `${p.summary_en} ${p.body_en}`;
    hits.push({
      kind: 'page',
      title,
      url: locale === 'sv' ? `/sida/${p.slug_sv}` : `/en/page/${p.slug_en}`,
      excerpt: excerpt(richTextToPlain(body), q),
      rank: Number(p.rank),
    });
  }
  return hits;
}
