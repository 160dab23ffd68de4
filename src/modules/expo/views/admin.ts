// Staff pages of the programme: the list, the item form (submission and scheduling), the review and
// the releases. Views get computed abilities; the routes authorize every action.
import { attrs, html, richText, type SafeHtml } from '../../../platform/html.ts';
import { checkbox, csrfField, errorSummary, notice, selectField, textArea, textField } from '../../../platform/layout.ts';
import type { FieldErrors } from '../../../platform/errors.ts';
import { formatDateTime, type Locale } from '../../../platform/i18n/i18n.ts';
import { expoMessages, type ExpoMessages } from '../expo.messages.ts';
import {
  ACCESSIBILITY_FEATURES,
  ATTENDANCE_MODES,
  AUDIENCES,
  BOOKING_MODES,
  EVENT_STATES,
  EVENT_STATUSES,
  EVENT_TYPES,
  LANGUAGES,
  LIMITS,
  REVIEW_DECISIONS,
  SDGS,
  THEMES,
  type EventState,
  type EventStatus,
} from '../expo.schema.ts';
import type { AdminEvent, AdminEventListRow, AreaRow, ReleaseRow, VenueRow } from '../expo.queries.ts';
import type { ScheduleWarning } from '../expo.commands.ts';
import { localDate, localTime } from '../expo.time.ts';
import { accessLabel, audienceLabel, changeLabel, eventPath, languageLabel, stateLabel, statusLabel, themeLabel, typeLabel, whenLabel } from './format.ts';

export type FormValues = Record<string, string | string[] | undefined>;

const str = (v: FormValues, k: string): string | undefined => {
  const x = v[k];
  return Array.isArray(x) ? x[0] : x;
};
const list = (v: FormValues, k: string): string[] => {
  const x = v[k];
  return Array.isArray(x) ? x : x === undefined || x === '' ? [] : [x];
};

// ---------- the list ----------

export function adminListView(m: { locale: Locale; rows: AdminEventListRow[]; counts: Record<string, number>; state: EventState | undefined; canPublish: boolean; tz: string }): SafeHtml {
  const t = expoMessages(m.locale);
  return html`<p>${t.adminLead}</p>
<p><a class="button" href="/admin/program/new">${t.adminNew}</a>${m.canPublish ? html` <a class="button secondary" href="/admin/program/releases">${t.adminReleases}</a>` : ''}</p>
<nav aria-label="${t.adminFilterState}"><ul class="inline-list">
  <li><a href="/admin/program"${attrs({ 'aria-current': m.state ? undefined : 'page' })}>${t.filterAny}</a></li>
  ${EVENT_STATES.map((s) => html`<li><a href="/admin/program?state=${s}"${attrs({ 'aria-current': m.state === s ? 'page' : undefined })}>${stateLabel(t, s)} (${m.counts[s] ?? 0})</a></li>`)}
</ul></nav>
${m.rows.length === 0
  ? html`<p>${t.adminNoEvents}</p>`
  : html`<div class="table-scroll"><table>
  <caption class="visually-hidden">${t.adminTitle}</caption>
  <thead><tr><th scope="col">${t.titleSv}</th><th scope="col">${t.adminState}</th><th scope="col">${t.status}</th><th scope="col">${t.adminOrganiser}</th><th scope="col">${t.adminSlots}</th></tr></thead>
  <tbody>${m.rows.map(
    (r) => html`<tr><th scope="row"><a href="/admin/program/${r.id}">${r.title_sv}</a></th><td><span class="tag tag-state-${r.state}">${stateLabel(t, r.state)}</span></td><td>${statusLabel(t, r.status)}</td><td>${r.main_organisation ?? '–'}</td><td>${
      r.first_start ? `${localDate(r.first_start, m.tz)} ${localTime(r.first_start, m.tz)}` : '–'
    }${r.occurrence_count > 1 ? ` (+${r.occurrence_count - 1})` : ''}</td></tr>`,
  )}</tbody></table></div>`}`;
}

// ---------- the item form ----------

export interface EventFormModel {
  locale: Locale;
  csrf: string;
  action: string;
  values: FormValues;
  errors?: FieldErrors | undefined;
  warnings?: ScheduleWarning[] | undefined;
  venues: VenueRow[];
  areas: AreaRow[];
  /** Organisations the person may name as main organiser. */
  organisations: { id: number; name: string }[];
  allOrganisations: { id: number; name: string }[];
  isTeam: boolean;
  isNew: boolean;
  slotCount: number;
}

