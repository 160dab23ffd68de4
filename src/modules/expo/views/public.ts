// Public pages of the programme: the day view with filters, event pages, areas and venues with a map.
// Everything works without JavaScript; map.js and stars.js only add to it.
import { attrs, html, jsonLd, richText, richTextToPlain, type SafeHtml } from '../../../platform/html.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { csrfField } from '../../../platform/layout.ts';
import { formatDateTime, formatNumber } from '../../../platform/i18n/i18n.ts';
import { expoMessages, type ExpoMessages } from '../expo.messages.ts';
import type { InitiativeLink } from '../../initiatives/index.ts';
import { initiativesShownSection } from './links.ts';
import { intlTag } from '../../../platform/i18n/i18n.ts';
import { registrationPath, type OccurrenceRegistrationState } from '../../registrations/index.ts';
import {
  ACCESSIBILITY_FEATURES,
  AUDIENCES,
  EVENT_TYPES,
  LANGUAGES,
  SCHEMA_ORG_ACCESSIBILITY,
  SDGS,
  THEMES,
  type AccessibilityFeature,
  type OpeningHours,
  type ProgrammeFilter,
} from '../expo.schema.ts';
import type { AreaRow, ChangeRow, Places, PublishedOccurrence, ReleaseRow, VenueRow } from '../expo.queries.ts';
import { descriptionIn, effectiveStatus, titleIn, type PubEventData } from '../expo.publish-data.ts';
import { filterQuery, isFiltered, withQuery } from '../expo.filters.ts';
import { localDate, localTime } from '../expo.time.ts';
import {
  accessLabel,
  areaKindLabel,
  areaPath,
  areasPath,
  audienceLabel,
  changeLabel,
  changesFeedPath,
  changesPath,
  dayLabel,
  eventIcsPath,
  eventPath,
  languageLabel,
  myProgrammePath,
  priceList,
  programmeCsvPath,
  programmeIcsPath,
  programmePath,
  statusLabel,
  themeLabel,
  timeRange,
  typeLabel,
  venuePath,
  whenLabel,
} from './format.ts';

export const EXPO_STYLES = ['/assets/expo.css'];
export const MAP_STYLES = ['/assets/vendor/leaflet/leaflet.css', '/assets/expo.css'];
export const MAP_SCRIPTS = ['/assets/vendor/leaflet/leaflet.js', '/assets/expo-map.js'];
export const STAR_SCRIPTS = ['/assets/expo-stars.js'];

const nameIn = (x: { name_sv: string; name_en: string }, locale: Locale) => (locale === 'en' && x.name_en ? x.name_en : x.name_sv);

export type { Places };

function statusBadge(t: ExpoMessages, status: string): SafeHtml {
  if (status === 'scheduled') return html``;
  return html` <span class="badge badge-${status}">${t[`status_${status as 'cancelled'}`]}</span>`;
}

// ---------- the day view ----------

export interface ProgrammeViewModel {
  locale: Locale;
  tz: string;
  days: string[];
  date: string;
  filter: ProgrammeFilter;
  timed: PublishedOccurrence[];
  ongoing: PublishedOccurrence[];
  places: Places;
  now?: Date | undefined;
  released: boolean;
  /** Signed-in visitors keep stars in their account (the list is rendered for them only). */
  stars?: StarState | undefined;
  /** Occurrences with registration on: marked "Anmälan" or "Fullbokat". */
  registration?: Map<number, OccurrenceRegistrationState> | undefined;
}

export interface StarState {
  syncUrl: string;
  csrf: string;
  starred: string[];
}

function starAttrs(locale: Locale, stars: StarState | undefined): SafeHtml {
  const t = expoMessages(locale);
  return html` data-star-label="${t.star}"${stars ? html` data-sync-url="${stars.syncUrl}" data-csrf="${stars.csrf}" data-starred="${stars.starred.join(',')}"` : ''}`;
}

function select(id: string, name: string, label: string, options: { value: string; label: string }[], value: string | undefined, anyLabel: string): SafeHtml {
  return html`<div class="field"><label for="${id}">${label}</label><select id="${id}" name="${name}"><option value="">${anyLabel}</option>${options.map(
    (o) => html`<option value="${o.value}"${attrs({ selected: o.value === value })}>${o.label}</option>`,
  )}</select></div>`;
}

