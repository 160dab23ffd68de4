// Staff pages for the expo's places: the list of areas with their venues, the area, venue and
// edition forms, and the delete confirmation. The routes authorize; views only render.
import { attrs, html, type SafeHtml } from '../../../platform/html.ts';
import { checkbox, csrfField, errorSummary, notice, selectField, textArea, textField } from '../../../platform/layout.ts';
import type { FieldErrors } from '../../../platform/errors.ts';
import { formatNumber, type Locale } from '../../../platform/i18n/i18n.ts';
import { expoMessages } from '../expo.messages.ts';
import { placesMessages, type PlacesMessages } from '../expo.places.messages.ts';
import { ACCESSIBILITY_FEATURES, AREA_KINDS, LIMITS, PLACE_LIMITS, WEEKDAYS } from '../expo.schema.ts';
import type { AreaRow, VenueRow } from '../expo.queries.ts';
import type { EditionInfo } from '../expo.rules.ts';
import { accessLabel, areaKindLabel, areaPath, venuePath } from './format.ts';
import type { FormValues } from './admin.ts';

export const PLACES_PATH = '/admin/program/places';
export const areaAdminPath = (id: number) => `${PLACES_PATH}/areas/${id}`;
export const venueAdminPath = (id: number) => `${PLACES_PATH}/venues/${id}`;

type Notice = { kind: 'success' | 'info' | 'warning'; text: string };

const str = (v: FormValues, k: string): string | undefined => {
  const x = v[k];
  return Array.isArray(x) ? x[0] : x;
};
const list = (v: FormValues, k: string): string[] => {
  const x = v[k];
  return Array.isArray(x) ? x : x === undefined || x === '' ? [] : [x];
};
const weekdayName = (locale: Locale, d: string) => {
  const name = expoMessages(locale)[`weekday_${d as '1'}`];
  return name.charAt(0).toUpperCase() + name.slice(1);
};

// ---------- the list ----------

export function placesListView(m: { locale: Locale; edition: EditionInfo; areas: AreaRow[]; venues: VenueRow[]; occurrences: Map<number, number>; notices: Notice[] }): SafeHtml {
  const t = placesMessages(m.locale);
  const et = expoMessages(m.locale);
  return html`${m.notices.map((n) => notice(n.kind, n.text))}
<p>${t.placesLead}</p>
<section aria-labelledby="edition-heading">
  <h2 id="edition-heading">${t.editionHeading}</h2>
  <p><strong>${m.locale === 'en' && m.edition.name_en ? m.edition.name_en : m.edition.name_sv}</strong>, ${t.editionDates(m.edition.starts_on, m.edition.ends_on, m.edition.time_zone)}</p>
  <p><a class="button secondary" href="${PLACES_PATH}/edition">${t.editionEdit}</a></p>
</section>
<section aria-labelledby="areas-heading">
  <h2 id="areas-heading">${t.areasHeading}</h2>
  <p><a class="button" href="${PLACES_PATH}/areas/new">${t.newArea}</a></p>
  ${m.areas.length === 0 ? html`<p>${t.noAreas}</p>` : ''}
  ${m.areas.map((a) => {
    const venues = m.venues.filter((v) => v.area_id === a.id);
    return html`<section class="places-area" aria-labelledby="area-${a.id}">
  <h3 id="area-${a.id}">${a.name_sv} <span class="tag">${areaKindLabel(et, a.kind)}</span></h3>
  <p class="muted">${t.venueCountLabel(venues.length)} · <a href="${areaPath(m.locale, a.slug)}">${t.publicPage}<span class="visually-hidden">: ${a.name_sv}</span></a></p>
  <p class="places-actions"><a href="${areaAdminPath(a.id)}">${t.editArea}<span class="visually-hidden">: ${a.name_sv}</span></a> · <a href="${PLACES_PATH}/venues/new?area=${a.id}">${t.newVenueIn(a.name_sv)}</a></p>
  ${venues.length === 0
    ? html`<p>${t.noVenues}</p>`
    : html`<div class="table-scroll"><table>
    <caption class="visually-hidden">${a.name_sv}</caption>
    <thead><tr><th scope="col">${t.colVenue}</th><th scope="col">${t.colAddress}</th><th scope="col">${t.colCapacity}</th><th scope="col">${t.colOccurrences}</th></tr></thead>
    <tbody>${venues.map(
      (v) => html`<tr><th scope="row"><a href="${venueAdminPath(v.id)}">${v.name_sv}</a></th><td>${[v.street, [v.postal_code, v.city].filter(Boolean).join(' ')].filter(Boolean).join(', ') || '–'}</td><td>${v.capacity ? formatNumber(v.capacity, m.locale) : '–'}</td><td>${formatNumber(m.occurrences.get(v.id) ?? 0, m.locale)}</td></tr>`,
    )}</tbody></table></div>`}
</section>`;
  })}
</section>`;
}

