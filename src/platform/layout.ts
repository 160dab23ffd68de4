// The page layout and the small, typed components every module uses.
import { html, attrs, type SafeHtml, type HtmlValue } from './html.ts';
import { platformMessages } from './i18n/messages.ts';
import type { Locale } from './i18n/i18n.ts';
import type { Actor } from './auth/actor.ts';
import type { FieldErrors } from './errors.ts';

export interface PageContext {
  locale: Locale;
  actor: Actor;
  /** The path of this page in the other language, for the language switch and hreflang. */
  alternate?: { sv: string; en: string } | undefined;
  /** Token for the sign-out form in the header (signed-in visitors only). */
  csrfToken?: string | undefined;
  currentPath?: string;
}

export interface PageProps {
  title: string;
  /** The H1; defaults to the title. */
  heading?: string;
  description?: string;
  body: HtmlValue;
  /** Extra tags for <head> (JSON-LD, feeds). */
  head?: HtmlValue;
  /** Scripts from /assets, loaded with `defer` (no inline scripts: the CSP forbids them). */
  scripts?: string[];
  styles?: string[];
  breadcrumbs?: { label: string; href?: string }[];
  wide?: boolean;
}

/** Home of each language. */
export const homePath = (locale: Locale) => (locale === 'sv' ? '/' : '/en/');
/** Builds a public path in a language: `lp('en', '/faq')` → `/en/faq`. */
export function lp(locale: Locale, svPath: string, enPath: string = svPath): string {
  return locale === 'sv' ? svPath : '/en' + enPath;
}

export function page(ctx: PageContext, p: PageProps): SafeHtml {
  const t = platformMessages(ctx.locale);
  const other: Locale = ctx.locale === 'sv' ? 'en' : 'sv';
  const alt = ctx.alternate;
  const user = ctx.actor.kind === 'user' ? ctx.actor : undefined;
  const isStaff = !!user && (user.globalRoles.length > 0 || user.memberships.length > 0);
  const nav: { href: string; label: string }[] = [
    { href: homePath(ctx.locale), label: t.navHome },
    { href: lp(ctx.locale, '/program'), label: t.navProgramme },
    { href: lp(ctx.locale, '/initiativ', '/initiatives'), label: t.navInitiatives },
    { href: lp(ctx.locale, '/faq'), label: t.navFaq },
  ];
  const cur = ctx.currentPath;
  return html`<!doctype html>
<html lang="${ctx.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title} – H22</title>
${p.description ? html`<meta name="description" content="${p.description}">` : ''}
<link rel="stylesheet" href="/assets/site.css">
${(p.styles ?? []).map((s) => html`<link rel="stylesheet" href="${s}">`)}
${alt ? html`<link rel="alternate" hreflang="sv" href="${alt.sv}"><link rel="alternate" hreflang="en" href="${alt.en}">` : ''}
${p.head ?? ''}
<script src="/assets/site.js" defer></script>
${(p.scripts ?? []).map((s) => html`<script src="${s}" defer></script>`)}
</head>
<body>
<a class="skip-link" href="#main">${t.skipToContent}</a>
<header class="site-header">
  <div class="wrap header-row">
    <a class="brand" href="${homePath(ctx.locale)}"><span class="brand-mark">H22</span> <span class="brand-tag">${t.siteTagline}</span></a>
    <div class="header-tools">
      ${alt ? html`<a class="lang-switch" href="${alt[other]}" hreflang="${other}" lang="${other}" aria-label="${t.otherLanguageLabel}">${t.otherLanguage}</a>` : ''}
      ${user
        ? html`${isStaff ? html`<a href="/admin">${t.navAdmin}</a>` : ''}
          <a href="${lp(ctx.locale, '/konto', '/account')}"${attrs({ 'aria-current': cur === lp(ctx.locale, '/konto', '/account') ? 'page' : undefined })}>${t.navAccount}</a>
          <form method="post" action="/logout" class="inline-form"><input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}"><button type="submit" class="link-button">${t.navSignOut}</button></form>`
        : html`<a href="${lp(ctx.locale, '/logga-in', '/sign-in')}">${t.navSignIn}</a>`}
    </div>
  </div>
  <nav class="wrap main-nav" aria-label="${t.mainNav}">
    <ul>
      ${nav.map((n) => html`<li><a href="${n.href}"${attrs({ 'aria-current': cur === n.href ? 'page' : undefined })}>${n.label}</a></li>`)}
    </ul>
    <form class="site-search" role="search" method="get" action="${lp(ctx.locale, '/sok', '/search')}">
      <label for="site-search-q" class="visually-hidden">${t.searchLabel}</label>
      <input id="site-search-q" type="search" name="q" autocomplete="off">
      <button type="submit">${t.searchButton}</button>
    </form>
  </nav>
</header>
<main id="main" tabindex="-1" class="wrap${p.wide ? ' wide' : ''}">
${p.breadcrumbs && p.breadcrumbs.length
  ? html`<nav aria-label="${t.breadcrumb}" class="breadcrumbs"><ol>${p.breadcrumbs.map((b) => html`<li>${b.href ? html`<a href="${b.href}">${b.label}</a>` : html`<span aria-current="page">${b.label}</span>`}</li>`)}</ol></nav>`
  : ''}