function filterForm(m: ProgrammeViewModel): SafeHtml {
  const { locale, filter: f } = m;
  const t = expoMessages(locale);
  const areas = [...m.places.areas.values()];
  const venues = [...m.places.venues.values()];
  return html`<form method="get" action="${programmePath(locale)}" class="programme-filters" aria-labelledby="filters-title">
  <h2 id="filters-title">${t.filters}</h2>
  <input type="hidden" name="date" value="${m.date}">
  <div class="field"><label for="f-q">${t.filterSearch}</label><input id="f-q" type="search" name="q" value="${f.q ?? ''}" maxlength="200"></div>
  <div class="filter-grid">
    ${select('f-area', 'area', t.filterArea, areas.map((a) => ({ value: a.slug, label: nameIn(a, locale) })), f.area, t.filterAny)}
    ${select('f-venue', 'venue', t.filterVenue, venues.map((v) => ({ value: v.slug, label: nameIn(v, locale) })), f.venue, t.filterAny)}
    ${select('f-type', 'type', t.filterType, EVENT_TYPES.map((v) => ({ value: v, label: typeLabel(t, v) })), f.type, t.filterAny)}
    ${select('f-theme', 'theme', t.filterTheme, THEMES.map((v) => ({ value: v, label: themeLabel(t, v) })), f.theme, t.filterAny)}
    ${select('f-sdg', 'sdg', t.filterSdg, SDGS.map((n) => ({ value: String(n), label: t.sdg(n) })), f.sdg ? String(f.sdg) : undefined, t.filterAny)}
    ${select('f-audience', 'audience', t.filterAudience, AUDIENCES.map((v) => ({ value: v, label: audienceLabel(t, v) })), f.audience, t.filterAny)}
    ${select('f-lang', 'lang', t.filterLanguage, LANGUAGES.map((v) => ({ value: v, label: languageLabel(t, v) })), f.lang, t.filterAny)}
  </div>
  <div class="field checkbox"><input type="checkbox" id="f-free" name="free" value="1"${attrs({ checked: !!f.free })}> <label for="f-free">${t.filterFree}</label></div>
  <fieldset class="access-filter"><legend>${t.filterAccess}</legend>
    ${ACCESSIBILITY_FEATURES.map(
      (a) => html`<div class="field checkbox"><input type="checkbox" id="f-access-${a}" name="access" value="${a}"${attrs({ checked: (f.access ?? []).includes(a) })}> <label for="f-access-${a}">${accessLabel(t, a)}</label></div>`,
    )}
  </fieldset>
  <p class="filter-actions"><button type="submit" class="button">${t.filterApply}</button>${isFiltered(f) ? html` <a href="${withQuery(programmePath(locale), `date=${m.date}`)}">${t.filterClear}</a>` : ''}</p>
</form>`;
}

function datePicker(m: ProgrammeViewModel): SafeHtml {
  const t = expoMessages(m.locale);
  const qs = filterQuery(m.filter, { withDate: false });
  return html`<nav class="date-picker" aria-label="${t.datePicker}"><ol>${m.days.map(
    (d) =>
      html`<li><a href="${withQuery(programmePath(m.locale), `date=${d}${qs ? `&${qs}` : ''}`)}"${attrs({ 'aria-current': d === m.date ? 'date' : undefined })}>${dayLabel(d, m.locale, 'short')}</a></li>`,
  )}</ol></nav>`;
}

/** The day view's marker of an item with registration: whether seats are left is all it says. */
function registrationMarker(t: ExpoMessages, r: OccurrenceRegistrationState | undefined, status: string): SafeHtml {
  if (!r || status === 'cancelled') return html``;
  const full = r.summary.available === 0;
  return html` <span class="badge badge-registration${full ? ' is-full' : ''}">${full ? t.regFull : t.regMarker}</span>`;
}