function fieldLabels(t: ExpoMessages, slotCount: number): Record<string, string> {
  const labels: Record<string, string> = {
    title_sv: t.titleSv,
    title_en: t.titleEn,
    description_sv: t.descriptionSv,
    description_en: t.descriptionEn,
    type: t.type,
    themes: t.themes,
    sdgs: t.sdgs,
    audience: t.audience,
    age_min: t.ageMin,
    age_max: t.ageMax,
    languages: t.languages,
    accessibility: t.accessibility,
    price_adult: `${t.price}: ${t.price_adult}`,
    price_student: `${t.price}: ${t.price_student}`,
    price_child: `${t.price}: ${t.price_child}`,
    price_senior: `${t.price}: ${t.price_senior}`,
    booking_mode: t.bookingMode,
    booking_url: t.bookingUrl,
    attendance_mode: t.attendanceMode,
    online_url: t.onlineUrl,
    image_url: t.imageUrl,
    image_alt_sv: t.imageAltSv,
    image_alt_en: t.imageAltEn,
    contact_email: t.contactEmail,
    main_organisation: t.mainOrganisation,
    co_organisations: t.coOrganisations,
    status: t.eventStatus,
    repeat_weekdays: t.repeatWeekdays,
    repeat_until: t.repeatUntil,
    repeat_interval: t.repeatInterval,
    repeat_except: t.repeatExcept,
    period_from: t.periodFrom,
    period_to: t.periodTo,
    period_venue: t.periodVenue,
  };
  for (let n = 1; n <= slotCount; n++) {
    labels[`slot${n}_date`] = `${t.slotN(n)}: ${t.slotDate}`;
    labels[`slot${n}_start`] = `${t.slotN(n)}: ${t.slotStart}`;
    labels[`slot${n}_end`] = `${t.slotN(n)}: ${t.slotEnd}`;
    labels[`slot${n}_venue`] = `${t.slotN(n)}: ${t.slotVenue}`;
  }
  return labels;
}

function checkboxGroup(name: string, legend: string, options: { value: string; label: string }[], checked: string[], error?: string): SafeHtml {
  return html`<fieldset id="f-${name}"${attrs({ class: error ? 'field-error' : undefined, 'aria-describedby': error ? `f-${name}-error` : undefined })}><legend>${legend}</legend>
  ${error ? html`<p class="error-message" id="f-${name}-error">${error}</p>` : ''}
  <div class="checkbox-group">${options.map((o) => checkbox({ name, value: o.value, label: o.label, checked: checked.includes(o.value) }))}</div></fieldset>`;
}

function venueSelect(name: string, label: string, value: string | undefined, error: string | undefined, m: EventFormModel): SafeHtml {
  const t = expoMessages(m.locale);
  const id = `f-${name}`;
  return html`<div class="field${error ? ' field-error' : ''}"><label for="${id}">${label}</label>
  ${error ? html`<p class="error-message" id="${id}-error">${error}</p>` : ''}
  <select${attrs({ id, name, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': error ? `${id}-error` : undefined })}>
    <option value="">${t.chooseVenue}</option>
    ${m.areas.map(
      (a) => html`<optgroup label="${a.name_sv}">${m.venues
        .filter((v) => v.area_id === a.id)
        .map((v) => html`<option value="${v.id}"${attrs({ selected: String(v.id) === value })}>${v.name_sv}</option>`)}</optgroup>`,
    )}
  </select></div>`;
}

