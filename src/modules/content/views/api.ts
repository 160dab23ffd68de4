// JSON shapes of the content API (documented by FaqPublic, FaqEntry, PagePublic, PageEntry in content.schema.ts).
import type { Static } from '@sinclair/typebox';
import { richText } from '../../../platform/html.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import type { FaqEntry, FaqPublic, PageEntry, PagePublic } from '../content.schema.ts';
import type { FaqCategory } from '../content.tables.ts';

interface FaqSource {
  id: number;
  slug: string;
  category: FaqCategory;
  position: number;
  question_sv: string;
  answer_sv: string;
  question_en: string;
  answer_en: string;
  published: boolean;
  created_at: Date;
  updated_at: Date;
}

interface PageSource {
  id: number;
  slug_sv: string;
  slug_en: string;
  title_sv: string;
  title_en: string;
  summary_sv: string;
  summary_en: string;
  body_sv: string;
  body_en: string;
  published: boolean;
  created_at: Date;
  updated_at: Date;
}

/** A published entry in one language; English falls back to Swedish, as on /en/faq. */
export function faqPublicJson(r: FaqSource, lang: Locale, baseUrl: string): Static<typeof FaqPublic> {
  const translated = lang === 'sv' || (r.question_en !== '' && r.answer_en !== '');
  const answer = lang === 'sv' ? r.answer_sv : r.answer_en || r.answer_sv;
  return {
    slug: r.slug,
    category: r.category,
    position: r.position,
    lang,
    question: lang === 'sv' ? r.question_sv : r.question_en || r.question_sv,
    answer,
    answer_html: richText(answer, { headingLevel: 3 }).value,
    translated,
    url: `${baseUrl}${lang === 'sv' ? '/faq' : '/en/faq'}#${r.slug}`,
    updated_at: r.updated_at.toISOString(),
  };
}

/** The whole record, both languages, as the writer sees it. */
export function faqEntryJson(r: FaqSource): Static<typeof FaqEntry> {
  return {
    id: r.id,
    slug: r.slug,
    category: r.category,
    position: r.position,
    question_sv: r.question_sv,
    answer_sv: r.answer_sv,
    question_en: r.question_en,
    answer_en: r.answer_en,
    published: r.published,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  };
}

export function pagePublicJson(r: PageSource, lang: Locale, baseUrl: string): Static<typeof PagePublic> {
  const body = lang === 'sv' ? r.body_sv : r.body_en || r.body_sv;
  const slug = lang === 'sv' ? r.slug_sv : r.slug_en;
  return {
    slug,
    slug_sv: r.slug_sv,
    slug_en: r.slug_en,
    lang,
    title: lang === 'sv' ? r.title_sv : r.title_en || r.title_sv,
    summary: lang === 'sv' ? r.summary_sv : r.summary_en || r.summary_sv,
    body,
    body_html: richText(body).value,
    translated: lang === 'sv' || (r.title_en !== '' && (r.body_sv === '' || r.body_en !== '')),
    url: `${baseUrl}${lang === 'sv' ? `/sida/${slug}` : `/en/page/${slug}`}`,
    updated_at: r.updated_at.toISOString(),
  };
}

export function pageEntryJson(r: PageSource): Static<typeof PageEntry> {
  return {
    id: r.id,
    slug_sv: r.slug_sv,
    slug_en: r.slug_en,
    title_sv: r.title_sv,
    title_en: r.title_en,
    summary_sv: r.summary_sv,
    summary_en: r.summary_en,
    body_sv: r.body_sv,
    body_en: r.body_en,
    published: r.published,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  };
}
