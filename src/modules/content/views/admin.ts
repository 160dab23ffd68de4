// Staff views of the content module: FAQ entries, pages and accessibility reports.
import { html, type SafeHtml } from '../../../platform/html.ts';
import { csrfField, errorSummary, notice, selectField, textArea, textField } from '../../../platform/layout.ts';
import { formatDateTime, isoDateTime, type Locale } from '../../../platform/i18n/i18n.ts';
import type { FieldErrors } from '../../../platform/errors.ts';
import { contentMessages } from '../content.messages.ts';
import { FAQ_CATEGORIES } from '../content.seed-data.ts';
import { FAQ_CATEGORY_IDS, LIMITS, REPORT_STATUSES } from '../content.schema.ts';
import type { FaqCategory } from '../content.tables.ts';

type Values = Record<string, string | undefined>;
type Abilities<A extends string> = Record<A, boolean>;
export type Notices = { kind: 'success' | 'warning'; text: string }[];

function notices(list: Notices): SafeHtml {
  return html`${list.map((n) => notice(n.kind, n.text))}`;
}

function statusTag(locale: Locale, published: boolean): SafeHtml {
  const t = contentMessages(locale);
  return published ? html`<span class="tag tag-published">${t.statusPublished}</span>` : html`<span class="tag tag-draft">${t.statusDraft}</span>`;
}

/** A one-button form (publish, unpublish) whose accessible name says what it acts on. */
function actionButton(csrf: string, action: string, label: string, object: string, back: string): SafeHtml {
  return html`<form method="post" action="${action}" class="inline-form">${csrfField(csrf)}<input type="hidden" name="back" value="${back}"><button type="submit" class="button secondary">${label}<span class="visually-hidden">: ${object}</span></button></form>`;
}

/** Publish/unpublish and delete for one entry, named after it for screen readers. */
function entryActions(p: {
  locale: Locale;
  csrf: string;
  base: string;
  entry: { id: number; published: boolean };
  object: string;
  back: string;
  canPublish: boolean;
  canDelete: boolean;
}): SafeHtml {
  const t = contentMessages(p.locale);
  const { id, published } = p.entry;
  return html`<div class="admin-actions">
    ${p.canPublish ? actionButton(p.csrf, `${p.base}/${id}/${published ? 'unpublish' : 'publish'}`, published ? t.unpublish : t.publish, p.object, p.back) : ''}
    ${p.canDelete ? html`<a href="${p.base}/${id}/delete">${t.delete}<span class="visually-hidden">: ${p.object}</span></a>` : ''}
  </div>`;
}

/** The status panel above an edit form: published or draft, a link to the public page, the actions. */
function statusPanel(p: Parameters<typeof entryActions>[0] & { viewHref: string; note?: string | undefined }): SafeHtml {
  const t = contentMessages(p.locale);
  return html`<div class="admin-status">
  <p>${t.colStatus}: ${statusTag(p.locale, p.entry.published)}${p.entry.published ? html` <a href="${p.viewHref}">${t.viewOnSite}</a>` : ''}</p>
  ${p.note ? html`<p>${p.note}</p>` : ''}
  ${entryActions(p)}
</div>`;
}

function languageFieldset(locale: Locale, lang: Locale, fields: SafeHtml[]): SafeHtml {
  const t = contentMessages(locale);
  return html`<fieldset>
    <legend>${t[`languageName_${lang}`].replace(/^./, (c) => c.toUpperCase())}</legend>
    ${fields}
  </fieldset>`;
}

function formButtons(locale: Locale, mode: 'create' | 'edit', cancelHref: string): SafeHtml {
  const t = contentMessages(locale);
  return html`<div class="admin-actions">
    <button type="submit" class="button">${mode === 'create' ? t.create : t.save}</button>
    <a href="${cancelHref}">${t.cancel}</a>
  </div>`;
}

/** A list table, or a sentence when there is nothing to list. */
function listTable<R>(rows: R[], empty: string, headers: string[], row: (r: R) => SafeHtml): SafeHtml {
  if (rows.length === 0) return html`<p>${empty}</p>`;
  return html`<div class="table-scroll"><table class="admin-table">
  <thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
  <tbody>${rows.map(row)}</tbody>
</table></div>`;
}

function missingTag(locale: Locale, missing: boolean): SafeHtml | string {
  return missing ? html` <span class="tag tag-missing" lang="${locale}">${contentMessages(locale).missingTranslation}</span>` : '';
}