export function eventFormView(m: EventFormModel): SafeHtml {
  const t = expoMessages(m.locale);
  const v = m.values;
  const e = m.errors ?? {};
  const tf = (name: string, label: string, o: Partial<Parameters<typeof textField>[0]> = {}) => textField({ name, label, value: str(v, name), error: e[name], ...o });
  const slots: SafeHtml[] = [];
  for (let n = 1; n <= m.slotCount; n++) {
    const f = `slot${n}`;
    const id = str(v, `${f}_id`);
    slots.push(html`<fieldset class="slot-row"><legend>${t.slotN(n)}</legend>
      ${id ? html`<input type="hidden" name="${f}_id" value="${id}">` : ''}
      ${tf(`${f}_date`, t.slotDate, { type: 'date' })}
      ${tf(`${f}_start`, t.slotStart, { type: 'time' })}
      ${tf(`${f}_end`, t.slotEnd, { type: 'time' })}
      ${venueSelect(`${f}_venue`, t.slotVenue, str(v, `${f}_venue`), e[`${f}_venue`], m)}
    </fieldset>`);
  }
  const warnings = m.warnings ?? [];
  const orgOptions = m.organisations.map((o) => ({ value: String(o.id), label: o.name }));
  const co = list(v, 'co_organisations');
  return html`${errorSummary(m.locale, m.errors, fieldLabels(t, m.slotCount))}
${warnings.length
  ? html`<div class="warning-list" role="alert"><h2>${t.warningsTitle}</h2><p>${t.warningsLead}</p><ul>${warnings.map((w) => html`<li>${w.message}</li>`)}</ul></div>`
  : ''}
<form method="post" action="${m.action}" class="admin-form" novalidate>
${csrfField(m.csrf)}
<fieldset><legend>${t.formBasics}</legend>
  ${tf('title_sv', t.titleSv, { required: true, maxlength: LIMITS.title, lang: 'sv' })}
  ${tf('title_en', t.titleEn, { maxlength: LIMITS.title, lang: 'en' })}
  ${selectField({ name: 'type', label: t.type, value: str(v, 'type') ?? 'talk', error: e.type, options: EVENT_TYPES.map((x) => ({ value: x, label: typeLabel(t, x) })) })}
  ${textArea({ name: 'description_sv', label: t.descriptionSv, value: str(v, 'description_sv'), error: e.description_sv, hint: t.descriptionHint, lang: 'sv', rows: 8 })}
  ${textArea({ name: 'description_en', label: t.descriptionEn, value: str(v, 'description_en'), error: e.description_en, lang: 'en', rows: 6 })}
  ${checkboxGroup('themes', t.themes, THEMES.map((x) => ({ value: x, label: themeLabel(t, x) })), list(v, 'themes'), e.themes)}
  ${checkboxGroup('sdgs', t.sdgs, SDGS.map((n) => ({ value: String(n), label: t.sdg(n) })), list(v, 'sdgs'), e.sdgs)}
  ${m.isTeam ? selectField({ name: 'status', label: t.eventStatus, value: str(v, 'status') ?? 'scheduled', error: e.status, options: EVENT_STATUSES.map((x) => ({ value: x, label: statusLabel(t, x) })) }) : ''}
</fieldset>
<fieldset><legend>${t.formWhen}</legend>
  <p class="hint">${t.formWhenLead}</p>
  ${slots}
  <fieldset><legend>${t.repeatLegend}</legend>
    ${checkboxGroup('repeat_weekdays', t.repeatWeekdays, [1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: t[`weekday_${d as 1}`] })), list(v, 'repeat_weekdays'), e.repeat_weekdays)}
    ${tf('repeat_until', t.repeatUntil, { type: 'date' })}
    ${tf('repeat_interval', t.repeatInterval, { type: 'number' })}
    ${tf('repeat_except', t.repeatExcept)}
  </fieldset>
  <fieldset><legend>${t.periodLegend}</legend>
    ${tf('period_from', t.periodFrom, { type: 'date' })}
    ${tf('period_to', t.periodTo, { type: 'date' })}
    ${venueSelect('period_venue', t.periodVenue, str(v, 'period_venue'), e.period_venue, m)}
  </fieldset>
</fieldset>
<fieldset><legend>${t.formAudience}</legend>
  ${checkboxGroup('audience', t.audience, AUDIENCES.map((x) => ({ value: x, label: audienceLabel(t, x) })), list(v, 'audience'), e.audience)}
  ${tf('age_min', t.ageMin, { type: 'number' })}
  ${tf('age_max', t.ageMax, { type: 'number' })}
  ${checkboxGroup('languages', t.languages, LANGUAGES.map((x) => ({ value: x, label: languageLabel(t, x) })), list(v, 'languages'), e.languages)}
  ${checkboxGroup('accessibility', t.accessibility, ACCESSIBILITY_FEATURES.map((x) => ({ value: x, label: accessLabel(t, x) })), list(v, 'accessibility'), e.accessibility)}
</fieldset>
<fieldset><legend>${t.formPrice}</legend>
  <p class="hint">${t.formPriceLead}</p>
  ${(['adult', 'student', 'child', 'senior'] as const).map((c) => tf(`price_${c}`, `${t.price}: ${t[`price_${c}`]}`))}
  ${selectField({ name: 'booking_mode', label: t.bookingMode, value: str(v, 'booking_mode') ?? 'none', error: e.booking_mode, options: BOOKING_MODES.map((x) => ({ value: x, label: t[`booking_${x}`] })) })}
  ${tf('booking_url', t.bookingUrl, { type: 'url' })}
  ${selectField({ name: 'attendance_mode', label: t.attendanceMode, value: str(v, 'attendance_mode') ?? 'offline', error: e.attendance_mode, options: ATTENDANCE_MODES.map((x) => ({ value: x, label: t[`attendance_${x}`] })) })}
  ${tf('online_url', t.onlineUrl, { type: 'url' })}
</fieldset>
<fieldset><legend>${t.formOrganisers}</legend>
  ${selectField({ name: 'main_organisation', label: t.mainOrganisation, value: str(v, 'main_organisation'), error: e.main_organisation, options: orgOptions })}
  <div class="field${e.co_organisations ? ' field-error' : ''}"><label for="f-co_organisations">${t.coOrganisations}</label><p class="hint" id="f-co_organisations-hint">${t.coOrganisationsHint}</p>
  ${e.co_organisations ? html`<p class="error-message">${e.co_organisations}</p>` : ''}
  <select id="f-co_organisations" name="co_organisations" multiple size="6" aria-describedby="f-co_organisations-hint">${m.allOrganisations.map(
    (o) => html`<option value="${o.id}"${attrs({ selected: co.includes(String(o.id)) })}>${o.name}</option>`,
  )}</select></div>
  ${tf('contact_email', t.contactEmail, { type: 'email', autocomplete: 'email' })}
</fieldset>
<fieldset><legend>${t.formImage}</legend>
  ${tf('image_url', t.imageUrl, { type: 'url' })}
  ${tf('image_alt_sv', t.imageAltSv, { lang: 'sv' })}
  ${tf('image_alt_en', t.imageAltEn, { lang: 'en' })}
</fieldset>
${warnings.length ? checkbox({ name: 'confirm_warnings', label: t.confirmWarnings }) : ''}
<p>${m.isNew || !m.isTeam
    ? html`<button type="submit" name="intent" value="save" class="button secondary">${t.saveDraft}</button> <button type="submit" name="intent" value="submit" class="button">${t.saveAndSubmit}</button>`
    : html`<button type="submit" name="intent" value="save" class="button">${t.save}</button>`}</p>
</form>`;
}

