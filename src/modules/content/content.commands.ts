// Writes of the content module: one transaction each, authorized by the content policy, audited
// (before → after) and followed by a render-cache invalidation so the public site changes at once.
import { sql, type Selectable } from 'kysely';
import type { Db, Tx } from '../../db/db.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { contentMessages, type FieldIssues } from './content.messages.ts';
import { contentPolicy } from './content.policy.ts';
import { FAQ_CATEGORY_IDS, LIMITS, SLUG_PATTERN } from './content.schema.ts';
import { ACCESSIBILITY_SLUG } from './content.seed-pages.ts';
import type { FaqCategory, FaqEntriesTable, PagesTable } from './content.tables.ts';

export interface AccessibilityReportInput {
  page_url?: string | undefined;
  description: string;
  name?: string | undefined;
  email?: string | undefined;
}

/** Stores the report and mails it to the programme team (or the admins, when there is no team yet). */
export async function reportAccessibilityProblem(ctx: AppContext, locale: Locale, input: AccessibilityReportInput): Promise<{ outcome: 'ok'; id: number }> {
  const row = await ctx.db
    .insertInto('accessibility_reports')
    .values({ page_url: input.page_url ?? '', description: input.description, name: input.name ?? null, email: input.email ?? null, locale })
    .returning('id')
    .executeTakeFirstOrThrow();
  let recipients = await ctx.db.selectFrom('users').select('email').where(sql<boolean>`global_roles @> ARRAY['programme_team']::text[]`).where('disabled_at', 'is', null).execute();
  if (recipients.length === 0) {
    recipients = await ctx.db.selectFrom('users').select('email').where(sql<boolean>`global_roles @> ARRAY['admin']::text[]`).where('disabled_at', 'is', null).execute();
  }
  const t = contentMessages('sv');
  const text = [
    `Rapport #${row.id} (${locale})`,
    `Sida: ${input.page_url || '–'}`,
    `Namn: ${input.name || '–'}`,
    `E-post: ${input.email || '–'}`,
    '',
    input.description,
  ].join('\n');
  for (const r of recipients) {
    await ctx.mail.send({ to: r.email, subject: `${t.reportMailSubject} (#${row.id})`, text });
  }
  return { outcome: 'ok', id: row.id };
}

// ---------- shared helpers ----------

const slugRe = new RegExp(SLUG_PATTERN);

/** Text as stored: no NUL (PostgreSQL refuses it), \n line ends, no surrounding blanks. */
function clean(s: string | undefined): string {
  return (s ?? '').replace(/\u0000/g, '').replace(/\r\n?/g, '\n').trim();
}

/** "Vad är H22?" → "vad-ar-h22": the same transliteration the seed's anchors use. */
export function slugify(s: string, fallback: string): string {
  const slug = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return slug || fallback;
}

function checkText(issues: FieldIssues, field: string, value: string, opts: { required?: boolean; max: number }) {
  if (opts.required && value === '') issues[field] = { code: 'required' };
  else if (value.length > opts.max) issues[field] = { code: 'too_long', max: opts.max };
}

function checkSlug(issues: FieldIssues, field: string, value: string) {
  if (value === '') issues[field] = { code: 'required' };
  else if (value.length > LIMITS.slug) issues[field] = { code: 'too_long', max: LIMITS.slug };
  else if (!slugRe.test(value)) issues[field] = { code: 'slug_format' };
}

