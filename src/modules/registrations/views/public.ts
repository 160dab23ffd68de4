// Public pages of registration: the sign-up form for one occurrence and the visitor's ticket page
// (ticket, waiting-list place, offer to answer, cancel). Phone first: one column, big targets.
import { attrs, html, type SafeHtml } from '../../../platform/html.ts';
import { csrfField, errorSummary, notice, selectField, textField } from '../../../platform/layout.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import type { FieldErrors } from '../../../platform/errors.ts';
import { registrationMessages, statusText } from '../registrations.messages.ts';
import { eventPagePath, formatMoment, formatWhen, titleIn, venueIn } from '../registrations.format.ts';
import { formatTicketCode, maxSeats, type WindowState } from '../registrations.rules.ts';
import { LIMITS, type Question, type RegistrationStatus } from '../registrations.schema.ts';
import type { PublicOccurrence, SeatCounts } from '../registrations.queries.ts';

type Values = Record<string, string | undefined>;

function occurrenceFacts(locale: Locale, occ: PublicOccurrence): SafeHtml {
  const t = registrationMessages(locale);
  return html`<dl class="facts reg-facts">
  <dt>${t.when}</dt><dd>${formatWhen(occ.startsAt, occ.endsAt, locale)}</dd>
  <dt>${t.where}</dt><dd>${venueIn(occ, locale)}${occ.address ? html`<br>${occ.address}` : ''}</dd>
</dl>`;
}

export function questionLabel(q: Question, locale: Locale): string {
  return locale === 'en' && q.label_en ? q.label_en : q.label_sv;
}

export interface SignUpViewProps {
  locale: Locale;
  occ: PublicOccurrence;
  counts: SeatCounts;
  window: WindowState;
  csrf: string;
  action: string;
  idem: string;
  values?: Values;
  errors?: FieldErrors | undefined;
  /** A message about the whole form (refused, already registered). */
  message?: { kind: 'warning' | 'info'; text: string } | undefined;
  /** Set when the item needs an account and the visitor is not signed in: where to sign in. */
  signInHref?: string | undefined;
  /** The signed-in person's name and address, filled in. */
  account?: { name: string; email: string } | undefined;
}

export function signUpView(p: SignUpViewProps): SafeHtml {
  const t = registrationMessages(p.locale);
  const s = p.occ.settings;
  const limit = maxSeats(s.max_group_size, s.capacity);
  const full = p.counts.available <= 0;
  const waitlistRoom = s.waitlist_capacity - p.counts.waitlistedSeats;
  const availability = p.occ.cancelled
    ? t.cancelledOccurrence
    : p.window.state === 'not_open_yet'
      ? t.notOpenYet(formatMoment(p.window.opensAt, p.locale))
      : p.window.state === 'closed'
        ? t.closed
        : !full
          ? t.seatsLeft(p.counts.available)
          : s.waitlist_capacity === 0
            ? t.fullNoWaitlist
            : waitlistRoom <= 0
              ? t.waitlistFull
              : t.fullWithWaitlist;
  const canSubmit = p.window.state === 'open' && (!full || waitlistRoom > 0);
  const closes = s.closes_at ?? p.occ.startsAt;
  const v = p.values ?? {};
  const labels: Record<string, string> = { name: t.fieldName, email: t.fieldEmail, seats: t.fieldSeats };
  for (const q of s.questions) labels[q.id] = questionLabel(q, p.locale);
  const form = html`<form method="post" action="${p.action}" class="stack reg-form" novalidate>
  ${csrfField(p.csrf)}
  <input type="hidden" name="idem" value="${p.idem}">
  ${textField({ name: 'name', label: t.fieldName, hint: t.fieldNameHint, value: v.name ?? p.account?.name, error: p.errors?.name, required: true, autocomplete: 'name', maxlength: LIMITS.name })}
  ${textField({ name: 'email', label: t.fieldEmail, hint: t.fieldEmailHint, type: 'email', value: v.email ?? p.account?.email, error: p.errors?.email, required: true, autocomplete: 'email', maxlength: LIMITS.email })}
  ${selectField({
    name: 'seats',
    label: t.fieldSeats,
    hint: t.fieldSeatsHint(limit),
    value: v.seats ?? '1',
    error: p.errors?.seats,
    options: Array.from({ length: limit }, (_, i) => ({ value: String(i + 1), label: t.seatOption(i + 1) })),
  })}
  ${s.questions.map((q) =>
    textField({ name: q.id, label: q.required ? questionLabel(q, p.locale) : `${questionLabel(q, p.locale)} ${t.optional}`, value: v[q.id], error: p.errors?.[q.id], required: q.required, maxlength: LIMITS.answer }),
  )}
  <p><button type="submit" class="button reg-submit">${full ? t.submitWaitlist : t.submitSignUp}</button></p>
</form>`;
  return html`<p><a href="${eventPagePath(p.locale, p.occ.slug)}">${t.backToEvent}: ${titleIn(p.occ, p.locale)}</a></p>
${occurrenceFacts(p.locale, p.occ)}
<p class="reg-availability">${availability}${p.window.state === 'open' ? html` ${t.closesAt(formatMoment(closes, p.locale))}` : ''}</p>
${p.message ? notice(p.message.kind, p.message.text) : ''}
${canSubmit ? html`<h2>${t.signUpHeading}</h2>
${errorSummary(p.locale, p.errors, labels)}
${p.signInHref ? html`<p>${t.accountRequired}</p><p><a class="button" href="${p.signInHref}">${t.signInToRegister}</a></p>` : form}
<p class="hint">${t.privacyNote(s.erase_after_days)}</p>` : ''}`;
}