// ---------- one item: review, schedule, workflow ----------

export interface EventAdminModel {
  locale: Locale;
  csrf: string;
  tz: string;
  event: AdminEvent;
  venues: Map<number, VenueRow>;
  can: { edit: boolean; submit: boolean; withdraw: boolean; review: boolean; schedule: boolean };
  published: boolean;
  form?: SafeHtml | undefined;
  /** The section linking innovation initiatives (views/links.ts). */
  links?: SafeHtml | undefined;
  reviewErrors?: FieldErrors | undefined;
  reviewValues?: FormValues | undefined;
  notices?: { kind: 'success' | 'info' | 'warning'; text: string }[];
}

export function eventAdminView(m: EventAdminModel): SafeHtml {
  const t = expoMessages(m.locale);
  const ev = m.event;
  const reviewErrors = m.reviewErrors ?? {};
  return html`${(m.notices ?? []).map((n) => notice(n.kind, n.text))}
<dl class="facts">
  <dt>${t.adminState}</dt><dd><span class="tag tag-state-${ev.state}">${stateLabel(t, ev.state)}</span></dd>
  <dt>${t.status}</dt><dd>${statusLabel(t, ev.status)}</dd>
  <dt>${t.organisers}</dt><dd>${ev.organisers.map((o) => (o.is_main ? `${o.name} (${t.mainOrganiser})` : o.name)).join(', ')}</dd>
  ${m.published ? html`<dt>${t.publicPage}</dt><dd><a href="${eventPath('sv', ev.slug)}">${eventPath('sv', ev.slug)}</a></dd>` : ''}
</dl>
${ev.review_reason ? html`<section class="notice notice-info" aria-labelledby="reason-title"><h2 id="reason-title">${t.reviewReasonShown}</h2>${richText(ev.review_reason)}</section>` : ''}
${m.can.submit || m.can.withdraw
  ? html`<p>${m.can.submit ? html`<form method="post" action="/admin/program/${ev.id}/submit" class="inline-form">${csrfField(m.csrf)}<button type="submit" class="button">${t.submit}</button></form> ` : ''}${
      m.can.withdraw ? html`<form method="post" action="/admin/program/${ev.id}/withdraw" class="inline-form" data-module="confirm" data-confirm="${t.withdraw}?">${csrfField(m.csrf)}<button type="submit" class="button secondary">${t.withdraw}</button></form>` : ''
    }</p>`
  : ''}
<h2>${t.occurrences}</h2>
${ev.occurrences.length === 0
  ? html`<p>–</p>`
  : html`<div class="table-scroll"><table><caption class="visually-hidden">${t.occurrences}</caption>
  <thead><tr><th scope="col">${t.when}</th><th scope="col">${t.venue}</th><th scope="col">${t.status}</th>${m.can.schedule ? html`<th scope="col"><span class="visually-hidden">${t.status}</span></th>` : ''}</tr></thead>
  <tbody>${ev.occurrences.map((o) => {
    const venue = m.venues.get(o.venue_id);
    return html`<tr><th scope="row">${whenLabel(o, m.tz, m.locale)}</th><td>${venue?.name_sv ?? '–'}</td><td>${statusLabel(t, o.status)}</td>${
      m.can.schedule
        ? html`<td><form method="post" action="/admin/program/${ev.id}/occurrences/${o.id}/status" class="inline-form">${csrfField(m.csrf)}<input type="hidden" name="status" value="${o.status === 'cancelled' ? 'scheduled' : 'cancelled'}"><button type="submit" class="link-button">${
            o.status === 'cancelled' ? t.restoreOccurrence : t.cancelOccurrence
          }<span class="visually-hidden"> ${whenLabel(o, m.tz, m.locale)}</span></button></form></td>`
        : ''
    }</tr>`;
  })}</tbody></table></div>`}
${m.can.review
  ? html`<section aria-labelledby="review-title"><h2 id="review-title">${t.reviewTitle}</h2>
  ${errorSummary(m.locale, m.reviewErrors, { decision: t.reviewDecision, reason: t.reviewReason })}
  <form method="post" action="/admin/program/${ev.id}/review" novalidate>${csrfField(m.csrf)}
    ${selectField({ name: 'decision', label: t.reviewDecision, value: str(m.reviewValues ?? {}, 'decision') ?? 'accept', error: reviewErrors.decision, options: REVIEW_DECISIONS.map((d) => ({ value: d, label: t[`decision_${d}`] })) })}
    ${textArea({ name: 'reason', label: t.reviewReason, value: str(m.reviewValues ?? {}, 'reason'), error: reviewErrors.reason, required: true, maxlength: LIMITS.reason, rows: 4 })}
    <p><button type="submit" class="button">${t.reviewSend}</button></p>
  </form></section>`
  : ''}
${ev.reviews.length
  ? html`<h2>${t.reviewHistory}</h2><ul>${ev.reviews.map((r) => html`<li><strong>${t[`decision_${r.decision as 'accept'}`]}</strong> – ${r.reviewer_label}, ${formatDateTime(r.created_at, m.locale)}: ${r.reason}</li>`)}</ul>`
  : ''}
${m.links ?? ''}
${m.form ? html`<h2>${t.adminEdit}</h2>${m.form}` : ''}`;
}