// ---------- forms ----------

interface FormModel {
  locale: Locale;
  csrf: string;
  action: string;
  values: FormValues;
  errors?: FieldErrors | undefined;
  isNew: boolean;
  /** Where the delete confirmation is, for an existing area or venue. */
  deleteHref?: string | undefined;
  publicHref?: string | undefined;
}

function formButtons(t: PlacesMessages, m: FormModel): SafeHtml {
  return html`<p class="places-actions"><button type="submit" class="button">${m.isNew ? t.create : t.save}</button> <a href="${PLACES_PATH}">${t.cancel}</a></p>`;
}

function afterForm(t: PlacesMessages, m: FormModel, deleteLabel: string): SafeHtml {
  return html`${m.publicHref ? html`<p><a href="${m.publicHref}">${t.publicPage}</a></p>` : ''}
${m.deleteHref ? html`<p><a class="button danger" href="${m.deleteHref}">${deleteLabel}</a></p>` : ''}`;
}

const areaLabels = (t: PlacesMessages): Record<string, string> => ({
  name_sv: t.nameSv,
  name_en: t.nameEn,
  slug: t.slug,
  kind: t.kind,
  description_sv: t.descriptionSv,
  description_en: t.descriptionEn,
  geometry: t.geometry,
  position: t.position,
});

export function areaFormView(m: FormModel): SafeHtml {
  const t = placesMessages(m.locale);
  const et = expoMessages(m.locale);
  const v = m.values;
  const e = m.errors ?? {};
  const tf = (name: string, label: string, o: Partial<Parameters<typeof textField>[0]> = {}) => textField({ name, label, value: str(v, name), error: e[name], ...o });
  return html`${errorSummary(m.locale, m.errors, areaLabels(t))}
<form method="post" action="${m.action}" class="admin-form" novalidate>
${csrfField(m.csrf)}
  ${tf('name_sv', t.nameSv, { required: true, maxlength: PLACE_LIMITS.name, lang: 'sv' })}
  ${tf('name_en', t.nameEn, { maxlength: PLACE_LIMITS.name, lang: 'en' })}
  ${tf('slug', t.slug, { hint: t.slugHint, maxlength: PLACE_LIMITS.slug, required: !m.isNew })}
  ${selectField({ name: 'kind', label: t.kind, value: str(v, 'kind') ?? 'main', error: e.kind, options: AREA_KINDS.map((k) => ({ value: k, label: areaKindLabel(et, k) })) })}
  ${textArea({ name: 'description_sv', label: t.descriptionSv, value: str(v, 'description_sv'), error: e.description_sv, lang: 'sv', rows: 5 })}
  ${textArea({ name: 'description_en', label: t.descriptionEn, value: str(v, 'description_en'), error: e.description_en, lang: 'en', rows: 5 })}
  ${textArea({ name: 'geometry', label: t.geometry, value: str(v, 'geometry'), error: e.geometry, hint: t.geometryHint, required: true, rows: 8 })}
  ${tf('position', t.position, { type: 'number', hint: t.positionHint })}
  ${formButtons(t, m)}
</form>
${afterForm(t, m, t.deleteArea)}`;
}

const venueLabels = (t: PlacesMessages, locale: Locale): Record<string, string> => {
  const labels: Record<string, string> = {
    name_sv: t.nameSv,
    name_en: t.nameEn,
    slug: t.slug,
    area_id: t.area,
    description_sv: t.descriptionSv,
    description_en: t.descriptionEn,
    street: t.street,
    postal_code: t.postalCode,
    city: t.city,
    lat: t.lat,
    lon: t.lon,
    capacity: t.capacity,
    accessibility: t.accessibility,
    exclusive: t.exclusive,
  };
  for (const d of WEEKDAYS) {
    labels[`hours_${d}_opens`] = t.hoursOpensOn(weekdayName(locale, d));
    labels[`hours_${d}_closes`] = t.hoursClosesOn(weekdayName(locale, d));
    labels[`hours_${d}_closed`] = t.hoursClosedOn(weekdayName(locale, d));
  }
  return labels;
};

