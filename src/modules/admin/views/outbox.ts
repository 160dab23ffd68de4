// The mail outbox: every message the platform sent or queued, and one message in full.
// HTML bodies are shown as escaped source; they are never rendered as markup here.
import { html, type SafeHtml } from '../../../platform/html.ts';
import { formatDateTime, formatNumber, isoDateTime, type Locale } from '../../../platform/i18n/i18n.ts';
import type { MailAttachment } from '../../../db/types.ts';
import { adminMessages } from '../admin.messages.ts';
import { pager } from './common.ts';

interface MailStatus {
  transport: 'outbox' | 'smtp';
  sent_at: Date | null;
  error: string | null;
}

function statusText(locale: Locale, m: MailStatus): string {
  const t = adminMessages(locale);
  if (m.error) return t.statusFailed;
  if (m.transport === 'outbox') return t.statusOutbox;
  return m.sent_at ? t.statusSent : t.statusPending;
}

export interface OutboxRow extends MailStatus {
  id: number;
  created_at: Date;
  to_address: string;
  subject: string;
  attachment_count: number;
}

export function outboxListView(p: { locale: Locale; rows: OutboxRow[]; total: number; page: number; pageSize: number }): SafeHtml {
  const t = adminMessages(p.locale);
  return html`
<p>${t.outboxIntro}</p>
<p>${t.outboxCount(p.total)}</p>
${p.rows.length === 0
  ? html`<p>${t.outboxNone}</p>`
  : html`<div class="table-scroll"><table>
  <thead><tr><th scope="col">${t.colCreated}</th><th scope="col">${t.colTo}</th><th scope="col">${t.colSubject}</th><th scope="col">${t.colStatus}</th><th scope="col">${t.colAttachments}</th></tr></thead>
  <tbody>${p.rows.map(
    (m) => html`<tr>
    <td><time datetime="${isoDateTime(m.created_at)}">${formatDateTime(m.created_at, p.locale)}</time></td>
    <td>${m.to_address}</td>
    <th scope="row"><a href="/admin/outbox/${m.id}">${m.subject}</a></th>
    <td>${m.error ? html`<span class="tag tag-disabled">${statusText(p.locale, m)}</span>` : statusText(p.locale, m)}</td>
    <td>${Number(m.attachment_count)}</td>
  </tr>`,
  )}</tbody>
</table></div>`}
${pager(p.locale, { page: p.page, total: p.total, pageSize: p.pageSize, href: (n) => (n > 1 ? `/admin/outbox?page=${n}` : '/admin/outbox') })}`;
}

export interface MailDetail extends MailStatus {
  id: number;
  created_at: Date;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  attachments: MailAttachment[];
}

/** The decoded size of a base64 attachment, without decoding it. */
export function attachmentBytes(a: MailAttachment): number {
  const s = a.content.replace(/\s/g, '');
  return Math.max(0, Math.floor((s.length * 3) / 4) - (s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0));
}

function sizeText(locale: Locale, bytes: number): string {
  const t = adminMessages(locale);
  return bytes < 1024 ? t.attachmentBytes(bytes) : t.attachmentSize(formatNumber(bytes / 1024, locale, { maximumFractionDigits: 1 }));
}

export function mailView(p: { locale: Locale; mail: MailDetail }): SafeHtml {
  const t = adminMessages(p.locale);
  const m = p.mail;
  return html`
<p><a href="/admin/outbox">${t.backToOutbox}</a></p>
<dl class="facts">
  <dt>${t.mailTo}</dt><dd>${m.to_address}</dd>
  <dt>${t.mailSubject}</dt><dd>${m.subject}</dd>
  <dt>${t.mailCreated}</dt><dd><time datetime="${isoDateTime(m.created_at)}">${formatDateTime(m.created_at, p.locale)}</time></dd>
  <dt>${t.mailTransport}</dt><dd>${statusText(p.locale, m)}</dd>
  ${m.sent_at ? html`<dt>${t.mailSentAt}</dt><dd><time datetime="${isoDateTime(m.sent_at)}">${formatDateTime(m.sent_at, p.locale)}</time></dd>` : ''}
  ${m.error ? html`<dt>${t.mailError}</dt><dd>${m.error}</dd>` : ''}
</dl>
<h2>${t.textBody}</h2>
<pre class="mail-body">${m.text_body}</pre>
<h2>${t.htmlBody}</h2>
${m.html_body ? html`<p class="hint">${t.htmlBodyHint}</p><pre class="mail-body"><code>${m.html_body}</code></pre>` : html`<p>${t.noHtmlBody}</p>`}
<h2>${t.attachmentsTitle}</h2>
${m.attachments.length === 0
  ? html`<p>${t.noAttachments}</p>`
  : html`<ul class="attachments">${m.attachments.map(
      (a, i) => html`<li><a href="/admin/outbox/${m.id}/attachments/${i + 1}" download="${a.filename}">${a.filename}</a> <span class="hint">(${a.contentType}, ${sizeText(p.locale, attachmentBytes(a))})</span></li>`,
    )}</ul>`}`;
}