<h1>${p.heading ?? p.title}</h1>
${p.body}
</main>
<footer class="site-footer">
  <div class="wrap">
    <p>${t.footerAbout}</p>
    <ul class="footer-links">
      <li><a href="${lp(ctx.locale, '/tillganglighet', '/accessibility')}">${t.footerAccessibility}</a></li>
      <li><a href="/api/v1/docs">${t.footerApi}</a></li>
    </ul>
  </div>
</footer>
</body>
</html>`;
}

// ---------- form components ----------

export interface FieldProps {
  name: string;
  label: string;
  value?: string | number | null | undefined;
  error?: string | undefined;
  hint?: string;
  type?: 'text' | 'email' | 'password' | 'url' | 'number' | 'search' | 'date' | 'datetime-local' | 'time';
  required?: boolean;
  autocomplete?: string;
  maxlength?: number;
  lang?: Locale;
}

export function textField(p: FieldProps): SafeHtml {
  const id = `f-${p.name}`;
  const describedBy = [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${p.error ? ' field-error' : ''}">
  <label for="${id}">${p.label}${p.required ? html` <span class="req" aria-hidden="true">*</span>` : ''}</label>
  ${p.hint ? html`<p class="hint" id="${id}-hint">${p.hint}</p>` : ''}
  ${p.error ? html`<p class="error-message" id="${id}-error">${p.error}</p>` : ''}
  <input${attrs({
    id,
    name: p.name,
    type: p.type ?? 'text',
    value: p.value === null || p.value === undefined ? undefined : String(p.value),
    required: p.required,
    autocomplete: p.autocomplete,
    maxlength: p.maxlength,
    lang: p.lang,
    'aria-invalid': p.error ? 'true' : undefined,
    'aria-describedby': describedBy || undefined,
  })}>
</div>`;
}

export function textArea(p: FieldProps & { rows?: number }): SafeHtml {
  const id = `f-${p.name}`;
  const describedBy = [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${p.error ? ' field-error' : ''}">
  <label for="${id}">${p.label}${p.required ? html` <span class="req" aria-hidden="true">*</span>` : ''}</label>
  ${p.hint ? html`<p class="hint" id="${id}-hint">${p.hint}</p>` : ''}
  ${p.error ? html`<p class="error-message" id="${id}-error">${p.error}</p>` : ''}
  <textarea${attrs({
    id,
    name: p.name,
    rows: p.rows ?? 6,
    required: p.required,
    maxlength: p.maxlength,
    lang: p.lang,
    'aria-invalid': p.error ? 'true' : undefined,
    'aria-describedby': describedBy || undefined,
  })}>${p.value ?? ''}</textarea>
</div>`;
}

export interface SelectProps {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value?: string | undefined;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
}

export function selectField(p: SelectProps): SafeHtml {
  const id = `f-${p.name}`;
  return html`<div class="field${p.error ? ' field-error' : ''}">
  <label for="${id}">${p.label}</label>
  ${p.hint ? html`<p class="hint" id="${id}-hint">${p.hint}</p>` : ''}
  ${p.error ? html`<p class="error-message" id="${id}-error">${p.error}</p>` : ''}
  <select${attrs({ id, name: p.name, required: p.required, 'aria-invalid': p.error ? 'true' : undefined, 'aria-describedby': p.error ? `${id}-error` : p.hint ? `${id}-hint` : undefined })}>
    ${p.options.map((o) => html`<option value="${o.value}"${attrs({ selected: o.value === p.value })}>${o.label}</option>`)}
  </select>
</div>`;
}

export function checkbox(p: { name: string; label: string; checked?: boolean; value?: string; hint?: string }): SafeHtml {
  const id = `f-${p.name}${p.value ? '-' + p.value : ''}`;
  return html`<div class="field checkbox"><input${attrs({ type: 'checkbox', id, name: p.name, value: p.value ?? 'on', checked: !!p.checked })}> <label for="${id}">${p.label}</label>${p.hint ? html`<p class="hint">${p.hint}</p>` : ''}</div>`;
}

/** The error summary at the top of a form: links to each field, focused by site.js. */
export function errorSummary(locale: Locale, errors: FieldErrors | undefined, labels: Record<string, string> = {}): SafeHtml {
  if (!errors || Object.keys(errors).length === 0) return html``;
  const t = platformMessages(locale);
  return html`<div class="error-summary" role="alert" tabindex="-1" data-module="error-summary">
  <h2>${t.errorSummaryTitle}</h2>
  <ul>${Object.entries(errors).map(([k, v]) => html`<li><a href="#f-${k}">${labels[k] ? `${labels[k]}: ` : ''}${v}</a></li>`)}</ul>
</div>`;
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

export function notice(kind: 'success' | 'info' | 'warning', message: HtmlValue): SafeHtml {
  return html`<div class="notice notice-${kind}" role="status">${message}</div>`;
}