export function deleteConfirmView(p: { locale: Locale; csrf: string; action: string; message: string; cancelHref: string; error?: string | undefined }): SafeHtml {
  const t = contentMessages(p.locale);
  return html`${p.error ? notice('warning', p.error) : ''}
<p>${p.message}</p>
<form method="post" action="${p.action}" class="admin-actions">
  ${csrfField(p.csrf)}
  <button type="submit" class="button danger">${t.deleteConfirmButton}</button>
  <a href="${p.cancelHref}">${t.cancel}</a>
</form>`;
}

// ---------- FAQ ----------

export interface FaqListRow {
  id: number;
  slug: string;
  category: FaqCategory;
  position: number;
  question_sv: string;
  question_en: string;
  answer_en: string;
  published: boolean;
}

export function faqListView(p: { locale: Locale; csrf: string; rows: FaqListRow[]; can: Abilities<'faq.create' | 'faq.edit' | 'faq.publish' | 'faq.delete'>; notices: Notices }): SafeHtml {
  const t = contentMessages(p.locale);
  return html`${notices(p.notices)}
${p.can['faq.create'] ? html`<p><a class="button" href="/admin/faq/new">${t.faqNew}</a></p>` : ''}
${listTable(p.rows, t.faqEmpty, [t.colCategory, t.colPosition, t.fieldQuestionSv, t.fieldQuestionEn, t.colStatus, t.colActions], (r) => html`<tr>
    <td>${FAQ_CATEGORIES[r.category][p.locale]}</td>
    <td>${r.position}</td>
    <th scope="row">${p.can['faq.edit'] ? html`<a href="/admin/faq/${r.id}">${r.question_sv}</a>` : r.question_sv}</th>
    <td lang="en">${r.question_en}${missingTag(p.locale, r.question_en === '' || r.answer_en === '')}</td>
    <td>${statusTag(p.locale, r.published)}</td>
    <td>${entryActions({ locale: p.locale, csrf: p.csrf, base: '/admin/faq', entry: r, object: r.question_sv, back: '/admin/faq', canPublish: p.can['faq.publish'], canDelete: p.can['faq.delete'] })}</td>
  </tr>`)}`;
}

export function faqFormView(p: {
  locale: Locale;
  csrf: string;
  mode: 'create' | 'edit';
  action: string;
  values: Values;
  errors?: FieldErrors | undefined;
  entry?: { id: number; slug: string; published: boolean; question_sv: string } | undefined;
  can: Abilities<'faq.publish' | 'faq.delete'>;
  notices: Notices;
}): SafeHtml {
  const t = contentMessages(p.locale);
  const v = p.values;
  const e = p.errors ?? {};
  const labels = {
    question_sv: t.fieldQuestionSv,
    answer_sv: t.fieldAnswerSv,
    question_en: t.fieldQuestionEn,
    answer_en: t.fieldAnswerEn,
    category: t.fieldCategory,
    position: t.fieldPosition,
    slug: t.fieldSlug,
  };
  const entry = p.entry;
  return html`${notices(p.notices)}
${entry
  ? statusPanel({ locale: p.locale, csrf: p.csrf, base: '/admin/faq', entry, object: entry.question_sv, back: `/admin/faq/${entry.id}`, canPublish: p.can['faq.publish'], canDelete: p.can['faq.delete'], viewHref: `/faq#${entry.slug}` })
  : ''}
${errorSummary(p.locale, p.errors, labels)}
<form method="post" action="${p.action}" novalidate class="stack admin-form">
  ${csrfField(p.csrf)}
  ${languageFieldset(p.locale, 'sv', [
    textField({ name: 'question_sv', label: t.fieldQuestionSv, value: v.question_sv, error: e.question_sv, required: true, maxlength: LIMITS.question, lang: 'sv' }),
    textArea({ name: 'answer_sv', label: t.fieldAnswerSv, value: v.answer_sv, error: e.answer_sv, required: true, hint: t.richTextHelp, rows: 10, maxlength: LIMITS.answer, lang: 'sv' }),
  ])}
  ${languageFieldset(p.locale, 'en', [
    textField({ name: 'question_en', label: t.fieldQuestionEn, value: v.question_en, error: e.question_en, hint: t.englishHint, maxlength: LIMITS.question, lang: 'en' }),
    textArea({ name: 'answer_en', label: t.fieldAnswerEn, value: v.answer_en, error: e.answer_en, hint: `${t.englishHint} ${t.richTextHelp}`, rows: 10, maxlength: LIMITS.answer, lang: 'en' }),
  ])}
  ${selectField({
    name: 'category',
    label: t.fieldCategory,
    value: v.category,
    error: e.category,
    options: FAQ_CATEGORY_IDS.map((c) => ({ value: c, label: FAQ_CATEGORIES[c][p.locale] })),
  })}
  ${textField({ name: 'position', label: t.fieldPosition, type: 'number', value: v.position, error: e.position, hint: t.fieldPositionHint })}
  ${textField({ name: 'slug', label: t.fieldSlug, value: v.slug, error: e.slug, hint: p.mode === 'create' ? t.fieldSlugHintCreate : t.fieldSlugHintEdit, required: p.mode === 'edit', maxlength: LIMITS.slug })}
  ${formButtons(p.locale, p.mode, '/admin/faq')}