/** The form values of a saved item (prices in kronor, slots as rows, the rule in slot 1). */
export function valuesOf(ev: AdminEvent, tz: string): { values: FormValues; slotCount: number } {
  const kr = (ore: number) => (ore % 100 === 0 ? String(ore / 100) : (ore / 100).toFixed(2).replace('.', ','));
  const values: FormValues = {
    title_sv: ev.title_sv,
    title_en: ev.title_en,
    description_sv: ev.description_sv,
    description_en: ev.description_en,
    type: ev.type,
    themes: ev.themes,
    sdgs: ev.sdgs.map(String),
    audience: ev.audience,
    age_min: ev.age_min === null ? undefined : String(ev.age_min),
    age_max: ev.age_max === null ? undefined : String(ev.age_max),
    languages: ev.languages,
    accessibility: ev.accessibility,
    booking_mode: ev.booking_mode,
    booking_url: ev.booking_url ?? undefined,
    attendance_mode: ev.attendance_mode,
    online_url: ev.online_url ?? undefined,
    image_url: ev.image_url ?? undefined,
    image_alt_sv: ev.image_alt_sv,
    image_alt_en: ev.image_alt_en,
    contact_email: ev.contact_email ?? undefined,
    status: ev.status as EventStatus,
    main_organisation: String(ev.organisers.find((o) => o.is_main)?.organisation_id ?? ''),
    co_organisations: ev.organisers.filter((o) => !o.is_main).map((o) => String(o.organisation_id)),
  };
  for (const p of ev.prices) values[`price_${p.category}`] = kr(p.amount_ore);
  let n = 0;
  const r = ev.recurrence;
  if (r) {
    n = 1;
    Object.assign(values, {
      slot1_date: r.first_date,
      slot1_start: r.start_time,
      slot1_end: r.end_time,
      slot1_venue: String(r.venue_id),
      repeat_weekdays: r.weekdays.map(String),
      repeat_until: r.last_date,
      repeat_interval: String(r.interval_weeks),
      repeat_except: r.exceptions.join(', '),
    });
  }
  for (const o of ev.occurrences.filter((x) => x.recurrence_id === null && !x.all_day)) {
    n++;
    Object.assign(values, {
      [`slot${n}_id`]: String(o.id),
      [`slot${n}_date`]: localDate(o.starts_at, tz),
      [`slot${n}_start`]: localTime(o.starts_at, tz),
      [`slot${n}_end`]: localTime(o.ends_at, tz),
      [`slot${n}_venue`]: String(o.venue_id),
    });
  }
  const period = ev.occurrences.find((x) => x.all_day && x.recurrence_id === null);
  if (period) {
    values.period_from = localDate(period.starts_at, tz);
    values.period_to = localDate(new Date(period.ends_at.getTime() - 1), tz);
    values.period_venue = String(period.venue_id);
  }
  return { values, slotCount: Math.max(3, n + 2) };
}

