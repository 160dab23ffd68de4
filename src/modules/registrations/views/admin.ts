// Staff pages of registration: the overview, an item's settings, an occurrence's attendee list
// (counts, export, message, release no-shows) and the check-in page that works on a phone.
import { attrs, html, type SafeHtml } from '../../../platform/html.ts';
import { checkbox, csrfField, errorSummary, notice, selectField, textArea, textField } from '../../../platform/layout.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import type { FieldErrors } from '../../../platform/errors.ts';
import { registrationMessages, statusText, type RegistrationMessages } from '../registrations.messages.ts';
import { checkInPath, formatMoment, formatWhen, titleIn, venueIn } from '../registrations.format.ts';
import { formatTicketCode } from '../registrations.rules.ts';
import { LIMITS, type Question } from '../registrations.schema.ts';
import type { AttendeeRow, SeatCounts, StaffEvent, StaffOccurrence } from '../registrations.queries.ts';
import type { RegistrationAction } from '../registrations.policy.ts';

type Values = Record<string, string | undefined>;
export type Notices = { kind: 'success' | 'info' | 'warning'; text: string }[];
type Can = Record<RegistrationAction, boolean>;

function notices(list: Notices): SafeHtml {
  return html`${list.map((n) => notice(n.kind, n.text))}`;
}