/** The first free slug among base, base-2, base-3 … in a column. */
async function freeSlug(trx: Tx, table: 'faq_entries' | 'pages', column: 'slug' | 'slug_sv' | 'slug_en', base: string): Promise<string> {
  const taken = new Set(
    (await sql<{ s: string }>`SELECT ${sql.ref(column)} AS s FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${base} OR ${sql.ref(column)} LIKE ${base + '-%'}`.execute(trx)).rows.map((r) => r.s),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

function isUniqueViolation(e: unknown, constraint: string): boolean {
  const err = e as { code?: string; constraint?: string };
  return err?.code === '23505' && err.constraint === constraint;
}

export type WriteOutcome<T> =
  | { outcome: 'ok'; entry: T; slugChanged?: { from: string; to: string } | undefined }
  | { outcome: 'invalid'; issues: FieldIssues }
  | { outcome: 'not_found' };

// ---------- FAQ entries ----------

export type FaqRow = Omit<Selectable<FaqEntriesTable>, 'search_sv' | 'search_en' | 'trgm_sv' | 'trgm_en'>;
const FAQ_COLUMNS = ['id', 'slug', 'category', 'position', 'question_sv', 'answer_sv', 'question_en', 'answer_en', 'published', 'created_at', 'updated_at'] as const;

export interface FaqInput {
  slug?: string | undefined;
  category: FaqCategory;
  position?: number | undefined;
  question_sv: string;
  answer_sv: string;
  question_en?: string | undefined;
  answer_en?: string | undefined;
  published?: boolean | undefined;
}
export type FaqPatch = Partial<FaqInput>;

/** What the audit log records of an entry (no timestamps or search columns). */
function faqFields(r: FaqRow) {
  return { slug: r.slug, category: r.category, position: r.position, question_sv: r.question_sv, answer_sv: r.answer_sv, question_en: r.question_en, answer_en: r.answer_en, published: r.published };
}

function checkFaq(v: ReturnType<typeof faqFields>): FieldIssues {
  const issues: FieldIssues = {};
  checkSlug(issues, 'slug', v.slug);
  if (!(FAQ_CATEGORY_IDS as readonly string[]).includes(v.category)) issues.category = { code: 'invalid_choice' };
  if (!Number.isInteger(v.position) || v.position < 0 || v.position > LIMITS.position) issues.position = { code: 'invalid_number' };
  checkText(issues, 'question_sv', v.question_sv, { required: true, max: LIMITS.question });
  checkText(issues, 'answer_sv', v.answer_sv, { required: true, max: LIMITS.answer });
  checkText(issues, 'question_en', v.question_en, { max: LIMITS.question });
  checkText(issues, 'answer_en', v.answer_en, { max: LIMITS.answer });
  return issues;
}

async function faqSlugTaken(trx: Tx, slug: string, exceptId?: number): Promise<boolean> {
  let q = trx.selectFrom('faq_entries').select('id').where('slug', '=', slug);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
}

function invalidateFaq(ctx: AppContext) {
  // Every cached /faq, /en/faq and /api/v1/faq response carries the 'faq' tag; search is never cached.
  ctx.cache.invalidate('faq');
}

export async function createFaq(ctx: AppContext, actor: Actor, input: FaqInput): Promise<WriteOutcome<FaqRow>> {
  contentPolicy.authorize(actor, 'faq.create', undefined);
  if (input.published) contentPolicy.authorize(actor, 'faq.publish', undefined);
  const out = await ctx.db.transaction().execute(async (trx): Promise<WriteOutcome<FaqRow>> => {
    const question_sv = clean(input.question_sv);
    const explicitSlug = input.slug !== undefined && clean(input.slug) !== '';
    const slug = explicitSlug ? clean(input.slug) : await freeSlug(trx, 'faq_entries', 'slug', slugify(question_sv, 'fraga'));
    let position = input.position;
    if (position === undefined) {
      const max = await trx.selectFrom('faq_entries').select((eb) => eb.fn.max('position').as('m')).where('category', '=', input.category).executeTakeFirst();
      position = Math.min(Number(max?.m ?? 0) + 10, LIMITS.position);
    }
    const values = {
      slug,
      category: input.category,
      position,
      question_sv,
      answer_sv: clean(input.answer_sv),
      question_en: clean(input.question_en),
      answer_en: clean(input.answer_en),
      published: input.published ?? false,
    };
    const issues = checkFaq(values);
    if (!issues.slug && (await faqSlugTaken(trx, slug))) issues.slug = { code: 'slug_taken' };
    if (Object.keys(issues).length) return { outcome: 'invalid', issues };
    const row = await trx.insertInto('faq_entries').values(values).returning(FAQ_COLUMNS).executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'faq.create', entityType: 'faq_entry', entityId: row.id, after: faqFields(row) });
    return { outcome: 'ok', entry: row };
  }).catch((e: unknown): WriteOutcome<FaqRow> => {
    // Two staff members creating the same anchor at the same moment: the loser gets a field message.
    if (isUniqueViolation(e, 'faq_entries_slug_key')) return { outcome: 'invalid', issues: { slug: { code: 'slug_taken' } } };
    throw e;
  });
  if (out.outcome === 'ok') invalidateFaq(ctx);
  return out;
}

