// Pure rules for the places forms: GeoJSON geometry, coordinates, capacity and opening hours, from
// what was typed to stored values or a message per field. No database.
import type { FieldErrors } from '../../platform/errors.ts';
import { ringSelfIntersection, type Position } from '../../platform/geometry.ts';
import type { PlacesMessages } from './expo.places.messages.ts';
import { WEEKDAYS, type AccessibilityFeature, type AreaFormValue, type AreaKind, type EditionFormValue, type OpeningHours, type VenueFormValue } from './expo.schema.ts';
import type { GeoJsonGeometry } from './expo.tables.ts';
import { isValidDate } from './expo.time.ts';
import { slugify } from './expo.rules.ts';

/** Enough for a detailed outline of a city district; a pasted whole map is refused. */
export const MAX_POSITIONS = 5000;

type GeometryResult = { ok: true; geometry: GeoJsonGeometry } | { ok: false; error: string };

/**
 * Parses GeoJSON text (a geometry or a Feature) into a Point, Polygon or MultiPolygon with valid, closed rings
 * that do not cross or touch themselves (each ring on its own: holes against the outer ring are not checked).
 */
export function parseGeometry(text: string, t: PlacesMessages): GeometryResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: t.errGeometryJson((e as Error).message.slice(0, 200)) };
  }
  if (isObject(value) && value.type === 'Feature') value = value.geometry;
  if (!isObject(value)) return { ok: false, error: t.errGeometryType(value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value) };
  const type = value.type;
  const coordinates = value.coordinates;
  let count = 0;
  const fail = (error: string): GeometryResult => ({ ok: false, error });

  const position = (p: unknown, where: string): string | undefined => {
    count++;
    if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) return t.errGeometryPosition(where);
    const [lon, lat] = p as [number, number];
    if (lon < -180 || lon > 180) return t.errGeometryLon(where, lon);
    if (lat < -90 || lat > 90) return t.errGeometryLat(where, lat);
    return undefined;
  };
  const ring = (r: unknown, where: string): string | undefined => {
    if (!Array.isArray(r)) return t.errGeometryShape(where);
    for (let i = 0; i < r.length; i++) {
      const err = position(r[i], t.wherePosition(i + 1, where));
      if (err) return err;
      if (count > MAX_POSITIONS) return t.errGeometryTooBig(MAX_POSITIONS);
    }
    if (r.length < 4) return t.errGeometryRingShort(where);
    const first = r[0] as number[];
    const last = r[r.length - 1] as number[];
    if (first[0] !== last[0] || first[1] !== last[1]) return t.errGeometryRingOpen(where);
    const crossing = ringSelfIntersection(r as Position[]);
    if (crossing) return t.errGeometryRingCrosses(where, crossing.first, crossing.second);
    return undefined;
  };
  const polygon = (p: unknown, index?: number): string | undefined => {
    if (!Array.isArray(p) || p.length === 0) return t.errGeometryShape(index === undefined ? 'Polygon' : `Polygon ${index}`);
    for (let i = 0; i < p.length; i++) {
      const err = ring(p[i], t.whereRing(i + 1, index));
      if (err) return err;
    }
    return undefined;
  };

  if (type === 'Point') {
    const err = position(coordinates, t.wherePosition(1));
    return err ? fail(err) : { ok: true, geometry: { type, coordinates: (coordinates as number[]).slice(0, 2) } };
  }
  if (type === 'Polygon') {
    const err = polygon(coordinates);
    return err ? fail(err) : { ok: true, geometry: { type, coordinates } };
  }
  if (type === 'MultiPolygon') {
    if (!Array.isArray(coordinates) || coordinates.length === 0) return fail(t.errGeometryShape('MultiPolygon'));
    for (let i = 0; i < coordinates.length; i++) {
      const err = polygon(coordinates[i], i + 1);
      if (err) return fail(err);
    }
    return { ok: true, geometry: { type, coordinates } };
  }
  return fail(t.errGeometryType(typeof type === 'string' ? type.slice(0, 50) : String(type)));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A decimal number as typed (comma or point), or undefined. */
export function parseDecimal(s: string): number | undefined {
  const norm = s.trim().replace(/\s/g, '').replace(',', '.').replace(/^\u2212/, '-');
  if (!/^[-+]?\d{1,3}(\.\d{1,12})?$/.test(norm)) return undefined;
  return Number(norm);
}

export interface AreaInput {
  name_sv: string;
  name_en: string;
  slug: string;
  kind: AreaKind;
  description_sv: string;
  description_en: string;
  geometry: GeoJsonGeometry;
  position: number;
}

