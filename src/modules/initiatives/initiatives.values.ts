// Pure conversions between what people type and what is stored: numbers, days, money, slugs.

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