export async function updateFaq(ctx: AppContext, actor: Actor, id: number, patch: FaqPatch): Promise<WriteOutcome<FaqRow>> {
  contentPolicy.authorize(actor, 'faq.edit', undefined);
  if (patch.published !== undefined) contentPolicy.authorize(actor, 'faq.publish', undefined);
  const out = await ctx.db.transaction().execute(async (trx): Promise<WriteOutcome<FaqRow>> => {
    const before = await trx.selectFrom('faq_entries').select(FAQ_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) return { outcome: 'not_found' };
    const old = faqFields(before);
    const next = { ...old };
    if (patch.slug !== undefined) next.slug = clean(patch.slug);
    if (patch.category !== undefined) next.category = patch.category;
    if (patch.position !== undefined) next.position = patch.position;
    if (patch.question_sv !== undefined) next.question_sv = clean(patch.question_sv);
    if (patch.answer_sv !== undefined) next.answer_sv = clean(patch.answer_sv);
    if (patch.question_en !== undefined) next.question_en = clean(patch.question_en);
    if (patch.answer_en !== undefined) next.answer_en = clean(patch.answer_en);
    if (patch.published !== undefined) next.published = patch.published;
    const issues = checkFaq(next);
    if (!issues.slug && next.slug !== old.slug && (await faqSlugTaken(trx, next.slug, id))) issues.slug = { code: 'slug_taken' };
    if (Object.keys(issues).length) return { outcome: 'invalid', issues };
    const changes = diff(old, next);
    if (Object.keys(changes.after).length === 0) return { outcome: 'ok', entry: before };
    const row = await trx.updateTable('faq_entries').set({ ...changes.after, updated_at: sql`now()` }).where('id', '=', id).returning(FAQ_COLUMNS).executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'faq.update', entityType: 'faq_entry', entityId: id, ...changes });
    return { outcome: 'ok', entry: row, slugChanged: next.slug !== old.slug ? { from: old.slug, to: next.slug } : undefined };
  }).catch((e: unknown): WriteOutcome<FaqRow> => {
    if (isUniqueViolation(e, 'faq_entries_slug_key')) return { outcome: 'invalid', issues: { slug: { code: 'slug_taken' } } };
    throw e;
  });
  if (out.outcome === 'ok') invalidateFaq(ctx);
  return out;
}

export async function setFaqPublished(ctx: AppContext, actor: Actor, id: number, published: boolean): Promise<{ outcome: 'ok'; entry: FaqRow } | { outcome: 'not_found' }> {
  contentPolicy.authorize(actor, 'faq.publish', undefined);
  const out = await ctx.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('faq_entries').select(FAQ_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) return { outcome: 'not_found' as const };
    if (before.published === published) return { outcome: 'ok' as const, entry: before };
    const row = await trx.updateTable('faq_entries').set({ published, updated_at: sql`now()` }).where('id', '=', id).returning(FAQ_COLUMNS).executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: published ? 'faq.publish' : 'faq.unpublish', entityType: 'faq_entry', entityId: id, before: { published: before.published }, after: { published } });
    return { outcome: 'ok' as const, entry: row };
  });
  if (out.outcome === 'ok') invalidateFaq(ctx);
  return out;
}

export async function deleteFaq(ctx: AppContext, actor: Actor, id: number): Promise<{ outcome: 'ok' } | { outcome: 'not_found' }> {
  contentPolicy.authorize(actor, 'faq.delete', undefined);
  const out = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx.deleteFrom('faq_entries').where('id', '=', id).returning(FAQ_COLUMNS).executeTakeFirst();
    if (!row) return { outcome: 'not_found' as const };
    await recordAudit(trx, actor, { action: 'faq.delete', entityType: 'faq_entry', entityId: id, before: faqFields(row) });
    return { outcome: 'ok' as const };
  });
  if (out.outcome === 'ok') invalidateFaq(ctx);
  return out;
}

// ---------- pages ----------

export type PageRow = Omit<Selectable<PagesTable>, 'search_sv' | 'search_en' | 'trgm_sv' | 'trgm_en'>;
const PAGE_COLUMNS = ['id', 'slug_sv', 'slug_en', 'title_sv', 'title_en', 'summary_sv', 'summary_en', 'body_sv', 'body_en', 'published', 'created_at', 'updated_at'] as const;

export interface PageInput {
  slug_sv?: string | undefined;
  slug_en?: string | undefined;
  title_sv: string;
  title_en?: string | undefined;
  summary_sv?: string | undefined;
  summary_en?: string | undefined;
  body_sv?: string | undefined;
  body_en?: string | undefined;
  published?: boolean | undefined;
}
export type PagePatch = Partial<PageInput>;

function pageFields(r: PageRow) {
  return { slug_sv: r.slug_sv, slug_en: r.slug_en, title_sv: r.title_sv, title_en: r.title_en, summary_sv: r.summary_sv, summary_en: r.summary_en, body_sv: r.body_sv, body_en: r.body_en, published: r.published };
}

