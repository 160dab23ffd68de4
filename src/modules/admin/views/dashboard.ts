// The staff dashboard: the sections this person may use, a few counts, their organisations.
import { html, type SafeHtml } from '../../../platform/html.ts';
import { formatNumber, type Locale } from '../../../platform/i18n/i18n.ts';
import { adminMessages } from '../admin.messages.ts';

export interface DashboardProps {
  locale: Locale;
  name: string;
  sections: { href: string; label: string }[];
  counts: { label: string; value: number; href?: string | undefined }[];
  organisations: { id: number; name: string; roleLabel: string; membersHref: string }[];
}

export function dashboardView(p: DashboardProps): SafeHtml {
  const t = adminMessages(p.locale);
  return html`
<p>${t.dashboardIntro(p.name)}</p>
<h2>${t.sectionsTitle}</h2>
${p.sections.length
  ? html`<ul class="admin-sections">${p.sections.map((s) => html`<li><a href="${s.href}">${s.label}</a></li>`)}</ul>`
  : html`<p>${t.noSections}</p>`}
${p.counts.length
  ? html`<h2>${t.countsTitle}</h2>
<dl class="admin-counts">${p.counts.map(
      (c) => html`<div><dt>${c.label}</dt><dd>${c.href ? html`<a href="${c.href}">${formatNumber(c.value, p.locale)}</a>` : formatNumber(c.value, p.locale)}</dd></div>`,
    )}</dl>`
  : ''}
${p.organisations.length
  ? html`<h2>${t.yourOrganisations}</h2>
<ul class="admin-sections">${p.organisations.map(
      (o) => html`<li><a href="${o.membersHref}">${o.name}</a> <span class="hint">${t.yourRole(o.roleLabel)}</span></li>`,
    )}</ul>`
  : ''}`;
}
