// Pure conversions between what people type and what is stored: numbers, days, money, slugs.
import { ringSelfIntersection } from '../../platform/geometry.ts';

/** "12", "12,5", "-3.25", "1 200 000" → number; anything else → undefined. */
export function parseDecimal(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const s = raw.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.').replace(/^\u2212/, '-');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) && Math.abs(n) < 1e12 ? n : undefined;
}

/** A whole number in [min, max], or undefined. */
export function parseWhole(raw: string | undefined, min: number, max: number): number | undefined {
  const n = parseDecimal(raw);
  return n !== undefined && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

/** Kronor as typed ("250 000", "1200,50") → integer öre. */
export function parseSekToOre(raw: string | undefined): number | undefined {
  const n = parseDecimal(raw);
  if (n === undefined || n < 0 || n > 1e12) return undefined;
  return Math.round(n * 100);
}

/** A calendar day "YYYY-MM-DD" that exists, or undefined. */
export function parseDay(raw: string | undefined): string | undefined {
  if (!raw || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) return undefined;
  const [y, m, d] = raw.split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d && y >= 1900 && y <= 2200 ? raw : undefined;
}

/** node-postgres reads `date` as local midnight; this gives the day back without a time-zone shift. */
export function dayString(d: Date | string): string {
  if (typeof d === 'string') return d.slice(0, 10);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Today in Stockholm as YYYY-MM-DD. */
export function todayInStockholm(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A URL-safe name from a Swedish title: "Smart återvinning på Drottninghög" → "smart-atervinning-pa-drottninghog". */
export function slugify(title: string): string {
  const s = title
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return s || 'initiativ';
}

/** Paths under /initiativ and /en/initiatives that are pages of their own, not initiatives. */
export const RESERVED_SLUGS = new Set(['karta', 'map', 'lardomar', 'lessons-learned', 'ny', 'new', 'export']);

/** SDG targets as typed: "11.2, 12.a 3.4" → ['11.2', '12.a', '3.4'] (order kept, duplicates dropped). */
export function splitTargets(raw: string | undefined): string[] {
  if (!raw) return [];
  return [...new Set(raw.split(/[\s,;]+/).map((s) => s.trim().toLowerCase()).filter(Boolean))];
}

// ---------- an area on the map ----------

/** A closed ring of [latitude, longitude] positions, as stored in initiatives.location_area. */
export type Ring = [number, number][];
export const MAX_AREA_POSITIONS = 500;

export type AreaProblem =
  | { kind: 'unreadable'; line: number }
  | { kind: 'notPolygon' }
  | { kind: 'outOfRange'; position: number }
  | { kind: 'tooFew'; count: number }
  | { kind: 'tooMany'; count: number }
  | { kind: 'notClosed'; first: string }
  /** Edge k joins point k and k + 1; the two edges cross, overlap or touch. */
  | { kind: 'edgesCross'; first: number; second: number };

const NUM = String.raw`(-?\d+(?:[.,]\d+)?)`;
// "56,0465, 12,6945", "56.0465,12.6945", "56.0465 12.6945": latitude first, as map services copy a point.
const LINE_RE = new RegExp(`^${NUM}\\s*[,\\s]\\s*${NUM}$`);

/** The outer ring of a pasted GeoJSON Polygon, Feature or one-feature FeatureCollection ([lng, lat] → [lat, lng]). */
function ringFromGeoJson(raw: string): Ring | undefined {
  let g: unknown;
  try {
    g = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const obj = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  let geom = obj(g);
  if (geom?.type === 'FeatureCollection' && Array.isArray(geom.features) && geom.features.length === 1) geom = obj(geom.features[0]);
  if (geom?.type === 'Feature') geom = obj(geom.geometry);
  if (geom?.type !== 'Polygon' || !Array.isArray(geom.coordinates) || geom.coordinates.length !== 1 || !Array.isArray(geom.coordinates[0])) return undefined;
  const ring: Ring = [];
  for (const p of geom.coordinates[0] as unknown[]) {
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') return undefined;
    ring.push([p[1], p[0]]);
  }
  return ring;
}

/**
 * An area as a city editor can give it: one "latitude, longitude" per line (as copied from a map
 * service; decimal point or comma), or a pasted GeoJSON Polygon. Empty → null. The ring must be
 * closed (last position = first), have at least 4 positions, every position must be on Earth, and
 * its edges must not cross or touch (no bow-ties, no point visited twice).
 */
export function parseArea(raw: string | undefined): { ok: true; ring: Ring | null } | { ok: false; problem: AreaProblem } {
  const text = (raw ?? '').trim();
  if (!text) return { ok: true, ring: null };
  let ring: Ring;
  if (text.startsWith('{') || text.startsWith('[')) {
    const r = ringFromGeoJson(text);
    if (!r) return { ok: false, problem: { kind: 'notPolygon' } };
    ring = r;
  } else {
    ring = [];
    const lines = text.split(/\r?\n|;/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim().replace(/\u2212/g, '-');
      if (!line) continue;
      const m = LINE_RE.exec(line);
      if (!m) return { ok: false, problem: { kind: 'unreadable', line: i + 1 } };
      ring.push([Number(m[1]!.replace(',', '.')), Number(m[2]!.replace(',', '.'))]);
    }
  }
  if (ring.length > MAX_AREA_POSITIONS) return { ok: false, problem: { kind: 'tooMany', count: ring.length } };
  const bad = ring.findIndex(([lat, lng]) => !Number.isFinite(lat) || !Number.isFinite(lng) || lat < -90 || lat > 90 || lng < -180 || lng > 180);
  if (bad >= 0) return { ok: false, problem: { kind: 'outOfRange', position: bad + 1 } };
  if (ring.length < 4) return { ok: false, problem: { kind: 'tooFew', count: ring.length } };
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) return { ok: false, problem: { kind: 'notClosed', first: `${first[0]}, ${first[1]}` } };
  const crossing = ringSelfIntersection(ring);
  if (crossing) return { ok: false, problem: { kind: 'edgesCross', first: crossing.first, second: crossing.second } };
  return { ok: true, ring };
}

/** A stored ring as the editor shows it: one "latitude, longitude" per line. */
export function areaToText(ring: Ring | null | undefined): string {
  return ring ? ring.map(([lat, lng]) => `${lat}, ${lng}`).join('\n') : '';
}

/** GeoJSON geometry of an initiative's place: a Point, a Polygon, both as a GeometryCollection, or null. */
export type Geometry =
  | { type: 'Point'; coordinates: [number, number] }
  | { type: 'Polygon'; coordinates: [number, number][][] }
  | { type: 'GeometryCollection'; geometries: ({ type: 'Point'; coordinates: [number, number] } | { type: 'Polygon'; coordinates: [number, number][][] })[] };

export function geometryOf(lat: number | null, lng: number | null, area: Ring | null | undefined): Geometry | null {
  const point = lat !== null && lng !== null ? { type: 'Point' as const, coordinates: [lng, lat] as [number, number] } : undefined;
  const polygon = area && area.length ? { type: 'Polygon' as const, coordinates: [area.map(([a, o]) => [o, a] as [number, number])] } : undefined;
  if (point && polygon) return { type: 'GeometryCollection', geometries: [point, polygon] };
  return point ?? polygon ?? null;
}
