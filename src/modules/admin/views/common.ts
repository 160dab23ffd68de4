// Pieces shared by the staff-area pages of the admin module.
import { html, type SafeHtml } from '../../../platform/html.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { adminMessages } from '../admin.messages.ts';

/** Previous/next links and "page p of n"; nothing when everything fits on one page. */
export function pager(locale: Locale, p: { page: number; total: number; pageSize: number; href: (page: number) => string }): SafeHtml {
  const t = adminMessages(locale);
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  if (pages <= 1) return html``;
  return html`<nav class="pager" aria-label="${t.pagination}"><ul>
  ${p.page > 1 ? html`<li><a href="${p.href(p.page - 1)}" rel="prev">${t.previous}</a></li>` : ''}
  <li>${t.pageOf(Math.min(p.page, pages), pages)}</li>
  ${p.page < pages ? html`<li><a href="${p.href(p.page + 1)}" rel="next">${t.next}</a></li>` : ''}
</ul></nav>`;
}