function itemLine(o: PublishedOccurrence, m: { locale: Locale; tz: string; places: Places; registration?: Map<number, OccurrenceRegistrationState> | undefined }, opts: { showDate?: boolean } = {}): SafeHtml {
  const t = expoMessages(m.locale);
  const d = o.data;
  const venue = m.places.venues.get(o.venue_id);
  const status = effectiveStatus(d.status, o.status);
  const when = o.all_day ? whenLabel(o, m.tz, m.locale) : opts.showDate ? whenLabel(o, m.tz, m.locale) : timeRange(o.starts_at, o.ends_at, m.tz);
  return html`<li class="programme-item${status === 'cancelled' ? ' is-cancelled' : ''}" data-event-id="${d.id}" data-event-slug="${d.slug}">
  <span class="item-time">${o.all_day ? when : html`<time datetime="${o.starts_at.toISOString()}">${when}</time>`}</span>
  <span class="item-main"><a href="${eventPath(m.locale, d.slug)}">${titleIn(d, m.locale)}</a>${statusBadge(t, status)}${d.is_free ? html` <span class="badge badge-free">${t.free}</span>` : ''}${registrationMarker(t, m.registration?.get(o.occurrence_id), status)}
  <span class="item-meta">${typeLabel(t, d.type)}${venue ? html` · <a href="${venuePath(m.locale, venue.slug)}">${nameIn(venue, m.locale)}</a>` : ''}</span></span>
</li>`;
}

/** Timed items grouped by the hour they start, then by area. */
function grouped(m: ProgrammeViewModel): SafeHtml {
  const byHour = new Map<string, PublishedOccurrence[]>();
  for (const o of m.timed) {
    // Items that began on an earlier day start the day at 00.
    const hour = localDate(o.starts_at, m.tz) < m.date ? '00:00' : `${localTime(o.starts_at, m.tz).slice(0, 2)}:00`;
    const list = byHour.get(hour) ?? [];
    list.push(o);
    byHour.set(hour, list);
  }
  const areaOrder = [...m.places.areas.values()];
  return html`${[...byHour.entries()].map(([hour, items]) => {
    const id = `kl-${hour.replace(':', '')}`;
    return html`<section class="hour-group" aria-labelledby="${id}"><h3 id="${id}"><time>${hour}</time></h3>
    ${areaOrder
      .map((a) => ({ a, list: items.filter((o) => o.area_id === a.id) }))
      .filter((g) => g.list.length)
      .map((g) => html`<h4 class="area-heading">${nameIn(g.a, m.locale)}</h4><ul class="programme-list">${g.list.map((o) => itemLine(o, m))}</ul>`)}
  </section>`;
  })}`;
}

function nowAndNext(m: ProgrammeViewModel): SafeHtml {
  const t = expoMessages(m.locale);
  const now = m.now as Date;
  const live = m.timed.filter((o) => o.starts_at <= now && o.ends_at > now && effectiveStatus(o.data.status, o.status) !== 'cancelled');
  const soon = m.timed.filter((o) => o.starts_at > now && o.starts_at.getTime() - now.getTime() <= 2 * 3_600_000 && effectiveStatus(o.data.status, o.status) !== 'cancelled').slice(0, 8);
  return html`<section class="now-next" aria-labelledby="now-title"><h2 id="now-title">${t.nowAndNext}</h2>
  <h3>${t.nowLabel}</h3>${live.length ? html`<ul class="programme-list">${live.slice(0, 8).map((o) => itemLine(o, m))}</ul>` : html`<p>${t.nothingNow}</p>`}
  ${soon.length ? html`<h3>${t.nextLabel}</h3><ul class="programme-list">${soon.map((o) => itemLine(o, m))}</ul>` : ''}
</section>`;
}

export function programmeView(m: ProgrammeViewModel): SafeHtml {
  const t = expoMessages(m.locale);
  const qs = filterQuery(m.filter);
  const total = m.timed.length + m.ongoing.length;
  return html`<p class="lead">${t.programmeLead}</p>
<p class="programme-links"><a href="${myProgrammePath(m.locale)}">${t.myProgrammeLink}</a> · <a href="${areasPath(m.locale)}">${t.areasLink}</a> · <a href="${changesPath(m.locale)}">${t.changelogLink}</a></p>
${datePicker(m)}
${filterForm(m)}
${m.now ? nowAndNext(m) : ''}
<section class="day-programme" aria-labelledby="day-title" data-module="stars"${starAttrs(m.locale, m.stars)}>
  <h2 id="day-title">${t.dayHeading(dayLabel(m.date, m.locale))}</h2>
  ${!m.released ? html`<p>${t.noRelease}</p>` : html`<p class="result-count" role="status">${t.resultCount(total)}</p>`}
  ${m.released && total === 0 ? html`<p>${t.noResults}</p>` : ''}
  ${m.timed.length ? grouped(m) : ''}
  ${m.ongoing.length
    ? html`<section class="ongoing" aria-labelledby="ongoing-title"><h3 id="ongoing-title">${t.ongoing}</h3><p>${t.ongoingLead}</p><ul class="programme-list">${m.ongoing.map((o) => itemLine(o, m))}</ul></section>`
    : ''}
</section>
<section class="exports" aria-labelledby="exports-title"><h2 id="exports-title">${t.exports}</h2><ul>
  <li><a href="${withQuery(programmeIcsPath(m.locale), qs)}">${t.exportIcs}</a></li>
  <li><a href="${withQuery(programmeCsvPath(m.locale), qs)}">${t.exportCsv}</a></li>
  <li><a href="/schedule.json">${t.exportFrab}</a> (<a href="/schedule.xml">XML</a>)</li>
  <li><a href="${withQuery('/api/v1/events', qs)}">${t.exportApi}</a></li>
  <li><a href="${changesFeedPath(m.locale)}">${t.atomFeed}</a></li>
</ul></section>`;
}

