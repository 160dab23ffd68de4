// Staff pages for the city challenges: the list with how many initiatives answer each, and one
// challenge's form with retiring and (when unused) deleting.
import { html, type SafeHtml } from '../../../platform/html.ts';
import { csrfField, errorSummary, notice, textArea, textField } from '../../../platform/layout.ts';
import { formatDate, type Locale } from '../../../platform/i18n/i18n.ts';
import type { FieldErrors } from '../../../platform/errors.ts';
import { challengeMessages } from '../initiatives.challenges.messages.ts';
import { CHALLENGES } from '../initiatives.paths.ts';
import type { FormValues } from './staff.ts';

export interface ChallengeRowView {
  id: number;
  slug: string;
  title_sv: string;
  title_en: string;
  description_sv: string;
  description_en: string;
  retired_at: Date | null;
  used_by: string | number | null;
}

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

function labels(locale: Locale): Record<string, string> {
  const t = challengeMessages(locale);
  return { slug: t.f_slug, title_sv: t.f_title_sv, title_en: t.f_title_en, description_sv: t.f_description_sv, description_en: t.f_description_en };
}

export function challengeListView(locale: Locale, rows: ChallengeRowView[], flash?: string): SafeHtml {
  const t = challengeMessages(locale);
  return html`${flash ? notice('success', flash) : ''}
<p>${t.listLead}</p>
<p><a class="button" href="${CHALLENGES}/new">${t.newChallenge}</a></p>
${rows.length
  ? html`<div class="table-scroll"><table class="admin-table">
  <caption class="visually-hidden">${t.listTitle}</caption>
  <thead><tr><th scope="col">${t.colTitle}</th><th scope="col">${t.colSlug}</th><th scope="col">${t.colUsedBy}</th><th scope="col">${t.colStatus}</th></tr></thead>
  <tbody>${rows.map(
    (r) => html`<tr><th scope="row"><a href="${CHALLENGES}/${r.id}">${r.title_sv}</a>${r.title_en ? html`<br><span lang="en">${r.title_en}</span>` : ''}</th>
    <td><code>${r.slug}</code></td><td>${t.usedBy(Number(r.used_by ?? 0))}</td>
    <td><span class="tag ${r.retired_at ? 'tag-draft' : 'tag-published'}">${r.retired_at ? t.statusRetired : t.statusActive}</span></td></tr>`,
  )}</tbody></table></div>`
  : html`<p>${t.empty}</p>`}`;
}

export function challengeForm(p: { locale: Locale; csrf: string; action: string; mode: 'create' | 'edit'; values: FormValues; errors?: FieldErrors | undefined }): SafeHtml {
  const { locale, values: v, errors: e = {} } = p;
  const t = challengeMessages(locale);
  const L = labels(locale);
  return html`${errorSummary(locale, e, L)}
<form method="post" action="${p.action}" novalidate class="stack admin-form">
  ${csrfField(p.csrf)}
  ${textField({ name: 'title_sv', label: L.title_sv ?? '', value: one(v.title_sv), error: e.title_sv, maxlength: 200, required: true, lang: 'sv' })}
  ${textField({ name: 'title_en', label: L.title_en ?? '', value: one(v.title_en), error: e.title_en, maxlength: 200, lang: 'en' })}
  ${textArea({ name: 'description_sv', label: L.description_sv ?? '', value: one(v.description_sv), error: e.description_sv, maxlength: 2000, rows: 4, lang: 'sv' })}
  ${textArea({ name: 'description_en', label: L.description_en ?? '', value: one(v.description_en), error: e.description_en, maxlength: 2000, rows: 4, lang: 'en' })}
  ${textField({ name: 'slug', label: L.slug ?? '', hint: t.slugHint, value: one(v.slug), error: e.slug, maxlength: 80 })}
  <button type="submit" class="button">${p.mode === 'create' ? t.create : t.save}</button>
</form>`;
}

/** One challenge: its form, then retiring or reinstating, then deleting (only when unused). */
export function challengeEditView(p: { locale: Locale; csrf: string; c: ChallengeRowView; values: FormValues; errors?: FieldErrors | undefined; flash?: string | undefined; refused?: string | undefined }): SafeHtml {
  const { locale, c } = p;
  const t = challengeMessages(locale);
  const usedBy = Number(c.used_by ?? 0);
  const base = `${CHALLENGES}/${c.id}`;
  return html`${p.refused ? html`<div class="notice notice-warning" role="alert"><h2>${t.refusedTitle}</h2><p>${p.refused}</p></div>` : ''}
${p.flash ? notice('success', p.flash) : ''}
<p>${t.colUsedBy}: ${t.usedBy(usedBy)}</p>
${challengeForm({ locale, csrf: p.csrf, action: base, mode: 'edit', values: p.values, errors: p.errors })}
<section class="staff-section" aria-labelledby="retire-title"><h2 id="retire-title">${t.retireTitle}</h2>
  <p>${c.retired_at ? t.isRetired(formatDate(c.retired_at, locale)) : t.isActive}</p>
  <form method="post" action="${base}/retire" class="inline-form">${csrfField(p.csrf)}<input type="hidden" name="retired" value="${c.retired_at ? '0' : '1'}"><button type="submit" class="button secondary">${c.retired_at ? t.reinstate : t.retire}</button></form>
</section>
<section class="staff-section" aria-labelledby="delete-title"><h2 id="delete-title">${t.deleteTitle}</h2>
  <p>${usedBy > 0 ? t.inUse(usedBy) : t.deleteUnused}</p>
  <form method="post" action="${base}/delete" class="inline-form">${csrfField(p.csrf)}<button type="submit" class="button secondary">${t.delete}</button></form>
</section>`;
}