// ---------- the ticket page ----------

export interface TicketViewProps {
  locale: Locale;
  occ: PublicOccurrence | undefined;
  reg: {
    status: RegistrationStatus;
    name: string;
    seats: number;
    ticket_code: string;
    offer_expires_at: Date | null;
    checked_in_at: Date | null;
    erased_at: Date | null;
  };
  position: number | undefined;
  qrDataUrl: string | undefined;
  csrf: string;
  cancelAction: string;
  answerAction: string;
  icsHref: string;
  notices: { kind: 'success' | 'info' | 'warning'; text: string }[];
}

export function ticketView(p: TicketViewProps): SafeHtml {
  const t = registrationMessages(p.locale);
  const r = p.reg;
  const code = formatTicketCode(r.ticket_code);
  const valid = r.status === 'confirmed' || r.status === 'checked_in';
  const cancellable = r.status === 'confirmed' || r.status === 'waitlisted' || r.status === 'offered';
  return html`${p.notices.map((n) => notice(n.kind, n.text))}
${p.occ
  ? html`<h2>${titleIn(p.occ, p.locale)}</h2>
${occurrenceFacts(p.locale, p.occ)}
<p><a href="${eventPagePath(p.locale, p.occ.slug)}">${t.backToEvent}</a></p>`
  : ''}
<dl class="facts reg-facts">
  <dt>${t.statusLabel}</dt><dd><strong class="reg-status reg-status-${r.status}">${statusText(t, r.status)}</strong></dd>
  <dt>${t.nameLabel}</dt><dd>${r.erased_at ? t.erasedNote : r.name}</dd>
  <dt>${t.seatsLabel}</dt><dd>${t.seatsText(r.seats)}</dd>
</dl>
${p.position !== undefined ? html`<p class="reg-position">${t.positionText(p.position)}</p>` : ''}
${r.status === 'checked_in' && r.checked_in_at ? html`<p>${t.checkedInAt(formatMoment(r.checked_in_at, p.locale))}</p>` : ''}
${valid
  ? html`<section class="reg-ticket" aria-labelledby="ticket-code-label">
  ${p.qrDataUrl ? html`<img class="reg-qr" src="${p.qrDataUrl}" alt="${t.qrAlt(code)}" width="222" height="222">` : ''}
  <p><span id="ticket-code-label">${t.ticketCode}</span>: <strong class="reg-code">${code}</strong></p>
  <p>${t.showAtEntrance}</p>
  <p><a href="${p.icsHref}" download>${t.addToCalendar}</a></p>
</section>`
  : ''}
${r.status === 'offered' && r.offer_expires_at
  ? html`<section class="reg-offer" aria-labelledby="offer-heading">
  <h2 id="offer-heading">${t.offerHeading}</h2>
  <p>${t.offerExplain(r.seats, formatMoment(r.offer_expires_at, p.locale))}</p>
  <form method="post" action="${p.answerAction}" class="reg-actions">
    ${csrfField(p.csrf)}
    <button type="submit" name="answer" value="accept" class="button">${t.acceptButton}</button>
    <button type="submit" name="answer" value="decline" class="button secondary">${t.declineButton}</button>
  </form>
</section>`
  : ''}
${cancellable && r.status !== 'offered'
  ? html`<section class="reg-cancel" aria-labelledby="cancel-heading">
  <h2 id="cancel-heading">${t.cancelHeading}</h2>
  <p>${r.status === 'waitlisted' ? t.cancelWaitlistExplain : t.cancelExplain}</p>
  <form method="post" action="${p.cancelAction}" data-module="confirm"${attrs({ 'data-confirm': t.cancelConfirm })}>
    ${csrfField(p.csrf)}
    <button type="submit" class="button danger">${r.status === 'waitlisted' ? t.leaveWaitlistButton : t.cancelButton}</button>
  </form>
</section>`
  : ''}`;
}

export function invalidLinkView(locale: Locale): SafeHtml {
  const t = registrationMessages(locale);
  return html`<p>${t.invalidLink}</p>`;
}