// ---------- event page ----------

export interface EventViewModel {
  /** The published innovation initiatives the item shows (views/links.ts). */
  initiatives?: readonly InitiativeLink[] | undefined;
  locale: Locale;
  tz: string;
  baseUrl: string;
  event: PubEventData;
  occurrences: PublishedOccurrence[];
  places: Places;
  tileUrl: string;
  stars?: StarState | undefined;
  /** Occurrences with registration on, and the clock their state was computed by. */
  registration?: Map<number, OccurrenceRegistrationState> | undefined;
  now?: Date | undefined;
}

/** "1 juni 10:00" / "1 June 10:00" in the edition's time zone. */
function momentLabel(d: Date, tz: string, locale: Locale): string {
  return `${new Intl.DateTimeFormat(intlTag(locale), { day: 'numeric', month: 'long', timeZone: tz }).format(d)} ${localTime(d, tz)}`;
}

/**
 * An occurrence's registration in words, with a link to its sign-up page while one can sign up (or
 * join the waiting list). Nothing for cancelled occurrences, nor for past ones whose window closed.
 */
function occurrenceRegistration(m: EventViewModel, o: PublishedOccurrence, status: string): SafeHtml {
  const r = m.registration?.get(o.occurrence_id);
  if (!r || status === 'cancelled') return html``;
  const s = r.state;
  if (s.state === 'closed' && o.ends_at <= (m.now ?? new Date())) return html``;
  const t = expoMessages(m.locale);
  const text =
    s.state === 'open' ? t.regSeatsLeft(s.available) : s.state === 'full_waitlist' ? t.regFullWaitlist : s.state === 'full' ? t.regFull : s.state === 'not_open_yet' ? t.regOpensAt(momentLabel(s.opensAt, m.tz, m.locale)) : t.regClosed;
  const canSignUp = s.state === 'open' || s.state === 'full_waitlist';
  return html`<span class="occurrence-registration"><span class="reg-state">${text}</span>${
    canSignUp
      ? html` <a class="reg-link" href="${registrationPath(m.locale, o.occurrence_id)}">${t.regSignUp}<span class="visually-hidden"> ${t.regSignUpFor(whenLabel(o, m.tz, m.locale))}</span></a>`
      : ''
  }</span>`;
}

function geoOf(v: VenueRow) {
  return { '@type': 'GeoCoordinates', latitude: v.lat, longitude: v.lon };
}

function placeLd(v: VenueRow, locale: Locale, baseUrl: string) {
  return {
    '@type': 'Place',
    name: nameIn(v, locale),
    url: `${baseUrl}${venuePath(locale, v.slug)}`,
    address: { '@type': 'PostalAddress', streetAddress: v.street, postalCode: v.postal_code, addressLocality: v.city, addressCountry: v.country },
    geo: geoOf(v),
    ...(v.accessibility.length
      ? { amenityFeature: v.accessibility.map((a) => ({ '@type': 'LocationFeatureSpecification', name: SCHEMA_ORG_ACCESSIBILITY[a], value: true })) }
      : {}),
  };
}

const EVENT_STATUS_LD: Record<string, string> = {
  scheduled: 'https://schema.org/EventScheduled',
  rescheduled: 'https://schema.org/EventRescheduled',
  postponed: 'https://schema.org/EventPostponed',
  cancelled: 'https://schema.org/EventCancelled',
};
const ATTENDANCE_LD: Record<string, string> = {
  offline: 'https://schema.org/OfflineEventAttendanceMode',
  online: 'https://schema.org/OnlineEventAttendanceMode',
  mixed: 'https://schema.org/MixedEventAttendanceMode',
};