function hoursTable(m: FormModel & { values: FormValues }): SafeHtml {
  const t = placesMessages(m.locale);
  const e = m.errors ?? {};
  const timeCell = (name: string, label: string) => {
    const id = `f-${name}`;
    const err = e[name];
    return html`<td${attrs({ class: err ? 'field-error' : undefined })}><label class="visually-hidden" for="${id}">${label}</label>${err ? html`<p class="error-message" id="${id}-error">${err}</p>` : ''}<input${attrs({
      id,
      name,
      type: 'time',
      value: str(m.values, name),
      'aria-invalid': err ? 'true' : undefined,
      'aria-describedby': err ? `${id}-error` : undefined,
    })}></td>`;
  };
  return html`<fieldset id="f-hours"><legend>${t.hoursLegend}</legend>
  <p class="hint" id="f-hours-hint">${t.hoursHint}</p>
  <div class="table-scroll"><table class="places-hours">
    <caption class="visually-hidden">${t.hoursLegend}</caption>
    <thead><tr><th scope="col">${t.hoursDay}</th><th scope="col">${t.opens}</th><th scope="col">${t.closes}</th><th scope="col">${t.closed}</th></tr></thead>
    <tbody>${WEEKDAYS.map((d) => {
      const day = weekdayName(m.locale, d);
      const closed = `hours_${d}_closed`;
      return html`<tr><th scope="row">${day}</th>${timeCell(`hours_${d}_opens`, t.hoursOpensOn(day))}${timeCell(`hours_${d}_closes`, t.hoursClosesOn(day))}<td><input${attrs({
        type: 'checkbox',
        id: `f-${closed}`,
        name: closed,
        value: 'on',
        checked: !!str(m.values, closed),
      })}><label class="visually-hidden" for="f-${closed}">${t.hoursClosedOn(day)}</label></td></tr>`;
    })}</tbody>
  </table></div>
</fieldset>`;
}

export function venueFormView(m: FormModel & { areas: AreaRow[] }): SafeHtml {
  const t = placesMessages(m.locale);
  const et = expoMessages(m.locale);
  const v = m.values;
  const e = m.errors ?? {};
  const tf = (name: string, label: string, o: Partial<Parameters<typeof textField>[0]> = {}) => textField({ name, label, value: str(v, name), error: e[name], ...o });
  const checked = list(v, 'accessibility');
  return html`${errorSummary(m.locale, m.errors, venueLabels(t, m.locale))}
<form method="post" action="${m.action}" class="admin-form" novalidate>
${csrfField(m.csrf)}
<fieldset><legend>${t.formPlace}</legend>
  ${tf('name_sv', t.nameSv, { required: true, maxlength: PLACE_LIMITS.name, lang: 'sv' })}
  ${tf('name_en', t.nameEn, { maxlength: PLACE_LIMITS.name, lang: 'en' })}
  ${tf('slug', t.slug, { hint: t.slugHint, maxlength: PLACE_LIMITS.slug, required: !m.isNew })}
  ${selectField({ name: 'area_id', label: t.area, value: str(v, 'area_id'), error: e.area_id, required: true, options: [{ value: '', label: t.errArea }, ...m.areas.map((a) => ({ value: String(a.id), label: a.name_sv }))] })}
  ${textArea({ name: 'description_sv', label: t.descriptionSv, value: str(v, 'description_sv'), error: e.description_sv, lang: 'sv', rows: 4 })}
  ${textArea({ name: 'description_en', label: t.descriptionEn, value: str(v, 'description_en'), error: e.description_en, lang: 'en', rows: 4 })}
</fieldset>
<fieldset><legend>${t.formAddress}</legend>
  ${tf('street', t.street, { maxlength: PLACE_LIMITS.street, autocomplete: 'off' })}
  ${tf('postal_code', t.postalCode, { maxlength: PLACE_LIMITS.postalCode })}
  ${tf('city', t.city, { maxlength: PLACE_LIMITS.city })}
  <fieldset><legend>${t.coordinatesLegend}</legend>
    ${tf('lat', t.lat, { required: true, maxlength: PLACE_LIMITS.number })}
    ${tf('lon', t.lon, { required: true, maxlength: PLACE_LIMITS.number })}
  </fieldset>
</fieldset>
<fieldset><legend>${t.formAccess}</legend>
  ${tf('capacity', t.capacity, { hint: t.capacityHint, maxlength: PLACE_LIMITS.number })}
  <fieldset id="f-accessibility"${attrs({ class: e.accessibility ? 'field-error' : undefined })}><legend>${t.accessibility}</legend>
    ${e.accessibility ? html`<p class="error-message">${e.accessibility}</p>` : ''}
    <div class="checkbox-group">${ACCESSIBILITY_FEATURES.map((a) => checkbox({ name: 'accessibility', value: a, label: accessLabel(et, a), checked: checked.includes(a) }))}</div>
  </fieldset>
  ${checkbox({ name: 'exclusive', label: t.exclusive, checked: !!str(v, 'exclusive') })}
</fieldset>
${hoursTable(m)}
<p class="hint">${t.whenVisible}</p>
${formButtons(t, m)}
</form>
${afterForm(t, m, t.deleteVenue)}`;
}