function countsView(t: RegistrationMessages, c: SeatCounts): SafeHtml {
  const items: [string, number][] = [
    [t.colCapacity, c.capacity],
    [t.colConfirmed, c.confirmedSeats],
    [t.colAvailable, c.available],
    [t.colWaiting, c.waitlisted],
    [t.colCheckedIn, c.checkedIn],
    [t.colCancelled, c.cancelled],
  ];
  return html`<dl class="reg-counts">${items.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

// ---------- overview ----------

export function overviewView(p: {
  locale: Locale;
  events: { event: StaffEvent; occurrences: { occ: StaffOccurrence; counts: SeatCounts | undefined }[]; can: Can }[];
  enableChoices: { id: number; title: string }[];
}): SafeHtml {
  const t = registrationMessages(p.locale);
  return html`<p>${t.adminLead}</p>
${p.events.length === 0 ? html`<p>${t.adminEmpty}</p>` : ''}
${p.events.map(
  ({ event, occurrences, can }) => html`<section class="reg-event" aria-labelledby="ev-${event.eventId}">
  <h2 id="ev-${event.eventId}">${titleIn(event, p.locale)}</h2>
  <p class="muted">${event.organisers.join(', ')}</p>
  ${can.configure ? html`<p><a href="/admin/registrations/events/${event.eventId}">${t.settingsHeading}<span class="visually-hidden">: ${titleIn(event, p.locale)}</span></a></p>` : ''}
  <div class="table-scroll"><table class="admin-table">
    <caption class="visually-hidden">${titleIn(event, p.locale)}</caption>
    <thead><tr>
      <th scope="col">${t.colWhen}</th><th scope="col">${t.colCapacity}</th><th scope="col">${t.colConfirmed}</th><th scope="col">${t.colAvailable}</th>
      <th scope="col">${t.colWaiting}</th><th scope="col">${t.colCheckedIn}</th><th scope="col">${t.colOpen}</th><th scope="col">${t.colActions}</th>
    </tr></thead>
    <tbody>${occurrences.map(({ occ, counts }) => {
      const when = formatWhen(occ.startsAt, occ.endsAt, p.locale);
      return html`<tr>
      <th scope="row">${when}</th>
      <td>${counts?.capacity ?? ''}</td><td>${counts?.confirmedSeats ?? 0}</td><td>${counts?.available ?? 0}</td>
      <td>${counts?.waitlisted ?? 0}</td><td>${counts?.checkedIn ?? 0}</td>
      <td>${occ.settings?.enabled ? t.open_yes : t.open_off}</td>
      <td><div class="admin-actions">
        <a href="/admin/registrations/occurrences/${occ.occurrenceId}">${t.attendees}<span class="visually-hidden">: ${when}</span></a>
        <a href="${checkInPath(occ.occurrenceId)}">${t.checkInLink}<span class="visually-hidden">: ${when}</span></a>
      </div></td>
    </tr>`;
    })}</tbody>
  </table></div>
</section>`,
)}
${p.enableChoices.length
  ? html`<section aria-labelledby="enable-heading">
  <h2 id="enable-heading">${t.enableHeading}</h2>
  <form method="get" action="/admin/registrations/enable" class="inline-row">
    ${selectField({ name: 'event', label: t.enableEvent, options: p.enableChoices.map((c) => ({ value: String(c.id), label: c.title })) })}
    <button type="submit" class="button secondary">${t.enableButton}</button>
  </form>
</section>`
  : ''}`;
}

// ---------- an item's settings ----------

export function eventSettingsView(p: {
  locale: Locale;
  csrf: string;
  event: StaffEvent;
  values: Values;
  errors?: FieldErrors | undefined;
  notices: Notices;
  occurrences: { occ: StaffOccurrence; counts: SeatCounts | undefined }[];
  enabled: boolean;
}): SafeHtml {
  const t = registrationMessages(p.locale);
  const v = p.values;
  const e = p.errors ?? {};
  const labels: Record<string, string> = {
    capacity: t.fieldCapacity,
    max_group_size: t.fieldMaxGroup,
    waitlist_capacity: t.fieldWaitlist,
    offer_hours: t.fieldOfferHours,
    erase_after_days: t.fieldEraseDays,
    opens_at: t.fieldOpensAt,
    closes_at: t.fieldClosesAt,
  };
  for (const n of [1, 2, 3]) {
    labels[`q${n}_sv`] = t.fieldQuestionSv(n);
    labels[`q${n}_en`] = t.fieldQuestionEn(n);
  }
  const num = (name: string, label: string, hint?: string) =>
    textField({ name, label, type: 'number', value: v[name], error: e[name], required: true, ...(hint ? { hint } : {}) });
  return html`${notices(p.notices)}
<p class="muted">${p.event.organisers.join(', ')}</p>
<p>${t.settingsLead}</p>
${errorSummary(p.locale, p.errors, labels)}
<form method="post" action="/admin/registrations/events/${p.event.eventId}" novalidate class="stack admin-form">
  ${csrfField(p.csrf)}
  ${num('capacity', t.fieldCapacity)}
  ${num('max_group_size', t.fieldMaxGroup)}
  ${num('waitlist_capacity', t.fieldWaitlist, t.fieldWaitlistHint)}
  ${num('offer_hours', t.fieldOfferHours)}
  ${textField({ name: 'opens_at', label: t.fieldOpensAt, hint: t.fieldOpensAtHint, type: 'datetime-local', value: v.opens_at, error: e.opens_at })}
  ${textField({ name: 'closes_at', label: t.fieldClosesAt, hint: t.fieldClosesAtHint, type: 'datetime-local', value: v.closes_at, error: e.closes_at })}
  ${checkbox({ name: 'apply_all', label: t.fieldApplyAll, checked: v.apply_all === 'on' })}
  ${checkbox({ name: 'account_required', label: t.fieldAccountRequired, checked: v.account_required === 'on' })}
  ${num('erase_after_days', t.fieldEraseDays, t.fieldEraseDaysHint)}
  <fieldset>
    <legend>${t.questionsLegend}</legend>
    <p class="hint">${t.questionsHint}</p>
    ${[1, 2, 3].map(
      (n) => html`${textField({ name: `q${n}_sv`, label: t.fieldQuestionSv(n), value: v[`q${n}_sv`], error: e[`q${n}_sv`], maxlength: LIMITS.questionLabel, lang: 'sv' })}
    ${textField({ name: `q${n}_en`, label: t.fieldQuestionEn(n), value: v[`q${n}_en`], error: e[`q${n}_en`], maxlength: LIMITS.questionLabel, lang: 'en' })}
    ${checkbox({ name: `q${n}_required`, label: t.fieldQuestionRequired(n), checked: v[`q${n}_required`] === 'on' })}`,
    )}
  </fieldset>
  <p><button type="submit" class="button">${t.saveSettings}</button></p>
</form>
${p.enabled
  ? html`<form method="post" action="/admin/registrations/events/${p.event.eventId}/disable" class="admin-actions">${csrfField(p.csrf)}<button type="submit" class="button danger">${t.disableButton}</button></form>`
  : ''}
${p.occurrences.length
  ? html`<h2>${t.colOccurrence}</h2>
<ul>${p.occurrences.map(({ occ, counts }) => html`<li><a href="/admin/registrations/occurrences/${occ.occurrenceId}">${formatWhen(occ.startsAt, occ.endsAt, p.locale)}</a>${counts ? ` – ${t.colConfirmed.toLowerCase()}: ${counts.confirmedSeats}/${counts.capacity}, ${t.colWaiting.toLowerCase()}: ${counts.waitlisted}` : ''}</li>`)}</ul>`
  : ''}`;
}

// ---------- an occurrence: attendees ----------

function answersCell(questions: Question[], a: Record<string, string>, locale: Locale): SafeHtml {
  const items = questions.filter((q) => a[q.id]).map((q) => html`<li>${locale === 'en' && q.label_en ? q.label_en : q.label_sv}: ${a[q.id]}</li>`);
  return items.length ? html`<ul class="reg-answers">${items}</ul>` : html``;
}

export function occurrenceView(p: {
  locale: Locale;
  csrf: string;
  occ: StaffOccurrence;
  counts: SeatCounts;
  rows: AttendeeRow[];
  questions: Question[];
  can: Can;
  notices: Notices;
  settingsValues: Values;
  settingsErrors?: FieldErrors | undefined;
  messageValues: Values;
  messageErrors?: FieldErrors | undefined;
}): SafeHtml {
  const t = registrationMessages(p.locale);
  const id = p.occ.occurrenceId;
  const sv = p.settingsValues;
  const se = p.settingsErrors ?? {};
  const mv = p.messageValues;
  const me = p.messageErrors ?? {};
  const cancelReason = (r: AttendeeRow) => (r.cancel_reason ? ` (${t[`cancel_${r.cancel_reason}`]})` : '');
  return html`${notices(p.notices)}
<dl class="facts">
  <dt>${t.colWhen}</dt><dd>${formatWhen(p.occ.startsAt, p.occ.endsAt, p.locale)}</dd>
  <dt>${t.where}</dt><dd>${venueIn(p.occ, p.locale)}</dd>
</dl>
<p class="admin-actions">
  ${p.can.checkIn ? html`<a class="button" href="${checkInPath(id)}">${t.checkInLink}</a>` : ''}
  ${p.can.export ? html`<a href="/admin/registrations/occurrences/${id}/attendees.csv">${t.exportCsv}</a>` : ''}
</p>
<h2>${t.countsHeading}</h2>
${countsView(t, p.counts)}
<h2>${t.attendees}</h2>
${p.rows.length === 0
  ? html`<p>${t.noAttendees}</p>`
  : html`<div class="table-scroll"><table class="admin-table">
  <thead><tr>
    <th scope="col">${t.colArrival}</th><th scope="col">${t.colName}</th><th scope="col">${t.colEmail}</th><th scope="col">${t.colSeats}</th>
    <th scope="col">${t.colStatus}</th><th scope="col">${t.colCode}</th>${p.questions.length ? html`<th scope="col">${t.colAnswers}</th>` : ''}
    ${p.can.cancel ? html`<th scope="col">${t.colActions}</th>` : ''}
  </tr></thead>
  <tbody>${p.rows.map(
    (r) => html`<tr>
    <td>${r.arrival}</td>
    <th scope="row">${r.erased_at ? t.erasedName : r.name}</th>
    <td class="break">${r.email ?? ''}</td>
    <td>${r.seats}</td>
    <td>${statusText(t, r.status)}${r.position !== null ? html` (${t.colPosition.toLowerCase()} ${r.position})` : ''}${cancelReason(r)}${r.status === 'offered' && r.offer_expires_at ? html`<br><span class="muted">→ ${formatMoment(r.offer_expires_at, p.locale)}</span>` : ''}${r.checked_in_at ? html`<br><span class="muted">${formatMoment(r.checked_in_at, p.locale)}${r.checked_in_by_name ? `, ${r.checked_in_by_name}` : ''}</span>` : ''}</td>
    <td><code>${formatTicketCode(r.ticket_code)}</code></td>
    ${p.questions.length ? html`<td>${answersCell(p.questions, r.answers, p.locale)}</td>` : ''}
    ${p.can.cancel
      ? html`<td>${['confirmed', 'waitlisted', 'offered'].includes(r.status)
          ? html`<form method="post" action="/admin/registrations/registrations/${r.id}/cancel" class="inline-form" data-module="confirm"${attrs({ 'data-confirm': t.cancelConfirm })}>${csrfField(p.csrf)}<button type="submit" class="button secondary">${t.staffCancelButton}<span class="visually-hidden">: ${r.name}</span></button></form>`
          : ''}</td>`
      : ''}
  </tr>`,
  )}</tbody>
</table></div>`}
${p.can.configure
  ? html`<h2 id="settings">${t.occurrenceSettings}</h2>
${errorSummary(p.locale, p.settingsErrors, { capacity: t.fieldCapacity, opens_at: t.fieldOpensAt, closes_at: t.fieldClosesAt })}
<form method="post" action="/admin/registrations/occurrences/${id}/settings" novalidate class="stack admin-form">
  ${csrfField(p.csrf)}
  ${textField({ name: 'capacity', label: t.fieldCapacity, type: 'number', value: sv.capacity, error: se.capacity, required: true })}
  ${textField({ name: 'opens_at', label: t.fieldOpensAt, hint: t.fieldOpensAtHint, type: 'datetime-local', value: sv.opens_at, error: se.opens_at })}
  ${textField({ name: 'closes_at', label: t.fieldClosesAt, hint: t.fieldClosesAtHint, type: 'datetime-local', value: sv.closes_at, error: se.closes_at })}
  ${checkbox({ name: 'enabled', label: t.fieldEnabled, checked: sv.enabled === 'on' })}
  <p><button type="submit" class="button">${t.saveSettings}</button></p>
</form>`
  : ''}
${p.can.message
  ? html`<h2 id="message">${t.messageHeading}</h2>
${errorSummary(p.locale, p.messageErrors, { subject: t.fieldSubject, body: t.fieldBody })}
<form method="post" action="/admin/registrations/occurrences/${id}/message" novalidate class="stack admin-form">
  ${csrfField(p.csrf)}
  ${textField({ name: 'subject', label: t.fieldSubject, value: mv.subject, error: me.subject, required: true, maxlength: LIMITS.messageSubject })}
  ${textArea({ name: 'body', label: t.fieldBody, value: mv.body, error: me.body, required: true, maxlength: LIMITS.messageBody, rows: 6 })}
  ${checkbox({ name: 'include_waiting', label: t.fieldIncludeWaiting, checked: mv.include_waiting === 'on' })}
  <p><button type="submit" class="button">${t.sendMessage}</button></p>
</form>`
  : ''}
${p.can.releaseNoShows
  ? html`<h2 id="no-shows">${t.noShowsHeading}</h2>
<p>${t.noShowsExplain}</p>
<form method="post" action="/admin/registrations/occurrences/${id}/no-shows" data-module="confirm"${attrs({ 'data-confirm': t.noShowsConfirm })}>
  ${csrfField(p.csrf)}
  <button type="submit" class="button danger">${t.noShowsButton}</button>
</form>`
  : ''}`;
}

// ---------- check-in ----------

export function checkInView(p: {
  locale: Locale;
  csrf: string;
  occ: StaffOccurrence;
  counts: SeatCounts;
  value: string | undefined;
  error?: string | undefined;
  result?: { kind: 'success' | 'warning'; text: string } | undefined;
}): SafeHtml {
  const t = registrationMessages(p.locale);
  const id = p.occ.occurrenceId;
  return html`<p>${formatWhen(p.occ.startsAt, p.occ.endsAt, p.locale)}, ${venueIn(p.occ, p.locale)}</p>
<div role="status" aria-live="polite" class="checkin-live">${p.result ? html`<p class="notice notice-${p.result.kind} checkin-result">${p.result.text}</p>` : ''}</div>
<p>${t.checkInLead}</p>
<form method="post" action="${checkInPath(id)}" class="stack checkin-form" novalidate data-checkin${attrs({ 'data-scan-label': t.scanButton, 'data-stop-label': t.scanStop, 'data-unsupported': t.scanUnsupported })}>
  ${csrfField(p.csrf)}
  <div class="field${p.error ? ' field-error' : ''}">
    <label for="f-code">${t.fieldCode}</label>
    <p class="hint" id="f-code-hint">${t.fieldCodeHint}</p>
    ${p.error ? html`<p class="error-message" id="f-code-error">${p.error}</p>` : ''}
    <input${attrs({
      id: 'f-code',
      name: 'code',
      type: 'text',
      value: p.value,
      autocomplete: 'off',
      autocapitalize: 'characters',
      spellcheck: 'false',
      maxlength: 40,
      required: true,
      autofocus: true,
      'aria-invalid': p.error ? 'true' : undefined,
      'aria-describedby': p.error ? 'f-code-hint f-code-error' : 'f-code-hint',
    })}>
  </div>
  <p><button type="submit" class="button reg-submit">${t.checkInButton}</button></p>
</form>
<h2>${t.countsHeading}</h2>
${countsView(t, p.counts)}
<p><a href="/admin/registrations/occurrences/${id}">${t.attendees}</a></p>`;
}
