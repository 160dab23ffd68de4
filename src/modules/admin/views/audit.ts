// The audit log viewer: a plain GET filter form and a table whose last column reads as a diff.
import { html, type SafeHtml } from '../../../platform/html.ts';
import { errorSummary, selectField, textField } from '../../../platform/layout.ts';
import type { FieldErrors } from '../../../platform/errors.ts';
import { formatDateTime, isoDateTime, type Locale } from '../../../platform/i18n/i18n.ts';
import { adminMessages } from '../admin.messages.ts';
import { pager } from './common.ts';

export interface AuditRow {
  id: number;
  at: Date;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
}

export interface AuditFilterValues {
  actor?: string | undefined;
  action?: string | undefined;
  entity_type?: string | undefined;
  entity_id?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function valueText(locale: Locale, v: unknown): string {
  const t = adminMessages(locale);
  if (v === null || v === undefined || v === '') return t.emptyValue;
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ') : t.emptyValue;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const del = (locale: Locale, v: unknown) => html`<del><span class="visually-hidden">${adminMessages(locale).before}: </span>${valueText(locale, v)}</del>`;
const ins = (locale: Locale, v: unknown) => html`<ins><span class="visually-hidden">${adminMessages(locale).after}: </span>${valueText(locale, v)}</ins>`;

/** Before → after per field; a created record shows only "after", a deleted one only "before". */
export function changeView(locale: Locale, before: unknown, after: unknown): SafeHtml {
  const t = adminMessages(locale);
  const hasBefore = before !== null && before !== undefined;
  const hasAfter = after !== null && after !== undefined;
  if (!hasBefore && !hasAfter) return html`<span class="hint">${t.noChangeRecorded}</span>`;
  if ((!hasBefore || isRecord(before)) && (!hasAfter || isRecord(after))) {
    const b = (before ?? {}) as Record<string, unknown>;
    const a = (after ?? {}) as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return html`<ul class="audit-diff">${keys.map((k) => {
      const inB = hasBefore && k in b;
      const inA = hasAfter && k in a;
      return html`<li><code>${k}</code>: ${inB ? del(locale, b[k]) : ''}${inB && inA ? html` <span aria-hidden="true">→</span> ` : ''}${inA ? ins(locale, a[k]) : ''}</li>`;
    })}</ul>`;
  }
  return html`<p class="audit-diff">${hasBefore ? del(locale, before) : ''}${hasBefore && hasAfter ? html` <span aria-hidden="true">→</span> ` : ''}${hasAfter ? ins(locale, after) : ''}</p>`;
}

export function auditFilterQuery(f: AuditFilterValues, page?: number): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, v);
  if (page && page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function auditView(p: {
  locale: Locale;
  filters: AuditFilterValues;
  facets: { actions: string[]; entityTypes: string[] };
  rows: AuditRow[];
  total: number;
  page: number;
  pageSize: number;
  errors?: FieldErrors | undefined;
}): SafeHtml {
  const t = adminMessages(p.locale);
  const f = p.filters;
  const options = (values: string[], current: string | undefined) => [
    { value: '', label: t.all },
    ...[...new Set([...values, ...(current ? [current] : [])])].map((v) => ({ value: v, label: v })),
  ];
  const filtered = Object.values(f).some(Boolean);
  return html`
<p>${t.auditIntro}</p>
${errorSummary(p.locale, p.errors, { actor: t.filterActor, action: t.filterAction, entity_type: t.filterEntityType, entity_id: t.filterEntityId, from: t.filterFrom, to: t.filterTo })}
<form method="get" action="/admin/audit" class="filter-form" novalidate aria-labelledby="audit-filters">
  <h2 id="audit-filters">${t.filtersTitle}</h2>
  <div class="filter-fields">
    ${textField({ name: 'actor', label: t.filterActor, value: f.actor, error: p.errors?.actor, maxlength: 200 })}
    ${selectField({ name: 'action', label: t.filterAction, value: f.action ?? '', error: p.errors?.action, options: options(p.facets.actions, f.action) })}
    ${selectField({ name: 'entity_type', label: t.filterEntityType, value: f.entity_type ?? '', error: p.errors?.entity_type, options: options(p.facets.entityTypes, f.entity_type) })}
    ${textField({ name: 'entity_id', label: t.filterEntityId, value: f.entity_id, error: p.errors?.entity_id, maxlength: 100 })}
    ${textField({ name: 'from', label: t.filterFrom, type: 'date', hint: t.dateHint, value: f.from, error: p.errors?.from, maxlength: 10 })}
    ${textField({ name: 'to', label: t.filterTo, type: 'date', hint: t.dateHint, value: f.to, error: p.errors?.to, maxlength: 10 })}
  </div>
  <p><button type="submit" class="button">${t.applyFilters}</button>${filtered ? html` <a href="/admin/audit">${t.clearFilters}</a>` : ''}</p>
</form>
${p.errors && Object.keys(p.errors).length
  ? ''
  : html`<p role="status">${t.auditCount(p.total)}</p>
${p.rows.length === 0
  ? html`<p>${t.auditNone}</p>`
  : html`<div class="table-scroll"><table class="audit-table">
  <thead><tr><th scope="col">${t.colWhen}</th><th scope="col">${t.colWho}</th><th scope="col">${t.colAction}</th><th scope="col">${t.colEntity}</th><th scope="col">${t.colChange}</th></tr></thead>
  <tbody>${p.rows.map(
    (r) => html`<tr id="audit-${r.id}">
    <td><time datetime="${isoDateTime(r.at)}">${formatDateTime(r.at, p.locale)}</time></td>
    <td>${r.actor_label === 'system' ? t.system : r.actor_label}</td>
    <td><code>${r.action}</code></td>
    <td><a href="/admin/audit${auditFilterQuery({ entity_type: r.entity_type, entity_id: r.entity_id })}" title="${t.entityHistory(r.entity_type, r.entity_id)}">${r.entity_type} ${r.entity_id}</a></td>
    <td>${changeView(p.locale, r.before, r.after)}</td>
  </tr>`,
  )}</tbody>
</table></div>`}
${pager(p.locale, { page: p.page, total: p.total, pageSize: p.pageSize, href: (n) => `/admin/audit${auditFilterQuery(f, n)}` })}`}`;
}