export function editionFormView(m: FormModel): SafeHtml {
  const t = placesMessages(m.locale);
  const v = m.values;
  const e = m.errors ?? {};
  const tf = (name: string, label: string, o: Partial<Parameters<typeof textField>[0]> = {}) => textField({ name, label, value: str(v, name), error: e[name], ...o });
  const labels = { name_sv: t.nameSv, name_en: t.nameEn, starts_on: t.startsOn, ends_on: t.endsOn, time_zone: t.timeZone, description_sv: t.descriptionSv, description_en: t.descriptionEn };
  return html`${errorSummary(m.locale, m.errors, labels)}
<form method="post" action="${m.action}" class="admin-form" novalidate>
${csrfField(m.csrf)}
  ${tf('name_sv', t.nameSv, { required: true, maxlength: PLACE_LIMITS.name, lang: 'sv' })}
  ${tf('name_en', t.nameEn, { maxlength: PLACE_LIMITS.name, lang: 'en' })}
  ${tf('starts_on', t.startsOn, { type: 'date', required: true })}
  ${tf('ends_on', t.endsOn, { type: 'date', required: true })}
  ${tf('time_zone', t.timeZone, { hint: t.timeZoneHint, required: true, maxlength: 64 })}
  ${textArea({ name: 'description_sv', label: t.descriptionSv, value: str(v, 'description_sv'), error: e.description_sv, lang: 'sv', rows: 6, maxlength: LIMITS.description })}
  ${textArea({ name: 'description_en', label: t.descriptionEn, value: str(v, 'description_en'), error: e.description_en, lang: 'en', rows: 6, maxlength: LIMITS.description })}
  ${formButtons(t, m)}
</form>`;
}

/** The confirmation step of a delete, or the reason it cannot be done. */
export function deleteView(m: { locale: Locale; csrf: string; action: string; question: string; blocked?: string | undefined; backHref: string }): SafeHtml {
  const t = placesMessages(m.locale);
  if (m.blocked) {
    return html`<div class="notice notice-warning" role="alert"><p>${m.blocked}</p></div>
<p><a href="${m.backHref}">${t.cancel}</a></p>`;
  }
  return html`<p>${m.question}</p>
<form method="post" action="${m.action}" class="places-actions">
${csrfField(m.csrf)}
<button type="submit" class="button danger">${t.confirmDelete}</button> <a href="${m.backHref}">${t.cancel}</a>
</form>`;
}

// ---------- values of saved rows, as the form shows them ----------

export function areaValues(a: AreaRow): FormValues {
  return {
    name_sv: a.name_sv,
    name_en: a.name_en,
    slug: a.slug,
    kind: a.kind,
    description_sv: a.description_sv,
    description_en: a.description_en,
    geometry: JSON.stringify(a.geometry),
    position: String(a.position),
  };
}

export function venueValues(v: VenueRow): FormValues {
  const out: FormValues = {
    name_sv: v.name_sv,
    name_en: v.name_en,
    slug: v.slug,
    area_id: String(v.area_id),
    description_sv: v.description_sv,
    description_en: v.description_en,
    street: v.street,
    postal_code: v.postal_code,
    city: v.city,
    lat: String(v.lat),
    lon: String(v.lon),
    capacity: v.capacity ? String(v.capacity) : '',
    accessibility: v.accessibility,
    exclusive: v.exclusive ? 'on' : undefined,
  };
  const any = Object.keys(v.opening_hours).length > 0;
  for (const d of WEEKDAYS) {
    const h = v.opening_hours[d];
    out[`hours_${d}_opens`] = h?.opens ?? '';
    out[`hours_${d}_closes`] = h?.closes ?? '';
    out[`hours_${d}_closed`] = any && !h ? 'on' : undefined;
  }
  return out;
}

export function editionValues(e: EditionInfo): FormValues {
  return { name_sv: e.name_sv, name_en: e.name_en, starts_on: e.starts_on, ends_on: e.ends_on, time_zone: e.time_zone, description_sv: e.description_sv, description_en: e.description_en };
}

export const publicAreaHref = (locale: Locale, slug: string) => areaPath(locale, slug);
export const publicVenueHref = (locale: Locale, slug: string) => venuePath(locale, slug);