/** schema.org Event for each occurrence of a published item. */
export function eventJsonLd(m: EventViewModel): unknown {
  const d = m.event;
  const url = `${m.baseUrl}${eventPath(m.locale, d.slug)}`;
  const offers = (d.prices.length ? d.prices : [{ category: 'adult' as const, amount_ore: 0 }]).map((p) => ({
    '@type': 'Offer',
    name: expoMessages(m.locale)[`price_${p.category}`],
    price: (p.amount_ore / 100).toFixed(2),
    priceCurrency: 'SEK',
    url: d.booking_url ?? url,
    availability: 'https://schema.org/InStock',
  }));
  const organizer = d.organisers.map((o) => ({ '@type': 'Organization', name: o.name, ...(o.website ? { url: o.website } : {}) }));
  const accessibilityFeature = [...new Set(d.accessibility.map((a) => SCHEMA_ORG_ACCESSIBILITY[a]))];
  const events = m.occurrences.slice(0, 100).map((o) => {
    const venue = m.places.venues.get(o.venue_id);
    return {
      '@type': o.all_day ? 'ExhibitionEvent' : 'Event',
      '@id': `${url}#${o.guid}`,
      name: titleIn(d, m.locale),
      description: richTextToPlain(descriptionIn(d, m.locale)).slice(0, 5000),
      url,
      inLanguage: d.languages,
      startDate: o.starts_at.toISOString(),
      endDate: o.ends_at.toISOString(),
      eventStatus: EVENT_STATUS_LD[effectiveStatus(d.status, o.status)],
      eventAttendanceMode: ATTENDANCE_LD[d.attendance_mode],
      location:
        d.attendance_mode === 'online'
          ? { '@type': 'VirtualLocation', url: d.online_url ?? url }
          : d.attendance_mode === 'mixed'
            ? [venue ? placeLd(venue, m.locale, m.baseUrl) : undefined, { '@type': 'VirtualLocation', url: d.online_url ?? url }].filter(Boolean)
            : venue
              ? placeLd(venue, m.locale, m.baseUrl)
              : undefined,
      offers,
      isAccessibleForFree: d.is_free,
      organizer,
      ...(accessibilityFeature.length ? { accessibilityFeature } : {}),
      ...(d.age_min !== null || d.age_max !== null ? { typicalAgeRange: `${d.age_min ?? 0}-${d.age_max ?? ''}` } : {}),
      ...(d.image ? { image: d.image.url } : {}),
      // What the item is about: the initiatives (Projects) it shows; they name it back with subjectOf.
      ...(m.initiatives?.length ? { about: m.initiatives.map((l) => ({ '@type': 'Project', '@id': `${m.baseUrl}${l.path}`, url: `${m.baseUrl}${l.path}`, name: l.title })) } : {}),
    };
  });
  return { '@context': 'https://schema.org', '@graph': events };
}