</form>`;
}

// ---------- pages ----------

export interface PageListRow {
  id: number;
  slug_sv: string;
  slug_en: string;
  title_sv: string;
  title_en: string;
  body_sv: string;
  body_en: string;
  published: boolean;
}

export function pageListView(p: { locale: Locale; csrf: string; rows: PageListRow[]; can: Abilities<'page.create' | 'page.edit' | 'page.publish' | 'page.delete'>; protectedIds: Set<number>; notices: Notices }): SafeHtml {
  const t = contentMessages(p.locale);
  return html`${notices(p.notices)}
${p.can['page.create'] ? html`<p><a class="button" href="/admin/pages/new">${t.pageNew}</a></p>` : ''}
${listTable(p.rows, t.pagesEmpty, [t.fieldTitleSv, t.fieldTitleEn, t.colAddress, t.colStatus, t.colActions], (r) => {
  const locked = p.protectedIds.has(r.id);
  return html`<tr>
    <th scope="row">${p.can['page.edit'] ? html`<a href="/admin/pages/${r.id}">${r.title_sv}</a>` : r.title_sv}</th>
    <td lang="en">${r.title_en}${missingTag(p.locale, r.title_en === '' || (r.body_sv !== '' && r.body_en === ''))}</td>
    <td><code>/sida/${r.slug_sv}</code><br><code>/en/page/${r.slug_en}</code></td>
    <td>${statusTag(p.locale, r.published)}</td>
    <td>${entryActions({ locale: p.locale, csrf: p.csrf, base: '/admin/pages', entry: r, object: r.title_sv, back: '/admin/pages', canPublish: p.can['page.publish'] && !(locked && r.published), canDelete: p.can['page.delete'] && !locked })}</td>
  </tr>`;
})}`;
}

export function pageFormView(p: {
  locale: Locale;
  csrf: string;
  mode: 'create' | 'edit';
  action: string;
  values: Values;
  errors?: FieldErrors | undefined;
  entry?: { id: number; slug_sv: string; published: boolean; title_sv: string; locked: boolean } | undefined;
  can: Abilities<'page.publish' | 'page.delete'>;
  notices: Notices;
}): SafeHtml {
  const t = contentMessages(p.locale);
  const v = p.values;
  const e = p.errors ?? {};
  const labels = {
    title_sv: t.fieldTitleSv,
    slug_sv: t.fieldSlugSv,
    summary_sv: t.fieldSummarySv,
    body_sv: t.fieldBodySv,
    title_en: t.fieldTitleEn,
    slug_en: t.fieldSlugEn,
    summary_en: t.fieldSummaryEn,
    body_en: t.fieldBodyEn,
  };
  const entry = p.entry;
  return html`${notices(p.notices)}
${entry
  ? statusPanel({
      locale: p.locale,
      csrf: p.csrf,
      base: '/admin/pages',
      entry,
      object: entry.title_sv,
      back: `/admin/pages/${entry.id}`,
      canPublish: p.can['page.publish'] && !(entry.locked && entry.published),
      canDelete: p.can['page.delete'] && !entry.locked,
      viewHref: `/sida/${entry.slug_sv}`,
      note: entry.locked ? t.errProtected : undefined,
    })
  : ''}
