// The shape of a published programme item (what public pages, feeds and exports read; the publisher
// builds it in SQL, see nextEvents in expo.commands.ts), and small helpers on it. Pure: no database.
import crypto from 'node:crypto';
import type { AccessibilityFeature, AttendanceMode, Audience, BookingMode, EventStatus, EventType, PriceEntry, Theme } from './expo.schema.ts';

export interface PubOrganiser {
  id: number;
  slug: string;
  name: string;
  main: boolean;
  website: string | null;
}

export interface PubEventData {
  id: number;
  slug: string;
  type: EventType;
  status: EventStatus;
  title_sv: string;
  title_en: string;
  description_sv: string;
  description_en: string;
  themes: Theme[];
  sdgs: number[];
  audience: Audience[];
  age_min: number | null;
  age_max: number | null;
  languages: string[];
  accessibility: AccessibilityFeature[];
  prices: PriceEntry[];
  is_free: boolean;
  booking_mode: BookingMode;
  booking_url: string | null;
  attendance_mode: AttendanceMode;
  online_url: string | null;
  image: { url: string; alt_sv: string; alt_en: string } | null;
  organisers: PubOrganiser[];
  initiative_ids: number[];
  is_demo: boolean;
}

/** A stable hash of a value (object keys sorted), to detect changed items between imports. */
export function stableHash(value: unknown): string {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(norm);
    if (v instanceof Date) return v.toISOString();
    if (v && typeof v === 'object') {
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(v as object).sort()) o[k] = norm((v as Record<string, unknown>)[k]);
      return o;
    }
    return v;
  };
  return crypto.createHash('sha1').update(JSON.stringify(norm(value))).digest('base64url');
}

/** Title in a language, falling back to Swedish. */
export function titleIn(d: { title_sv: string; title_en: string }, locale: 'sv' | 'en'): string {
  return locale === 'en' && d.title_en ? d.title_en : d.title_sv;
}

export function descriptionIn(d: { description_sv: string; description_en: string }, locale: 'sv' | 'en'): string {
  return locale === 'en' && d.description_en ? d.description_en : d.description_sv;
}

/** The status a visitor sees for one occurrence: a cancelled item cancels every date. */
export function effectiveStatus(eventStatus: EventStatus, occurrenceStatus: EventStatus): EventStatus {
  if (eventStatus === 'cancelled' || occurrenceStatus === 'cancelled') return 'cancelled';
  if (occurrenceStatus !== 'scheduled') return occurrenceStatus;
  return eventStatus;
}