export function eventView(m: EventViewModel): { body: SafeHtml; head: SafeHtml } {
  const { locale, event: d } = m;
  const t = expoMessages(locale);
  const venues = [...new Set(m.occurrences.map((o) => o.venue_id))].map((id) => m.places.venues.get(id)).filter((v): v is VenueRow => !!v);
  const list = (items: string[]) => (items.length ? html`<ul class="inline-list">${items.map((i) => html`<li>${i}</li>`)}</ul>` : html`–`);
  const ages = d.age_min !== null || d.age_max !== null ? t.ages(String(d.age_min ?? 0), d.age_max !== null ? String(d.age_max) : '') : '';
  const body = html`
${d.status !== 'scheduled' ? html`<p class="notice notice-warning" role="status"><strong>${statusLabel(t, d.status)}</strong></p>` : ''}
${d.is_demo ? html`<p class="notice">${t.demoNotice}</p>` : ''}
<div class="event-page" data-module="stars"${starAttrs(locale, m.stars)}>
${d.image ? html`<img class="event-image" src="${d.image.url}" alt="${locale === 'en' && d.image.alt_en ? d.image.alt_en : d.image.alt_sv}">` : ''}
<div class="event-description"${attrs({ lang: locale === 'en' && !d.description_en && d.description_sv ? 'sv' : undefined })}>${richText(descriptionIn(d, locale), { headingLevel: 3 })}</div>
${m.stars
  ? html`<form method="post" action="${m.stars.syncUrl}" class="star-slot">${csrfField(m.stars.csrf)}<input type="hidden" name="${m.stars.starred.includes(d.slug) ? 'remove' : 'add'}" value="${d.slug}"><input type="hidden" name="back" value="${eventPath(locale, d.slug)}"><button type="submit" class="star-button" aria-pressed="${m.stars.starred.includes(d.slug) ? 'true' : 'false'}">${t.star}</button></form>`
  : html`<p class="star-slot" data-event-id="${d.id}" data-event-slug="${d.slug}"></p>`}
<h2 id="when-title">${t.when}</h2>
<ul class="occurrence-list">${m.occurrences.map((o) => {
    const v = m.places.venues.get(o.venue_id);
    const status = effectiveStatus(d.status, o.status);
    return html`<li${attrs({ class: status === 'cancelled' ? 'is-cancelled' : undefined })}><time datetime="${o.starts_at.toISOString()}">${whenLabel(o, m.tz, locale)}</time>${v ? html` – <a href="${venuePath(locale, v.slug)}">${nameIn(v, locale)}</a>` : ''}${statusBadge(t, status)}${occurrenceRegistration(m, o, status)}</li>`;
  })}</ul>
<p><a class="button secondary" href="${eventIcsPath(locale, d.slug)}" download>${t.addToCalendar}</a></p>
<h2>${t.where}</h2>
${mapBlock(locale, venueFeatures(venues, locale), 'event-map', m.tileUrl)}
<ul class="venue-list">${venues.map((v) => html`<li><a href="${venuePath(locale, v.slug)}">${nameIn(v, locale)}</a><br>${addressLine(v)}</li>`)}</ul>
<h2>${t.aboutTitle}</h2>
<dl class="facts">
  <dt>${t.type}</dt><dd>${typeLabel(t, d.type)}</dd>
  <dt>${t.organisers}</dt><dd>${list(d.organisers.map((o) => (o.main && d.organisers.length > 1 ? `${o.name} (${t.mainOrganiser})` : o.name)))}</dd>
  <dt>${t.price}</dt><dd>${priceList(d.prices, locale)}</dd>
  <dt>${t.booking}</dt><dd>${d.booking_mode === 'external' && d.booking_url ? html`<a href="${d.booking_url}" rel="noopener">${t.bookHere}</a>` : d.booking_mode === 'registration' ? (m.registration?.size ? html`<a href="#when-title">${t.bookingRegistrationSessions}</a>` : t.bookingRegistration) : t.noBooking}</dd>
  <dt>${t.attendance}</dt><dd>${t[`attendance_${d.attendance_mode}`]}${d.online_url && d.attendance_mode !== 'offline' ? html` – <a href="${d.online_url}" rel="noopener">${t.onlineLink}</a>` : ''}</dd>
  <dt>${t.audience}</dt><dd>${list(d.audience.map((a) => audienceLabel(t, a)))}${ages ? html`<p>${ages}</p>` : ''}</dd>
  <dt>${t.languages}</dt><dd>${list(d.languages.map((l) => languageLabel(t, l)))}</dd>
  <dt>${t.accessibility}</dt><dd>${list(accessibilityOf(d, venues).map((a) => accessLabel(t, a)))}</dd>
  <dt>${t.themes}</dt><dd>${list(d.themes.map((x) => themeLabel(t, x)))}</dd>
  <dt>${t.sdgs}</dt><dd>${list(d.sdgs.map((n) => t.sdg(n)))}</dd>
</dl>
${initiativesShownSection(locale, m.initiatives ?? [])}
<p><a href="${programmePath(locale)}">${t.backToProgramme}</a></p>
</div>`;
  return { body, head: jsonLd(eventJsonLd(m)) };
}

function accessibilityOf(d: PubEventData, venues: VenueRow[]): AccessibilityFeature[] {
  const set = new Set<AccessibilityFeature>(d.accessibility);
  for (const v of venues) for (const a of v.accessibility) set.add(a);
  return ACCESSIBILITY_FEATURES.filter((a) => set.has(a));
}

// ---------- places and the map ----------

export function addressLine(v: VenueRow): string {
  return [v.street, `${v.postal_code} ${v.city}`.trim(), v.country !== 'SE' ? v.country : ''].filter(Boolean).join(', ');
}

interface Feature {
  type: 'Feature';
  geometry: unknown;
  properties: { name: string; url: string; kind: 'area' | 'venue'; address?: string };
}