${errorSummary(p.locale, p.errors, labels)}
<form method="post" action="${p.action}" novalidate class="stack admin-form">
  ${csrfField(p.csrf)}
  ${languageFieldset(p.locale, 'sv', [
    textField({ name: 'title_sv', label: t.fieldTitleSv, value: v.title_sv, error: e.title_sv, required: true, maxlength: LIMITS.title, lang: 'sv' }),
    textField({ name: 'slug_sv', label: t.fieldSlugSv, value: v.slug_sv, error: e.slug_sv, hint: t.fieldSlugSvHint, required: p.mode === 'edit', maxlength: LIMITS.slug }),
    textArea({ name: 'summary_sv', label: t.fieldSummarySv, value: v.summary_sv, error: e.summary_sv, hint: t.fieldSummaryHint, rows: 3, maxlength: LIMITS.summary, lang: 'sv' }),
    textArea({ name: 'body_sv', label: t.fieldBodySv, value: v.body_sv, error: e.body_sv, hint: t.richTextHelp, rows: 16, maxlength: LIMITS.body, lang: 'sv' }),
  ])}
  ${languageFieldset(p.locale, 'en', [
    textField({ name: 'title_en', label: t.fieldTitleEn, value: v.title_en, error: e.title_en, hint: t.englishHint, maxlength: LIMITS.title, lang: 'en' }),
    textField({ name: 'slug_en', label: t.fieldSlugEn, value: v.slug_en, error: e.slug_en, hint: t.fieldSlugEnHint, required: p.mode === 'edit', maxlength: LIMITS.slug }),
    textArea({ name: 'summary_en', label: t.fieldSummaryEn, value: v.summary_en, error: e.summary_en, hint: t.fieldSummaryHint, rows: 3, maxlength: LIMITS.summary, lang: 'en' }),
    textArea({ name: 'body_en', label: t.fieldBodyEn, value: v.body_en, error: e.body_en, hint: `${t.englishHint} ${t.richTextHelp}`, rows: 16, maxlength: LIMITS.body, lang: 'en' }),
  ])}
  ${formButtons(p.locale, p.mode, '/admin/pages')}
</form>`;
}

// ---------- accessibility reports ----------

export interface ReportRow {
  id: number;
  created_at: Date;
  page_url: string;
  description: string;
  name: string | null;
  email: string | null;
  locale: Locale;
  status: (typeof REPORT_STATUSES)[number];
}

export function reportsView(p: { locale: Locale; csrf: string; rows: ReportRow[]; filter: string | undefined; canUpdate: boolean; notices: Notices }): SafeHtml {
  const t = contentMessages(p.locale);
  const statusLabel = (s: ReportRow['status']) => t[`reportStatus_${s}`];
  return html`${notices(p.notices)}
<form method="get" action="/admin/accessibility-reports" class="search-form">
  ${selectField({
    name: 'status',
    label: t.reportFilter,
    value: p.filter ?? '',
    options: [{ value: '', label: t.reportFilterAll }, ...REPORT_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))],
  })}
  <button type="submit" class="button secondary">${t.reportFilterButton}</button>
</form>
${p.rows.length === 0
  ? html`<p>${t.reportsEmpty}</p>`
  : html`<div class="table-scroll"><table class="admin-table">
  <thead><tr>
    <th scope="col">${t.colReceived}</th>
    <th scope="col">${t.colPage}</th>
    <th scope="col">${t.colDescription}</th>
    <th scope="col">${t.colReporter}</th>
    <th scope="col">${t.colLanguage}</th>
    <th scope="col">${t.colStatus}</th>
  </tr></thead>
  <tbody>
  ${p.rows.map(
    (r) => html`<tr id="report-${r.id}">
    <th scope="row"><time datetime="${isoDateTime(r.created_at)}">${formatDateTime(r.created_at, p.locale)}</time><br><span class="muted">#${r.id}</span></th>
    <td class="break">${r.page_url || '–'}</td>
    <td class="report-description">${r.description}</td>
    <td>${r.name ?? ''}${r.email ? html`<br><a href="mailto:${r.email}">${r.email}</a>` : ''}${!r.name && !r.email ? '–' : ''}</td>
    <td>${t[`languageName_${r.locale}`]}</td>
    <td>
      <p><span class="tag">${statusLabel(r.status)}</span></p>
      ${p.canUpdate
        ? html`<form method="post" action="/admin/accessibility-reports/${r.id}/status" class="admin-actions">
        ${csrfField(p.csrf)}
        <label for="status-${r.id}" class="visually-hidden">${t.reportStatusFor(r.id)}</label>
        <select id="status-${r.id}" name="status">
          ${REPORT_STATUSES.map((s) => html`<option value="${s}"${s === r.status ? html` selected` : ''}>${statusLabel(s)}</option>`)}
        </select>
        <button type="submit" class="button secondary">${t.reportChangeStatus}<span class="visually-hidden"> ${t.reportChangeStatusFor(r.id)}</span></button>
      </form>`
        : ''}
    </td>
  </tr>`,
  )}
  </tbody>
</table></div>`}`;
}