function checkPage(v: ReturnType<typeof pageFields>): FieldIssues {
  const issues: FieldIssues = {};
  checkSlug(issues, 'slug_sv', v.slug_sv);
  checkSlug(issues, 'slug_en', v.slug_en);
  checkText(issues, 'title_sv', v.title_sv, { required: true, max: LIMITS.title });
  checkText(issues, 'title_en', v.title_en, { max: LIMITS.title });
  checkText(issues, 'summary_sv', v.summary_sv, { max: LIMITS.summary });
  checkText(issues, 'summary_en', v.summary_en, { max: LIMITS.summary });
  checkText(issues, 'body_sv', v.body_sv, { max: LIMITS.body });
  checkText(issues, 'body_en', v.body_en, { max: LIMITS.body });
  return issues;
}

async function pageSlugTaken(db: Db | Tx, column: 'slug_sv' | 'slug_en', slug: string, exceptId?: number): Promise<boolean> {
  let q = db.selectFrom('pages').select('id').where(column, '=', slug);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
}

/** The accessibility statement is required by law: it must stay published at its address. */
export function isProtectedPage(p: { slug_sv: string }): boolean {
  return p.slug_sv === ACCESSIBILITY_SLUG.sv;
}

function invalidatePage(ctx: AppContext, id: number) {
  // /sida/:slug and /en/page/:slug carry `page:<id>`; every /api/v1/pages response carries 'pages'.
  ctx.cache.invalidate('pages', `page:${id}`);
}

function pageUniqueIssue(e: unknown): FieldIssues | undefined {
  if (isUniqueViolation(e, 'pages_slug_sv_key')) return { slug_sv: { code: 'page_slug_taken' } };
  if (isUniqueViolation(e, 'pages_slug_en_key')) return { slug_en: { code: 'page_slug_taken' } };
  return undefined;
}

export async function createPage(ctx: AppContext, actor: Actor, input: PageInput): Promise<WriteOutcome<PageRow>> {
  contentPolicy.authorize(actor, 'page.create', undefined);
  if (input.published) contentPolicy.authorize(actor, 'page.publish', undefined);
  const out = await ctx.db.transaction().execute(async (trx): Promise<WriteOutcome<PageRow>> => {
    const title_sv = clean(input.title_sv);
    const title_en = clean(input.title_en);
    const svGiven = clean(input.slug_sv) !== '';
    const enGiven = clean(input.slug_en) !== '';
    const slug_sv = svGiven ? clean(input.slug_sv) : await freeSlug(trx, 'pages', 'slug_sv', slugify(title_sv, 'sida'));
    const slug_en = enGiven ? clean(input.slug_en) : await freeSlug(trx, 'pages', 'slug_en', title_en ? slugify(title_en, 'page') : slug_sv);
    const values = {
      slug_sv,
      slug_en,
      title_sv,
      title_en,
      summary_sv: clean(input.summary_sv),
      summary_en: clean(input.summary_en),
      body_sv: clean(input.body_sv),
      body_en: clean(input.body_en),
      published: input.published ?? false,
    };
    const issues = checkPage(values);
    if (!issues.slug_sv && (await pageSlugTaken(trx, 'slug_sv', slug_sv))) issues.slug_sv = { code: 'page_slug_taken' };
    if (!issues.slug_en && (await pageSlugTaken(trx, 'slug_en', slug_en))) issues.slug_en = { code: 'page_slug_taken' };
    if (Object.keys(issues).length) return { outcome: 'invalid', issues };
    const row = await trx.insertInto('pages').values(values).returning(PAGE_COLUMNS).executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'page.create', entityType: 'page', entityId: row.id, after: pageFields(row) });
    return { outcome: 'ok', entry: row };
  }).catch((e: unknown): WriteOutcome<PageRow> => {
    const issues = pageUniqueIssue(e);
    if (issues) return { outcome: 'invalid', issues };
    throw e;
  });
  if (out.outcome === 'ok') invalidatePage(ctx, out.entry.id);
  return out;
}

