// Input and output schemas for the content module. Imports nothing of ours.
import { Type } from '@sinclair/typebox';

export const SearchQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) });

export const AccessibilityReportForm = Type.Object({
  page_url: Type.Optional(Type.String({ maxLength: 500 })),
  description: Type.String({ minLength: 1, maxLength: 5000 }),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  email: Type.Optional(Type.String({ maxLength: 254, format: 'email' })),
});

// ---------- limits shared by forms, the API and the commands (the database checks the same) ----------

export const LIMITS = {
  slug: 100,
  question: 300,
  answer: 20000,
  title: 200,
  summary: 500,
  body: 50000,
  position: 1_000_000,
} as const;

/** Lowercase a–z, digits and single hyphens: safe in a URL and as an HTML id. */
export const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
export const FAQ_CATEGORY_IDS = ['about', 'expo', 'collaboration', 'money'] as const;
export const REPORT_STATUSES = ['new', 'in_progress', 'resolved'] as const;

const Category = Type.Union(FAQ_CATEGORY_IDS.map((c) => Type.Literal(c)));
const Position = Type.Integer({ minimum: 0, maximum: LIMITS.position });
const Slug = Type.String({ minLength: 1, maxLength: LIMITS.slug, pattern: SLUG_PATTERN });

// ---------- admin forms (parsed with parseForm: strings trimmed, empty optional fields dropped) ----------

const faqFormFields = {
  category: Category,
  question_sv: Type.String({ minLength: 1, maxLength: LIMITS.question }),
  answer_sv: Type.String({ minLength: 1, maxLength: LIMITS.answer }),
  question_en: Type.Optional(Type.String({ maxLength: LIMITS.question })),
  answer_en: Type.Optional(Type.String({ maxLength: LIMITS.answer })),
};
/** On create the anchor may be left empty (it is made from the Swedish question) and the position too (last in its category). */
export const FaqCreateForm = Type.Object({ ...faqFormFields, slug: Type.Optional(Slug), position: Type.Optional(Position) });
export const FaqEditForm = Type.Object({ ...faqFormFields, slug: Slug, position: Position });

const pageFormFields = {
  title_sv: Type.String({ minLength: 1, maxLength: LIMITS.title }),
  title_en: Type.Optional(Type.String({ maxLength: LIMITS.title })),
  summary_sv: Type.Optional(Type.String({ maxLength: LIMITS.summary })),
  summary_en: Type.Optional(Type.String({ maxLength: LIMITS.summary })),
  body_sv: Type.Optional(Type.String({ maxLength: LIMITS.body })),
  body_en: Type.Optional(Type.String({ maxLength: LIMITS.body })),
};
export const PageCreateForm = Type.Object({ ...pageFormFields, slug_sv: Type.Optional(Slug), slug_en: Type.Optional(Slug) });
export const PageEditForm = Type.Object({ ...pageFormFields, slug_sv: Slug, slug_en: Slug });

export const ReportStatusForm = Type.Object({ status: Type.Union(REPORT_STATUSES.map((s) => Type.Literal(s))) });
export const ReportListQuery = Type.Object({ status: Type.Optional(Type.Union(REPORT_STATUSES.map((s) => Type.Literal(s)))) });

// ---------- /api/v1 ----------

export const LangQuery = Type.Object(
  { lang: Type.Optional(Type.Union([Type.Literal('sv'), Type.Literal('en')], { description: 'Language of the texts; default sv. English falls back to Swedish where a translation is missing.' })) },
);
export const SlugParams = Type.Object({ slug: Type.String({ description: 'The stable anchor (FAQ) or the Swedish or English slug (pages)' }) });

const Timestamp = Type.String({ format: 'date-time' });
const Lang = Type.Union([Type.Literal('sv'), Type.Literal('en')]);

export const FaqPublic = Type.Object(
  {
    slug: Type.String({ description: 'Stable anchor of the answer on /faq' }),
    category: Category,
    position: Type.Integer(),
    lang: Lang,
    question: Type.String(),
    answer: Type.String({ description: 'The answer in the site\'s rich-text format' }),
    answer_html: Type.String({ description: 'The answer rendered as HTML' }),
    translated: Type.Boolean({ description: 'false when lang=en and the English text is missing, so Swedish is shown' }),
    url: Type.String(),
    updated_at: Timestamp,
  },
  { title: 'FaqPublic' },
);

export const FaqEntry = Type.Object(
  {
    id: Type.Integer(),
    slug: Type.String(),
    category: Category,
    position: Type.Integer(),
    question_sv: Type.String(),
    answer_sv: Type.String(),
    question_en: Type.String(),
    answer_en: Type.String(),
    published: Type.Boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { title: 'FaqEntry' },
);

const faqBodyFields = {
  slug: Type.Optional(Slug),
  category: Category,
  position: Type.Optional(Position),
  question_sv: Type.String({ minLength: 1, maxLength: LIMITS.question }),
  answer_sv: Type.String({ minLength: 1, maxLength: LIMITS.answer, description: 'Rich-text format: blank lines between paragraphs, "## " headings, "- " list items, **bold**, [text](https://…)' }),
  question_en: Type.Optional(Type.String({ maxLength: LIMITS.question })),
  answer_en: Type.Optional(Type.String({ maxLength: LIMITS.answer })),
  published: Type.Optional(Type.Boolean({ description: 'Needs the right to publish; default false (a draft)' })),
};
export const FaqCreateBody = Type.Object(faqBodyFields, { additionalProperties: false });
export const FaqPatchBody = Type.Partial(FaqCreateBody, { additionalProperties: false, minProperties: 1 });

export const PagePublic = Type.Object(
  {
    slug: Type.String({ description: 'The slug in the requested language' }),
    slug_sv: Type.String(),
    slug_en: Type.String(),
    lang: Lang,
    title: Type.String(),
    summary: Type.String(),
    body: Type.String({ description: 'The body in the site\'s rich-text format' }),
    body_html: Type.String(),
    translated: Type.Boolean(),
    url: Type.String(),
    updated_at: Timestamp,
  },
  { title: 'PagePublic' },
);

export const PageEntry = Type.Object(
  {
    id: Type.Integer(),
    slug_sv: Type.String(),
    slug_en: Type.String(),
    title_sv: Type.String(),
    title_en: Type.String(),
    summary_sv: Type.String(),
    summary_en: Type.String(),
    body_sv: Type.String(),
    body_en: Type.String(),
    published: Type.Boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { title: 'PageEntry' },
);

const pageBodyFields = {
  slug_sv: Type.Optional(Slug),
  slug_en: Type.Optional(Slug),
  title_sv: Type.String({ minLength: 1, maxLength: LIMITS.title }),
  title_en: Type.Optional(Type.String({ maxLength: LIMITS.title })),
  summary_sv: Type.Optional(Type.String({ maxLength: LIMITS.summary })),
  summary_en: Type.Optional(Type.String({ maxLength: LIMITS.summary })),
  body_sv: Type.Optional(Type.String({ maxLength: LIMITS.body })),
  body_en: Type.Optional(Type.String({ maxLength: LIMITS.body })),
  published: Type.Optional(Type.Boolean()),
};
export const PageCreateBody = Type.Object(pageBodyFields, { additionalProperties: false });
export const PagePatchBody = Type.Partial(PageCreateBody, { additionalProperties: false, minProperties: 1 });
