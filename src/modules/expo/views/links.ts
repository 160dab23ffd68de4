// The links between programme items and innovation initiatives: the section on the public event page
// and the staff section on an item's page (a search and a checkbox list; works without JavaScript).
import { attrs, html, type SafeHtml } from '../../../platform/html.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import type { FieldErrors } from '../../../platform/errors.ts';
import { checkbox, csrfField, errorSummary, notice } from '../../../platform/layout.ts';
import type { InitiativeLink, InitiativeOption, InitiativePicker } from '../../initiatives/index.ts';
import { expoLinksMessages } from '../expo.links.messages.ts';
import { LINKS_FIELD, MAX_INITIATIVE_LINKS } from '../expo.links.ts';

/** "Innovation initiatives shown": title and stage of each published initiative, linking to its page. */
export function initiativesShownSection(locale: Locale, links: readonly InitiativeLink[]): SafeHtml | '' {
  if (!links.length) return '';
  const t = expoLinksMessages(locale);
  return html`<section aria-labelledby="initiatives-shown" class="event-initiatives"><h2 id="initiatives-shown">${t.shownTitle}</h2>
<p>${t.shownLead}</p>
<ul>${links.map((l) => html`<li><a href="${l.path}">${l.title}</a> <span class="stage stage-${l.stage}"><span class="visually-hidden">${t.stage}: </span>${l.stageLabel}</span></li>`)}</ul></section>`;
}

export interface LinksAdminModel {
  locale: Locale;
  csrf: string;
  eventId: number;
  canEdit: boolean;
  picker: InitiativePicker;
  /** The ids ticked in the form (what is saved, or what was just sent). */
  checked: readonly string[];
  q: string;
  errors?: FieldErrors | undefined;
  saved?: boolean;
}

export function initiativeLinksAdminSection(m: LinksAdminModel): SafeHtml {
  const t = expoLinksMessages(m.locale);
  const error = m.errors?.[LINKS_FIELD];
  const label = (o: InitiativeOption) => `${o.title} (${o.stageLabel}, ${o.owner}${o.published ? '' : `, ${t.notPublished}`})`;
  const seen = new Set<number>();
  const group = (heading: string, options: InitiativeOption[]) => {
    const fresh = options.filter((o) => !seen.has(o.id));
    for (const o of fresh) seen.add(o.id);
    return fresh.length
      ? html`<h3>${heading}</h3><div class="checkbox-group">${fresh.map((o) => checkbox({ name: LINKS_FIELD, value: String(o.id), label: label(o), checked: m.checked.includes(String(o.id)) }))}</div>`
      : '';
  };
  const action = `/admin/program/${m.eventId}/initiatives`;
  if (!m.canEdit) {
    return html`<section aria-labelledby="initiative-links" class="initiative-links"><h2 id="initiative-links">${t.linksTitle}</h2>
${m.picker.selected.length ? html`<ul>${m.picker.selected.map((o) => html`<li>${label(o)}</li>`)}</ul>` : html`<p>${t.linksNone}</p>`}</section>`;
  }
  const groups = [group(t.linksSelected, m.picker.selected), group(t.linksOwn, m.picker.own), group(t.linksFound, m.picker.found)];
  return html`<section aria-labelledby="initiative-links" class="initiative-links"><h2 id="initiative-links">${t.linksTitle}</h2>
${m.saved ? notice('success', t.linksSaved) : ''}
<p>${t.linksLead}</p>
<form method="get" action="/admin/program/${m.eventId}#initiative-links" class="initiative-search" role="search">
  <div class="field"><label for="f-iq">${t.linksSearch}</label><input type="search" id="f-iq" name="iq" maxlength="100" value="${m.q}"></div>
  <p><button type="submit" class="button secondary">${t.linksSearchButton}</button></p>
</form>
${m.q && m.picker.found.length === 0 ? html`<p role="status">${t.linksNoMatch}</p>` : ''}
${errorSummary(m.locale, m.errors, { [LINKS_FIELD]: t.linksField })}
<form method="post" action="${action}" novalidate>${csrfField(m.csrf)}
  ${m.q ? html`<input type="hidden" name="iq" value="${m.q}">` : ''}
  <fieldset id="f-${LINKS_FIELD}"${attrs({ class: error ? 'field-error' : undefined, 'aria-describedby': error ? `f-${LINKS_FIELD}-error` : `f-${LINKS_FIELD}-hint` })}><legend>${t.linksField}</legend>
  <p class="hint" id="f-${LINKS_FIELD}-hint">${t.errTooMany(MAX_INITIATIVE_LINKS)}</p>
  ${error ? html`<p class="error-message" id="f-${LINKS_FIELD}-error">${error}</p>` : ''}
  ${groups.some((g) => g !== '') ? groups : html`<p>${t.linksNoOptions}</p>`}
  </fieldset>
  <p><button type="submit" class="button">${t.linksSave}</button></p>
</form></section>`;
}