export function venueFeatures(venues: VenueRow[], locale: Locale): Feature[] {
  return venues.map((v) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [v.lon, v.lat] },
    properties: { name: nameIn(v, locale), url: venuePath(locale, v.slug), kind: 'venue', address: addressLine(v) },
  }));
}

export function areaFeatures(areas: AreaRow[], locale: Locale): Feature[] {
  return areas.map((a) => ({ type: 'Feature', geometry: a.geometry, properties: { name: nameIn(a, locale), url: areaPath(locale, a.slug), kind: 'area' } }));
}

/** The map container: map.js draws it when Leaflet loads; otherwise the fallback text stays. */
export function mapBlock(locale: Locale, features: Feature[], id: string, tileUrl?: string): SafeHtml {
  const t = expoMessages(locale);
  return html`<figure class="map-figure"><div class="map" id="${id}" data-module="map" data-features="${JSON.stringify({ type: 'FeatureCollection', features })}"${attrs({ 'data-tiles': tileUrl })} role="region" aria-label="${t.map}"><p class="map-fallback">${t.mapFallback}</p></div></figure>`;
}

export function areasView(locale: Locale, areas: AreaRow[], venues: VenueRow[], tileUrl: string): SafeHtml {
  const t = expoMessages(locale);
  const kinds = ['main', 'city', 'satellite'] as const;
  return html`<p class="lead">${t.areasLead}</p>
${mapBlock(locale, [...areaFeatures(areas, locale), ...venueFeatures(venues, locale)], 'areas-map', tileUrl)}
${kinds.map((k) => {
    const list = areas.filter((a) => a.kind === k);
    if (!list.length) return '';
    return html`<h2>${areaKindLabel(t, k)}</h2>${list.map(
      (a) => html`<section class="area-card" aria-labelledby="area-${a.slug}"><h3 id="area-${a.slug}"><a href="${areaPath(locale, a.slug)}">${nameIn(a, locale)}</a></h3>
      <p>${locale === 'en' && a.description_en ? a.description_en : a.description_sv}</p>
      <ul class="venue-list">${venues.filter((v) => v.area_id === a.id).map((v) => html`<li><a href="${venuePath(locale, v.slug)}">${nameIn(v, locale)}</a> – ${addressLine(v)}</li>`)}</ul></section>`,
    )}`;
  })}`;
}

export function areaView(locale: Locale, area: AreaRow, venues: VenueRow[], tileUrl: string): SafeHtml {
  const t = expoMessages(locale);
  return html`<p><span class="tag">${areaKindLabel(t, area.kind)}</span></p>
<p class="lead">${locale === 'en' && area.description_en ? area.description_en : area.description_sv}</p>
<p><a class="button" href="${withQuery(programmePath(locale), `area=${area.slug}`)}">${t.upcomingHere}</a></p>
<h2>${t.map}</h2>
${mapBlock(locale, [...areaFeatures([area], locale), ...venueFeatures(venues, locale)], 'area-map', tileUrl)}
<h2>${t.venuesIn}</h2>
<ul class="venue-list">${venues.map((v) => html`<li><a href="${venuePath(locale, v.slug)}">${nameIn(v, locale)}</a><br>${addressLine(v)}${v.capacity ? html` · ${t.capacity}: ${formatNumber(v.capacity, locale)}` : ''}</li>`)}</ul>
<p><a href="${areasPath(locale)}">${t.areasLink}</a></p>`;
}

function openingHoursTable(t: ExpoMessages, hours: OpeningHours): SafeHtml {
  if (Object.keys(hours).length === 0) return html`<p>${t.alwaysOpen}</p>`;
  return html`<table class="opening-hours"><caption class="visually-hidden">${t.openingHours}</caption><tbody>${[1, 2, 3, 4, 5, 6, 7].map((d) => {
    const h = hours[String(d) as '1'];
    return html`<tr><th scope="row">${t[`weekday_${d as 1}`]}</th><td>${h ? `${h.opens}–${h.closes}` : t.closed}</td></tr>`;
  })}</tbody></table>`;
}