export async function updatePage(ctx: AppContext, actor: Actor, id: number, patch: PagePatch): Promise<WriteOutcome<PageRow>> {
  contentPolicy.authorize(actor, 'page.edit', undefined);
  if (patch.published !== undefined) contentPolicy.authorize(actor, 'page.publish', undefined);
  const out = await ctx.db.transaction().execute(async (trx): Promise<WriteOutcome<PageRow>> => {
    const before = await trx.selectFrom('pages').select(PAGE_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) return { outcome: 'not_found' };
    const old = pageFields(before);
    const next = { ...old };
    for (const k of ['slug_sv', 'slug_en', 'title_sv', 'title_en', 'summary_sv', 'summary_en', 'body_sv', 'body_en'] as const) {
      if (patch[k] !== undefined) next[k] = clean(patch[k]);
    }
    if (patch.published !== undefined) next.published = patch.published;
    const issues = checkPage(next);
    if (isProtectedPage(old)) {
      if (next.slug_sv !== old.slug_sv) issues.slug_sv = { code: 'protected' };
      if (next.slug_en !== old.slug_en) issues.slug_en = { code: 'protected' };
      if (!next.published && old.published) issues.published = { code: 'protected' };
    }
    if (!issues.slug_sv && next.slug_sv !== old.slug_sv && (await pageSlugTaken(trx, 'slug_sv', next.slug_sv, id))) issues.slug_sv = { code: 'page_slug_taken' };
    if (!issues.slug_en && next.slug_en !== old.slug_en && (await pageSlugTaken(trx, 'slug_en', next.slug_en, id))) issues.slug_en = { code: 'page_slug_taken' };
    if (Object.keys(issues).length) return { outcome: 'invalid', issues };
    const changes = diff(old, next);
    if (Object.keys(changes.after).length === 0) return { outcome: 'ok', entry: before };
    const row = await trx.updateTable('pages').set({ ...changes.after, updated_at: sql`now()` }).where('id', '=', id).returning(PAGE_COLUMNS).executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'page.update', entityType: 'page', entityId: id, ...changes });
    return { outcome: 'ok', entry: row, slugChanged: next.slug_sv !== old.slug_sv ? { from: old.slug_sv, to: next.slug_sv } : undefined };
  }).catch((e: unknown): WriteOutcome<PageRow> => {
    const issues = pageUniqueIssue(e);
    if (issues) return { outcome: 'invalid', issues };
    throw e;
  });
  if (out.outcome === 'ok') invalidatePage(ctx, id);
  return out;
}

export async function setPagePublished(ctx: AppContext, actor: Actor, id: number, published: boolean): Promise<{ outcome: 'ok'; entry: PageRow } | { outcome: 'not_found' } | { outcome: 'protected' }> {
  contentPolicy.authorize(actor, 'page.publish', undefined);
  const out = await ctx.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('pages').select(PAGE_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) return { outcome: 'not_found' as const };
    if (before.published === published) return { outcome: 'ok' as const, entry: before };
    if (!published && isProtectedPage(before)) return { outcome: 'protected' as const };
    const row = await trx.updateTable('pages').set({ published, updated_at: sql`now()` }).where('id', '=', id).returning(PAGE_COLUMNS).executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: published ? 'page.publish' : 'page.unpublish', entityType: 'page', entityId: id, before: { published: before.published }, after: { published } });
    return { outcome: 'ok' as const, entry: row };
  });
  if (out.outcome === 'ok') invalidatePage(ctx, id);
  return out;
}

export async function deletePage(ctx: AppContext, actor: Actor, id: number): Promise<{ outcome: 'ok' } | { outcome: 'not_found' } | { outcome: 'protected' }> {
  contentPolicy.authorize(actor, 'page.delete', undefined);
  const out = await ctx.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('pages').select(PAGE_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) return { outcome: 'not_found' as const };
    if (isProtectedPage(before)) return { outcome: 'protected' as const };
    await trx.deleteFrom('pages').where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'page.delete', entityType: 'page', entityId: id, before: pageFields(before) });
    return { outcome: 'ok' as const };
  });
  if (out.outcome === 'ok') invalidatePage(ctx, id);
  return out;
}

// ---------- accessibility reports ----------

export type ReportStatus = 'new' | 'in_progress' | 'resolved';

export async function setReportStatus(ctx: AppContext, actor: Actor, id: number, status: ReportStatus): Promise<{ outcome: 'ok' } | { outcome: 'not_found' }> {
  contentPolicy.authorize(actor, 'report.update', undefined);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('accessibility_reports').select(['id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) return { outcome: 'not_found' as const };
    if (before.status === status) return { outcome: 'ok' as const };
    await trx.updateTable('accessibility_reports').set({ status }).where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'accessibility_report.status', entityType: 'accessibility_report', entityId: id, before: { status: before.status }, after: { status } });
    return { outcome: 'ok' as const };
  });
}