// ---------- releases ----------

export function releasesView(m: {
  locale: Locale;
  csrf: string;
  pending: { kind: string; title_sv: string; event_slug: string }[];
  releases: ReleaseRow[];
  errors?: FieldErrors | undefined;
  notices?: { kind: 'success' | 'info' | 'warning'; text: string }[];
}): SafeHtml {
  const t = expoMessages(m.locale);
  return html`${(m.notices ?? []).map((n) => notice(n.kind, n.text))}
<p>${t.publishLead}</p>
<section aria-labelledby="pending-title"><h2 id="pending-title">${t.publishTitle}</h2>
${m.pending.length === 0
  ? html`<p>${t.publishNothing}</p>`
  : html`<p>${t.publishPending(m.pending.length)}</p>
  <ul class="change-list">${m.pending.slice(0, 200).map((c) => html`<li><span class="badge badge-change-${c.kind}">${changeLabel(t, c.kind as 'new')}</span> ${c.title_sv}</li>`)}${m.pending.length > 200 ? html`<li>…</li>` : ''}</ul>
  ${errorSummary(m.locale, m.errors, { note_sv: t.noteSv, note_en: t.noteEn })}
  <form method="post" action="/admin/program/releases" novalidate>${csrfField(m.csrf)}
    ${textField({ name: 'note_sv', label: t.noteSv, error: m.errors?.note_sv, maxlength: 2000, lang: 'sv' })}
    ${textField({ name: 'note_en', label: t.noteEn, error: m.errors?.note_en, maxlength: 2000, lang: 'en' })}
    <p><button type="submit" class="button">${t.publishButton}</button></p>
  </form>`}
</section>
<h2>${t.releasesTitle}</h2>
${m.releases.length === 0
  ? html`<p>–</p>`
  : html`<ul>${m.releases.map((r) => html`<li>${t.releaseHeading(r.number, formatDateTime(r.published_at, m.locale))} – ${t.releaseCounts(r.event_count, r.occurrence_count)}</li>`)}</ul>`}
<p><a href="/program/andringar">${t.changelogTitle}</a></p>`;
}
