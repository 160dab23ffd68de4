// Open formats of the published programme: iCalendar (RFC 5545), frab schedule JSON and XML, CSV,
// Atom, GeoJSON and the JSON API items. Pure builders over data the routes have read.
import crypto from 'node:crypto';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { richTextToPlain, escapeHtml } from '../../platform/html.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { expoMessages } from './expo.messages.ts';
import type { AreaRow, ChangeRow, PublishedOccurrence, ReleaseRow, VenueRow } from './expo.queries.ts';
import type { EditionInfo } from './expo.rules.ts';
import { descriptionIn, effectiveStatus, titleIn } from './expo.publish-data.ts';
import { addDays, daysBetween, localDate, localParts, localTime } from './expo.time.ts';
import { addressLine, type Places } from './views/public.ts';
import { areaPath, changesPath, eventPath, priceList, typeLabel, venuePath, whenLabel } from './views/format.ts';

const nameIn = (x: { name_sv: string; name_en: string }, locale: Locale) => (locale === 'en' && x.name_en ? x.name_en : x.name_sv);

// ---------- time helpers ----------

/** "2022-06-01T10:00:00+02:00": local wall time with the zone's offset. */
export function isoLocal(d: Date, tz: string): string {
  const p = localParts(d, tz);
  const pad = (n: number) => String(n).padStart(2, '0');
  const offMin = Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
  const sign = offMin >= 0 ? '+' : '-';
  const abs = Math.abs(offMin);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function duration(start: Date, end: Date): string {
  const min = Math.max(0, Math.round((end.getTime() - start.getTime()) / 60_000));
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}

/** A name-based UUID (RFC 4122 version 5 layout) for things that have no guid of their own. */
export function uuidFor(name: string): string {
  const h = crypto.createHash('sha1').update(`h22:${name}`).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x50;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

// ---------- iCalendar ----------

const VTIMEZONES: Record<string, string> = {
  'Europe/Stockholm': [
    'BEGIN:VTIMEZONE',
    'TZID:Europe/Stockholm',
    'X-LIC-LOCATION:Europe/Stockholm',
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'TZNAME:CEST',
    'DTSTART:19700329T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'TZNAME:CET',
    'DTSTART:19701025T030000',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
  ].join('\r\n'),
};

/**
 * A Date that ical-generator prints as wall time in a zone: it reads the local getters of what
 * `withTimeZone` returns, so those getters answer in the zone instead of the server's own.
 */
class ZonedDate extends Date {
  readonly internal: Date;
  constructor(
    ms: number,
    readonly zone: string,
  ) {
    super(ms);
    this.internal = new Date(ms);
  }
  withTimeZone(tz?: string | null): ZonedDate {
    return new ZonedDate(this.getTime(), tz ?? this.zone);
  }
  tzComponents(): ReturnType<typeof localParts> {
    return localParts(this.internal, this.zone);
  }
  override getFullYear(): number {
    return this.tzComponents().year;
  }
  override getMonth(): number {
    return this.tzComponents().month - 1;
  }
  override getDate(): number {
    return this.tzComponents().day;
  }
  override getHours(): number {
    return this.tzComponents().hour;
  }
  override getMinutes(): number {
    return this.tzComponents().minute;
  }
  override getSeconds(): number {
    return this.tzComponents().second;
  }
}

const ICS_STATUS = { scheduled: ICalEventStatus.CONFIRMED, rescheduled: ICalEventStatus.CONFIRMED, postponed: ICalEventStatus.TENTATIVE, cancelled: ICalEventStatus.CANCELLED } as const;

export interface IcsOptions {
  name: string;
  locale: Locale;
  baseUrl: string;
  tz: string;
  occurrences: PublishedOccurrence[];
  places: Places;
  /** When the published data last changed (DTSTAMP). */
  stamp: Date;
}

export function buildIcs(o: IcsOptions): string {
  const known = VTIMEZONES[o.tz];
  const cal = ical({
    name: o.name,
    prodId: { company: 'Helsingborgs stad', product: 'H22', language: o.locale.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    ...(known ? { timezone: { name: o.tz, generator: (tz: string) => VTIMEZONES[tz] ?? null } } : {}),
  });
  const t = expoMessages(o.locale);
  for (const occ of o.occurrences) {
    const d = occ.data;
    const venue = o.places.venues.get(occ.venue_id);
    const url = `${o.baseUrl}${eventPath(o.locale, d.slug)}`;
    const when = (date: Date) => (known ? new ZonedDate(date.getTime(), o.tz) : date);
    const status = effectiveStatus(d.status, occ.status);
    cal.createEvent({
      id: `${occ.guid}@h22`,
      sequence: occ.sequence,
      stamp: o.stamp,
      start: when(occ.starts_at),
      end: when(occ.ends_at),
      allDay: occ.all_day,
      ...(known && !occ.all_day ? { timezone: o.tz } : {}),
      summary: titleIn(d, o.locale),
      description: `${richTextToPlain(descriptionIn(d, o.locale))}\n\n${t.price}: ${priceList(d.prices, o.locale)}\n${url}`,
      url,
      status: ICS_STATUS[status],
      categories: [{ name: typeLabel(t, d.type) }],
      organizer: d.organisers[0] ? { name: d.organisers[0].name, email: 'no-reply@h22.localhost' } : null,
      ...(venue ? { location: { title: nameIn(venue, o.locale), address: addressLine(venue), geo: { lat: venue.lat, lon: venue.lon } } } : {}),
    });
  }
  // DTSTAMP is UTC by definition; the library prints it in the calendar's zone.
  const stamp = o.stamp.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return cal.toString().replace(/^DTSTAMP:.*$/gm, `DTSTAMP:${stamp}`);
}

// ---------- frab schedule ----------

export interface FrabOptions {
  edition: EditionInfo;
  release: ReleaseRow | undefined;
  baseUrl: string;
  occurrences: PublishedOccurrence[];
  places: Places;
  locale: Locale;
}

interface FrabEvent {
  id: number;
  guid: string;
  date: string;
  start: string;
  duration: string;
  room: string;
  slug: string;
  url: string;
  title: string;
  subtitle: string | null;
  track: string | null;
  type: string;
  language: string;
  abstract: string | null;
  description: string | null;
  persons: { name: string; guid: string }[];
  links: { url: string; title: string }[];
  attachments: never[];
}

/** The programme in the frab/c3voc schedule format: one entry per occurrence, rooms are venues. */
export function buildFrab(o: FrabOptions): Record<string, unknown> {
  const { edition, locale } = o;
  const tz = edition.time_zone;
  const t = expoMessages(locale);
  const daysCount = daysBetween(edition.starts_on, edition.ends_on) + 1;
  const roomName = (v: VenueRow | undefined, id: number) => (v ? nameIn(v, locale) : `venue-${id}`);
  const usedVenues = new Set(o.occurrences.map((x) => x.venue_id));
  const rooms = [...o.places.venues.values()]
    .filter((v) => usedVenues.has(v.id))
    .map((v) => ({ name: nameIn(v, locale), guid: uuidFor(`venue:${edition.slug}:${v.slug}`), description: addressLine(v), capacity: v.capacity }));
  const days: { index: number; date: string; day_start: string; day_end: string; rooms: Record<string, FrabEvent[]> }[] = [];
  for (let i = 0; i < daysCount; i++) {
    const date = addDays(edition.starts_on, i);
    days.push({ index: i + 1, date, day_start: `${date}T00:00:00${isoLocal(new Date(`${date}T12:00:00Z`), tz).slice(19)}`, day_end: `${date}T23:59:00${isoLocal(new Date(`${date}T12:00:00Z`), tz).slice(19)}`, rooms: {} });
  }
  const byDate = new Map(days.map((d) => [d.date, d]));
  for (const occ of o.occurrences) {
    const d = occ.data;
    // A period item (an exhibition) is listed once, on its first day, with the whole period as its duration.
    const day = byDate.get(localDate(occ.starts_at, tz));
    if (!day) continue;
    const venue = o.places.venues.get(occ.venue_id);
    const room = roomName(venue, occ.venue_id);
    const status = effectiveStatus(d.status, occ.status);
    const plain = richTextToPlain(descriptionIn(d, locale));
    const ev: FrabEvent = {
      id: occ.occurrence_id,
      guid: occ.guid,
      date: isoLocal(occ.starts_at, tz),
      start: isoLocal(occ.starts_at, tz),
      duration: duration(occ.starts_at, occ.ends_at),
      room,
      slug: `${d.slug}-${occ.occurrence_id}`,
      url: `${o.baseUrl}${eventPath(locale, d.slug)}`,
      title: `${status === 'cancelled' ? `[${t.status_cancelled}] ` : ''}${titleIn(d, locale)}`,
      subtitle: occ.all_day ? whenLabel(occ, tz, locale) : null,
      track: typeLabel(t, d.type),
      type: d.type,
      language: d.languages[0] ?? 'sv',
      abstract: plain ? plain.slice(0, 300) : null,
      description: plain || null,
      persons: d.organisers.map((org) => ({ name: org.name, guid: uuidFor(`organisation:${org.slug}`) })),
      links: d.booking_url ? [{ url: d.booking_url, title: t.booking }] : [],
      attachments: [],
    };
    (day.rooms[room] ??= []).push(ev);
  }
  for (const day of days) for (const list of Object.values(day.rooms)) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id));
  return {
    $schema: 'https://c3voc.de/schedule/schema.json',
    generator: { name: 'H22', version: '1.0', url: o.baseUrl },
    schedule: {
      version: o.release ? `${o.release.number}` : '0',
      base_url: `${o.baseUrl}/`,
      conference: {
        acronym: edition.acronym,
        title: locale === 'en' && edition.name_en ? edition.name_en : edition.name_sv,
        description: locale === 'en' && edition.description_en ? edition.description_en : edition.description_sv,
        start: edition.starts_on,
        end: edition.ends_on,
        daysCount,
        timeslot_duration: '00:15',
        time_zone_name: tz,
        url: `${o.baseUrl}${locale === 'en' ? '/en/program' : '/program'}`,
        tracks: [...new Set(o.occurrences.map((x) => typeLabel(t, x.data.type)))].map((name) => ({ name })),
        rooms,
        days,
      },
    },
  };
}

const x = (s: string | number | null | undefined) => escapeHtml(String(s ?? ''));

/** The same schedule as frab XML (the format of frab's schedule.xml). */
export function frabToXml(frab: Record<string, unknown>): string {
  const s = frab.schedule as { version: string; base_url: string; conference: Record<string, unknown> & { days: { index: number; date: string; day_start: string; day_end: string; rooms: Record<string, FrabEvent[]> }[]; rooms: { name: string; guid: string }[] } };
  const c = s.conference;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<schedule>', '  <generator name="H22" version="1.0"/>', `  <version>${x(s.version)}</version>`, '  <conference>'];
  for (const k of ['acronym', 'title', 'start', 'end', 'daysCount', 'timeslot_duration', 'time_zone_name', 'url']) {
    const tag = k === 'daysCount' ? 'days' : k;
    out.push(`    <${tag}>${x(c[k] as string)}</${tag}>`);
  }
  out.push(`    <base_url>${x(s.base_url)}</base_url>`, '  </conference>');
  for (const day of c.days) {
    out.push(`  <day index="${day.index}" date="${day.date}" start="${x(day.day_start)}" end="${x(day.day_end)}">`);
    for (const [room, events] of Object.entries(day.rooms)) {
      const guid = c.rooms.find((r) => r.name === room)?.guid ?? '';
      out.push(`    <room name="${x(room)}" guid="${x(guid)}">`);
      for (const e of events) {
        out.push(
          `      <event guid="${x(e.guid)}" id="${e.id}">`,
          `        <date>${x(e.date)}</date>`,
          `        <start>${x(e.start)}</start>`,
          `        <duration>${x(e.duration)}</duration>`,
          `        <room>${x(e.room)}</room>`,
          `        <slug>${x(e.slug)}</slug>`,
          `        <url>${x(e.url)}</url>`,
          `        <title>${x(e.title)}</title>`,
          `        <subtitle>${x(e.subtitle)}</subtitle>`,
          `        <track>${x(e.track)}</track>`,
          `        <type>${x(e.type)}</type>`,
          `        <language>${x(e.language)}</language>`,
          `        <abstract>${x(e.abstract)}</abstract>`,
          `        <description>${x(e.description)}</description>`,
          `        <persons>${e.persons.map((p) => `<person guid="${x(p.guid)}">${x(p.name)}</person>`).join('')}</persons>`,
          `        <links>${e.links.map((l) => `<link href="${x(l.url)}">${x(l.title)}</link>`).join('')}</links>`,
          `        <attachments/>`,
          `      </event>`,
        );
      }
      out.push('    </room>');
    }
    out.push('  </day>');
  }
  out.push('</schedule>', '');
  return out.join('\n');
}

// ---------- JSON API and CSV ----------

export function apiItem(occ: PublishedOccurrence, places: Places, locale: Locale, baseUrl: string) {
  const d = occ.data;
  const v = places.venues.get(occ.venue_id);
  const a = places.areas.get(occ.area_id);
  return {
    id: occ.occurrence_id,
    guid: occ.guid,
    event_id: d.id,
    slug: d.slug,
    url: `${baseUrl}${eventPath(locale, d.slug)}`,
    title: titleIn(d, locale),
    summary: richTextToPlain(descriptionIn(d, locale)).slice(0, 300),
    type: d.type,
    status: effectiveStatus(d.status, occ.status),
    starts_at: occ.starts_at.toISOString(),
    ends_at: occ.ends_at.toISOString(),
    all_day: occ.all_day,
    themes: d.themes,
    sdgs: d.sdgs,
    audience: d.audience,
    languages: d.languages,
    accessibility: occ.accessibility,
    is_free: d.is_free,
    prices: d.prices.map((p) => ({ category: p.category, amount_ore: p.amount_ore, currency: 'SEK' as const })),
    organisers: d.organisers.map((o) => ({ slug: o.slug, name: o.name, main: o.main })),
    venue: v
      ? { slug: v.slug, name: nameIn(v, locale), street: v.street, postal_code: v.postal_code, city: v.city, lat: v.lat, lon: v.lon }
      : { slug: '', name: '', street: '', postal_code: '', city: '', lat: 0, lon: 0 },
    area: a ? { slug: a.slug, name: nameIn(a, locale), kind: a.kind } : { slug: '', name: '', kind: 'city' as const },
  };
}

/** A CSV cell: quoted when needed, and never a formula when opened in a spreadsheet. */
function cell(v: string | number | boolean): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function buildCsv(items: ReturnType<typeof apiItem>[], tz: string): string {
  const header = ['id', 'guid', 'title', 'type', 'status', 'date', 'start', 'end', 'all_day', 'venue', 'area', 'address', 'organisers', 'free', 'prices_sek', 'languages', 'accessibility', 'url'];
  const rows = items.map((i) => {
    const s = new Date(i.starts_at);
    const e = new Date(i.ends_at);
    return [
      i.id,
      i.guid,
      i.title,
      i.type,
      i.status,
      localDate(s, tz),
      i.all_day ? '' : localTime(s, tz),
      i.all_day ? localDate(new Date(e.getTime() - 1), tz) : localTime(e, tz),
      i.all_day,
      i.venue.name,
      i.area.name,
      [i.venue.street, i.venue.postal_code, i.venue.city].filter(Boolean).join(', '),
      i.organisers.map((o) => o.name).join('; '),
      i.is_free,
      i.prices.map((p) => `${p.category} ${(p.amount_ore / 100).toFixed(2)}`).join('; '),
      i.languages.join(' '),
      i.accessibility.join(' '),
      i.url,
    ]
      .map(cell)
      .join(',');
  });
  // The BOM makes spreadsheet programs read UTF-8 (å, ä, ö) correctly.
  return `\uFEFF${[header.join(','), ...rows].join('\r\n')}\r\n`;
}

// ---------- Atom feed of changes ----------

export function buildAtom(o: { locale: Locale; baseUrl: string; releases: ReleaseRow[]; changes: ChangeRow[]; tz: string; editionSlug: string }): string {
  const t = expoMessages(o.locale);
  const self = `${o.baseUrl}${changesPath(o.locale)}.atom`;
  const updated = (o.releases[0]?.published_at ?? new Date(0)).toISOString();
  const entries = o.releases.map((r) => {
    const list = o.changes.filter((c) => c.release_id === r.id);
    const items = list
      .slice(0, 300)
      .map((c) => `<li>${escapeHtml(t[`change_${c.kind}`])}: <a href="${escapeHtml(`${o.baseUrl}${eventPath(o.locale, c.event_slug)}`)}">${escapeHtml(o.locale === 'en' && c.title_en ? c.title_en : c.title_sv)}</a></li>`)
      .join('');
    const note = o.locale === 'en' && r.note_en ? r.note_en : r.note_sv;
    const content = `${note ? `<p>${escapeHtml(note)}</p>` : ''}<ul>${items}</ul>${list.length > 300 ? '<p>…</p>' : ''}`;
    return [
      '  <entry>',
      `    <id>tag:h22,2022:${o.editionSlug}:release-${r.number}:${o.locale}</id>`,
      `    <title>${x(t.releaseHeading(r.number, r.published_at.toISOString().slice(0, 10)))}</title>`,
      `    <updated>${r.published_at.toISOString()}</updated>`,
      `    <link rel="alternate" type="text/html" href="${x(`${o.baseUrl}${changesPath(o.locale)}#release-${r.number}`)}"/>`,
      `    <summary>${x(t.releaseCounts(r.event_count, r.occurrence_count))}</summary>`,
      `    <content type="html">${x(content)}</content>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${o.locale}">`,
    `  <id>tag:h22,2022:${o.editionSlug}:changes:${o.locale}</id>`,
    `  <title>${x(`H22 City Expo – ${t.changelogTitle}`)}</title>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>H22</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${x(self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${x(`${o.baseUrl}${changesPath(o.locale)}`)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

// ---------- GeoJSON ----------

export function areasGeoJson(areas: AreaRow[], baseUrl: string) {
  return {
    type: 'FeatureCollection' as const,
    features: areas.map((a) => ({
      type: 'Feature' as const,
      id: a.slug,
      geometry: a.geometry,
      properties: { slug: a.slug, kind: a.kind, name_sv: a.name_sv, name_en: a.name_en, description_sv: a.description_sv, description_en: a.description_en, url: `${baseUrl}${areaPath('sv', a.slug)}` },
    })),
  };
}

export function venuesGeoJson(venues: VenueRow[], areas: Map<number, AreaRow>, baseUrl: string) {
  return {
    type: 'FeatureCollection' as const,
    features: venues.map((v) => ({
      type: 'Feature' as const,
      id: v.slug,
      geometry: { type: 'Point', coordinates: [v.lon, v.lat] },
      properties: {
        slug: v.slug,
        name_sv: v.name_sv,
        name_en: v.name_en,
        area: areas.get(v.area_id)?.slug ?? null,
        street: v.street,
        postal_code: v.postal_code,
        city: v.city,
        country: v.country,
        capacity: v.capacity,
        exclusive: v.exclusive,
        opening_hours: v.opening_hours,
        accessibility: v.accessibility,
        url: `${baseUrl}${venuePath('sv', v.slug)}`,
      },
    })),
  };
}