export function venueView(m: { locale: Locale; tz: string; venue: VenueRow; area: AreaRow | undefined; occurrences: PublishedOccurrence[]; places: Places; tileUrl: string }): { body: SafeHtml; head: SafeHtml } {
  const { locale, venue: v } = m;
  const t = expoMessages(locale);
  const byDay = new Map<string, PublishedOccurrence[]>();
  for (const o of m.occurrences) {
    const d = localDate(o.starts_at, m.tz);
    byDay.set(d, [...(byDay.get(d) ?? []), o]);
  }
  const body = html`
${m.area ? html`<p><a href="${areaPath(locale, m.area.slug)}">${nameIn(m.area, locale)}</a></p>` : ''}
${(locale === 'en' && v.description_en) || v.description_sv ? html`<p class="lead">${locale === 'en' && v.description_en ? v.description_en : v.description_sv}</p>` : ''}
<dl class="facts">
  <dt>${t.address}</dt><dd>${addressLine(v)}</dd>
  <dt>${t.coordinates}</dt><dd>${v.lat.toFixed(5)}, ${v.lon.toFixed(5)}</dd>
  ${v.capacity ? html`<dt>${t.capacity}</dt><dd>${formatNumber(v.capacity, locale)}</dd>` : ''}
  <dt>${t.accessibility}</dt><dd>${v.accessibility.length ? html`<ul class="inline-list">${v.accessibility.map((a) => html`<li>${accessLabel(t, a)}</li>`)}</ul>` : '–'}</dd>
  ${v.exclusive ? html`<dt>${t.booking}</dt><dd>${t.exclusiveVenue}</dd>` : ''}
</dl>
<h2>${t.openingHours}</h2>
${openingHoursTable(t, v.opening_hours)}
<h2>${t.map}</h2>
${mapBlock(locale, venueFeatures([v], locale), 'venue-map', m.tileUrl)}
<h2>${t.upcomingHere}</h2>
${m.occurrences.length === 0 ? html`<p>${t.noUpcoming}</p>` : [...byDay.entries()].map(([day, list]) => html`<h3>${dayLabel(day, locale)}</h3><ul class="programme-list">${list.map((o) => itemLine(o, m, { showDate: false }))}</ul>`)}`;
  const head = jsonLd({ '@context': 'https://schema.org', ...placeLd(v, locale, '') });
  return { body, head };
}

// ---------- the changelog ----------

export function changelogView(locale: Locale, releases: ReleaseRow[], changes: ChangeRow[], tz: string): SafeHtml {
  const t = expoMessages(locale);
  const where = (x: unknown) => {
    const w = x as { venue?: string; venue_en?: string; starts_at?: string; ends_at?: string; all_day?: boolean } | undefined;
    if (!w?.starts_at || !w.ends_at) return '';
    const venue = locale === 'en' && w.venue_en ? w.venue_en : (w.venue ?? '');
    return `${whenLabel({ starts_at: new Date(w.starts_at), ends_at: new Date(w.ends_at), all_day: !!w.all_day }, tz, locale)}, ${venue}`;
  };
  return html`<p class="lead">${t.changelogLead}</p>
<p><a href="${changesFeedPath(locale)}">${t.atomFeed}</a></p>
${releases.length === 0 ? html`<p>${t.noRelease}</p>` : ''}
${releases.map((r) => {
    const list = changes.filter((c) => c.release_id === r.id);
    const note = locale === 'en' && r.note_en ? r.note_en : r.note_sv;
    return html`<section class="release" aria-labelledby="release-${r.number}"><h2 id="release-${r.number}">${t.releaseHeading(r.number, formatDateTime(r.published_at, locale))}</h2>
    ${note ? html`<p>${note}</p>` : ''}<p class="muted">${t.releaseCounts(r.event_count, r.occurrence_count)}</p>
    ${list.length === 0
      ? html`<p>${t.noChanges}</p>`
      : html`<ul class="change-list">${list.slice(0, 500).map((c) => {
          const title = locale === 'en' && c.title_en ? c.title_en : c.title_sv;
          const detail = c.detail as { from?: unknown; to?: unknown };
          return html`<li><span class="badge badge-change-${c.kind}">${changeLabel(t, c.kind)}</span> ${c.kind === 'removed' && c.occurrence_id === null ? title : html`<a href="${eventPath(locale, c.event_slug)}">${title}</a>`}${
            c.kind === 'moved' ? html`: ${t.movedFrom} ${where(detail.from)} ${t.movedTo} ${where(detail.to)}` : detail.to ? html`: ${where(detail.to)}` : detail.from ? html`: ${where(detail.from)}` : ''
          }</li>`;
        })}${list.length > 500 ? html`<li>…</li>` : ''}</ul>`}
  </section>`;
  })}`;
}
