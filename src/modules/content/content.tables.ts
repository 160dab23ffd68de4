// The content module's tables, merged into the Kysely Database type.
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../../db/types.ts';

export type FaqCategory = 'about' | 'expo' | 'collaboration' | 'money';

export interface FaqEntriesTable {
  id: Generated<number>;
  slug: string;
  category: FaqCategory;
  position: ColumnType<number, number | undefined, number>;
  question_sv: string;
  answer_sv: string;
  question_en: ColumnType<string, string | undefined, string>;
  answer_en: ColumnType<string, string | undefined, string>;
  published: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  search_sv: ColumnType<string, never, never>;
  search_en: ColumnType<string, never, never>;
  trgm_sv: ColumnType<string, never, never>;
  trgm_en: ColumnType<string, never, never>;
}

export interface PagesTable {
  id: Generated<number>;
  slug_sv: string;
  slug_en: string;
  title_sv: string;
  title_en: ColumnType<string, string | undefined, string>;
  summary_sv: ColumnType<string, string | undefined, string>;
  summary_en: ColumnType<string, string | undefined, string>;
  body_sv: ColumnType<string, string | undefined, string>;
  body_en: ColumnType<string, string | undefined, string>;
  published: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  search_sv: ColumnType<string, never, never>;
  search_en: ColumnType<string, never, never>;
  trgm_sv: ColumnType<string, never, never>;
  trgm_en: ColumnType<string, never, never>;
}

export interface AccessibilityReportsTable {
  id: Generated<number>;
  created_at: Timestamp;
  page_url: ColumnType<string, string | undefined, string>;
  description: string;
  name: string | null;
  email: string | null;
  locale: 'sv' | 'en';
  status: ColumnType<'new' | 'in_progress' | 'resolved', 'new' | 'in_progress' | 'resolved' | undefined, 'new' | 'in_progress' | 'resolved'>;
}

declare module '../../db/types.ts' {
  interface Database {
    faq_entries: FaqEntriesTable;
    pages: PagesTable;
    accessibility_reports: AccessibilityReportsTable;
  }
}
