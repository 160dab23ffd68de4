// Public views of the content module.
import { html, jsonLd, richText, richTextToPlain, type SafeHtml } from '../../../platform/html.ts';
import { csrfField, errorSummary, lp, notice, textArea, textField } from '../../../platform/layout.ts';
import { formatNumber, type Locale } from '../../../platform/i18n/i18n.ts';
import type { FieldErrors } from '../../../platform/errors.ts';
import type { SearchHit } from '../../../platform/search.ts';
import { contentMessages } from '../content.messages.ts';
import { FAQ_CATEGORIES, FAQ_INTRO } from '../content.seed-data.ts';
import type { FaqCategory } from '../content.tables.ts';

export interface FaqItem {
  slug: string;
  category: FaqCategory;
  question: string;
  answer: string;
  /** Set when the English page shows the Swedish text because the translation is missing. */
  questionLang?: Locale | undefined;
  answerLang?: Locale | undefined;
}

/** `about` is the published "About H22" page, if the installation has it (the demo does; staff may remove it). */
export function homeView(locale: Locale, about?: { slug_sv: string; slug_en: string }): SafeHtml {
  const t = contentMessages(locale);
  const n = (v: number, digits = 0) => formatNumber(v, locale, { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const numbers: [string, string][] = [
    [n(250), t.numTotal],
    [n(132), t.numInnovation],
    [n(118), t.numExpo],
    [n(32.8, 1), t.numResult],
    [n(35), t.numDays],
    [n(17), t.numGoals],
  ];
  return html`
<p class="lead">${t.homeLead}</p>
<h2>${t.partsTitle}</h2>
<div class="cards">
  <section class="card"><h3>${t.partInnovationTitle}</h3><p>${t.partInnovationBody}</p><p><a href="${lp(locale, '/initiativ', '/initiatives')}">${t.partInnovationTitle} →</a></p></section>
  <section class="card"><h3>${t.partExpoTitle}</h3><p>${t.partExpoBody}</p><p><a href="${lp(locale, '/program')}">${t.partExpoTitle} →</a></p></section>
  <section class="card"><h3>${t.partnersTitle}</h3><p>${t.partnersBody}</p><p><a href="${lp(locale, '/faq')}#bli-partner">${t.partnersTitle} →</a></p></section>
</div>
<h2 id="h22-i-siffror">${t.numbersTitle}</h2>
<ul class="numbers">
  ${numbers.map(([v, label]) => html`<li><span class="number">${v}</span> <span class="number-label">${label}</span></li>`)}
</ul>
<p><a class="button" href="${lp(locale, '/faq')}">${t.readFaq}</a>${about ? html` <a href="${lp(locale, `/sida/${about.slug_sv}`, `/page/${about.slug_en}`)}">${t.readAbout}</a>` : ''}</p>`;
}

export function faqView(locale: Locale, items: FaqItem[], pageUrl: string): { body: SafeHtml; head: SafeHtml } {
  const t = contentMessages(locale);
  const groups = (Object.keys(FAQ_CATEGORIES) as FaqCategory[])
    .map((c) => ({ c, items: items.filter((i) => i.category === c) }))
    .filter((g) => g.items.length > 0);
  const body = html`
<p class="lead">${t.faqLead}</p>
<p>${FAQ_INTRO[locale]}</p>
<nav aria-labelledby="faq-contents" class="toc">
  <h2 id="faq-contents">${t.faqContents}</h2>
  ${groups.map((g) => html`<h3 class="toc-group">${FAQ_CATEGORIES[g.c][locale]}</h3><ul>${g.items.map((i) => html`<li><a href="#${i.slug}">${i.question}</a></li>`)}</ul>`)}
</nav>
${groups.map(
  (g) => html`<section class="faq-group" aria-labelledby="cat-${g.c}">
  <h2 id="cat-${g.c}">${FAQ_CATEGORIES[g.c][locale]}</h2>
  ${g.items.map(
    (i) => html`<article class="faq-entry" id="${i.slug}">
    <h3${i.questionLang ? html` lang="${i.questionLang}"` : ''}>${i.question}</h3>
    ${i.answerLang ? html`<div lang="${i.answerLang}">${richText(i.answer, { headingLevel: 3 })}</div>` : richText(i.answer, { headingLevel: 3 })}
    <p class="anchor-link"><a href="#${i.slug}" aria-label="${t.linkToAnswer}: ${i.question}">${t.linkToAnswer}</a></p>
  </article>`,
  )}
</section>`,
)}`;
  const head = jsonLd({
    '@context': 'https://schema.org',
    '@type': 'FAQPage',
    inLanguage: locale,
    url: pageUrl,
    mainEntity: items.map((i) => ({
      '@type': 'Question',
      name: i.question,
      url: `${pageUrl}#${i.slug}`,
      acceptedAnswer: { '@type': 'Answer', text: richTextToPlain(i.answer) },
    })),
  });
  return { body, head };
}

export function searchView(locale: Locale, q: string, hits: SearchHit[]): SafeHtml {
  const t = contentMessages(locale);
  // Known kinds get a translated label; other modules' providers already send a readable one.
  const labels: Record<string, string> = { faq: t.searchKind_faq, page: t.searchKind_page, initiative: t.searchKind_initiative };
  const kindLabel = (k: string) => labels[k] ?? k;
  return html`
<form method="get" action="${lp(locale, '/sok', '/search')}" role="search" class="search-form">
  ${textField({ name: 'q', label: t.searchTitle, type: 'search', value: q, maxlength: 200 })}
  <button type="submit" class="button">${t.searchTitle}</button>
</form>
${q === ''
  ? html`<p>${t.searchPrompt}</p>`
  : hits.length === 0
    ? html`<p role="status">${t.searchNoResults(q)}</p>`
    : html`<p role="status">${t.searchResultsFor(q, hits.length)}</p>
<ol class="search-results">
  ${hits.map((h) => html`<li><p class="kind">${kindLabel(h.kind)}</p><h2><a href="${h.url}">${h.title}</a></h2><p>${h.excerpt}</p></li>`)}
</ol>`}`;
}

export function pageView(body: string): SafeHtml {
  return richText(body);
}

export interface ReportFormProps {
  locale: Locale;
  csrf: string;
  action: string;
  values?: Record<string, string | undefined>;
  errors?: FieldErrors | undefined;
  sent?: boolean;
}

export function accessibilityReportForm(p: ReportFormProps): SafeHtml {
  const t = contentMessages(p.locale);
  const v = p.values ?? {};
  return html`<section class="report" aria-labelledby="report-title">
<h2 id="report-title">${t.reportTitle}</h2>
${p.sent ? notice('success', t.reportThanks) : ''}
${errorSummary(p.locale, p.errors, { description: t.reportDescription, email: t.reportEmail, page_url: t.reportPage, name: t.reportName })}
<form method="post" action="${p.action}#report-title" novalidate class="stack">
  ${csrfField(p.csrf)}
  ${textField({ name: 'page_url', label: t.reportPage, value: v.page_url, error: p.errors?.page_url, maxlength: 500 })}
  ${textArea({ name: 'description', label: t.reportDescription, hint: t.reportDescriptionHint, value: v.description, error: p.errors?.description, required: true, maxlength: 5000 })}
  ${textField({ name: 'name', label: t.reportName, value: v.name, error: p.errors?.name, autocomplete: 'name', maxlength: 200 })}
  ${textField({ name: 'email', label: t.reportEmail, type: 'email', value: v.email, error: p.errors?.email, autocomplete: 'email', maxlength: 254 })}
  <button type="submit" class="button">${t.reportSend}</button>
</form>
</section>`;
}