export function areaInputFromForm(f: AreaFormValue, t: PlacesMessages): { input?: AreaInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const g = parseGeometry(f.geometry, t);
  if (!g.ok) errors.geometry = g.error;
  if (!g.ok) return { errors };
  return {
    errors,
    input: {
      name_sv: f.name_sv,
      name_en: f.name_en ?? '',
      slug: f.slug ?? slugify(f.name_sv, 80),
      kind: f.kind,
      description_sv: f.description_sv ?? '',
      description_en: f.description_en ?? '',
      geometry: g.geometry,
      position: f.position ?? 0,
    },
  };
}

export interface VenueInput {
  name_sv: string;
  name_en: string;
  slug: string;
  area_id: number;
  description_sv: string;
  description_en: string;
  street: string;
  postal_code: string;
  city: string;
  lat: number;
  lon: number;
  capacity: number | null;
  opening_hours: OpeningHours;
  accessibility: AccessibilityFeature[];
  exclusive: boolean;
}

/** Per day: both times, or Closed; every day empty means no fixed hours (always open). */
export function openingHoursFromForm(f: VenueFormValue, t: PlacesMessages): { hours: OpeningHours; errors: FieldErrors } {
  const hours: OpeningHours = {};
  const errors: FieldErrors = {};
  const allEmpty = WEEKDAYS.every((d) => !f[`hours_${d}_opens`] && !f[`hours_${d}_closes`] && !f[`hours_${d}_closed`]);
  if (allEmpty) return { hours, errors };
  for (const d of WEEKDAYS) {
    if (f[`hours_${d}_closed`]) continue;
    const opens = f[`hours_${d}_opens`];
    const closes = f[`hours_${d}_closes`];
    if (!opens) errors[`hours_${d}_opens`] = t.errHoursMissing;
    else if (!closes) errors[`hours_${d}_closes`] = t.errHoursMissing;
    else if (closes <= opens) errors[`hours_${d}_closes`] = t.errHoursOrder;
    else hours[d] = { opens, closes };
  }
  return { hours, errors };
}

export function venueInputFromForm(f: VenueFormValue, t: PlacesMessages): { input?: VenueInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const lat = parseDecimal(f.lat);
  const lon = parseDecimal(f.lon);
  if (lat === undefined) errors.lat = t.errNumber;
  else if (lat < -90 || lat > 90) errors.lat = t.errLat;
  if (lon === undefined) errors.lon = t.errNumber;
  else if (lon < -180 || lon > 180) errors.lon = t.errLon;
  let capacity: number | null = null;
  if (f.capacity) {
    const c = f.capacity.replace(/\s/g, '');
    if (!/^\d{1,9}$/.test(c) || Number(c) < 1 || Number(c) > 2_000_000_000) errors.capacity = t.errCapacity;
    else capacity = Number(c);
  }
  const { hours, errors: hourErrors } = openingHoursFromForm(f, t);
  Object.assign(errors, hourErrors);
  if (Object.keys(errors).length || lat === undefined || lon === undefined) return { errors };
  return {
    errors,
    input: {
      name_sv: f.name_sv,
      name_en: f.name_en ?? '',
      slug: f.slug ?? slugify(f.name_sv, 80),
      area_id: Number(f.area_id),
      description_sv: f.description_sv ?? '',
      description_en: f.description_en ?? '',
      street: f.street ?? '',
      postal_code: f.postal_code ?? '',
      city: f.city ?? 'Helsingborg',
      lat,
      lon,
      capacity,
      opening_hours: hours,
      accessibility: [...new Set(f.accessibility)],
      exclusive: f.exclusive,
    },
  };
}

export interface EditionInput {
  name_sv: string;
  name_en: string;
  starts_on: string;
  ends_on: string;
  time_zone: string;
  description_sv: string;
  description_en: string;
}

const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone'));

export function isTimeZone(tz: string): boolean {
  if (TIME_ZONES.has(tz)) return true;
  try {
    // Aliases (e.g. "UTC") are valid though not listed.
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(tz);
  } catch {
    return false;
  }
}

export function editionInputFromForm(f: EditionFormValue, t: PlacesMessages): { input?: EditionInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!isValidDate(f.starts_on)) errors.starts_on = t.errDate;
  if (!isValidDate(f.ends_on)) errors.ends_on = t.errDate;
  if (!errors.starts_on && !errors.ends_on && f.ends_on < f.starts_on) errors.ends_on = t.errEndsBeforeStart;
  if (!isTimeZone(f.time_zone)) errors.time_zone = t.errTimeZone;
  if (Object.keys(errors).length) return { errors };
  return {
    errors,
    input: {
      name_sv: f.name_sv,
      name_en: f.name_en ?? '',
      starts_on: f.starts_on,
      ends_on: f.ends_on,
      time_zone: f.time_zone,
      description_sv: f.description_sv ?? '',
      description_en: f.description_en ?? '',
    },
  };
}
