// JSON, CSV and XLSX shapes of initiatives for /api/v1 and the exports.
import ExcelJS from 'exceljs';
import type { Static } from '@sinclair/typebox';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { AIM_LABELS, COLLABORATION_LABELS, SECTOR_LABELS, STAGE_LABELS, TECHNOLOGY_LABELS } from '../initiatives.messages.ts';
import type { InitiativePublic, InitiativeSummary, Sector, Stage } from '../initiatives.schema.ts';
import type { InitiativeDetail, ListItem, listForExport } from '../initiatives.queries.ts';
import { initiativePaths } from '../initiatives.paths.ts';
import type { InitiativeEvent } from '../initiatives.links.ts';
import { pick } from './public.ts';
import { geometryOf } from '../initiatives.values.ts';

export function summaryJson(i: ListItem, locale: Locale, baseUrl: string): Static<typeof InitiativeSummary> {
  return {
    id: i.id,
    slug: i.slug,
    url: `${baseUrl}${initiativePaths.item(locale, i.slug)}`,
    title: i.title,
    summary: i.summary,
    stage: i.stage,
    owner: { slug: i.ownerSlug, name: i.ownerName },
    sdgs: i.sdgs,
    location: i.lat !== null && i.lng !== null ? { name: i.locationName, lat: i.lat, lng: i.lng } : null,
    geometry: geometryOf(i.lat, i.lng, i.area),
    updated_at: i.updatedAt.toISOString(),
    is_demo: i.isDemo,
  };
}

export function detailJson(d: InitiativeDetail, locale: Locale, baseUrl: string, events: InitiativeEvent[] = []): Static<typeof InitiativePublic> {
  const r = d.row;
  const p = (sv: string, en: string) => pick(locale, sv, en);
  return {
    id: r.id,
    slug: r.slug,
    url: `${baseUrl}${initiativePaths.item(locale, r.slug)}`,
    lang: locale,
    title: p(r.title_sv, r.title_en),
    summary: p(r.summary_sv, r.summary_en),
    what: p(r.what_sv, r.what_en),
    why: p(r.why_sv, r.why_en),
    how: p(r.how_sv, r.how_en),
    expected_impact: p(r.expected_impact_sv, r.expected_impact_en),
    innovation_potential: p(r.innovation_potential_sv, r.innovation_potential_en),
    stage: r.stage,
    stage_changed_at: r.stage_changed_at.toISOString(),
    challenge: r.challenge_slug ? { slug: r.challenge_slug, title: p(r.challenge_title_sv ?? '', r.challenge_title_en ?? '') } : null,
    owner: { slug: r.owner_slug, name: r.owner_name, unit: r.owner_unit },
    contact_name: r.contact_name,
    participants: d.participants.map((o) => ({ slug: o.slug, name: o.name })),
    other_partners: r.other_partners,
    sector: (r.sector as Sector | null) ?? null,
    technologies: r.technologies,
    sdgs: r.sdgs,
    sdg_targets: r.sdg_targets,
    aims: r.aims,
    collaboration: { kinds: r.collaboration_kinds, text: p(r.collaboration_sought_sv, r.collaboration_sought_en) },
    resident_involvement: p(r.resident_involvement_sv, r.resident_involvement_en),
    testbeds: r.testbeds,
    location: r.location_lat !== null && r.location_lng !== null ? { name: r.location_name, lat: r.location_lat, lng: r.location_lng } : null,
    geometry: geometryOf(r.location_lat, r.location_lng, r.location_area),
    estimated_budget_ore: r.estimated_budget_ore,
    lessons_learned: r.stage === 'realised' || r.stage === 'stopped' ? p(r.lessons_learned_sv, r.lessons_learned_en) : '',
    images: d.images.map((im) => ({ url: im.url.startsWith('/') ? `${baseUrl}${im.url}` : im.url, alt: p(im.alt_sv, im.alt_en) })),
    links: d.links.map((l) => ({ url: l.url, label: p(l.label_sv, l.label_en) })),
    expo_events: events.map((e) => ({ id: e.id, slug: e.slug, url: `${baseUrl}${e.path}`, title: e.title, first_starts_at: e.startsAt.toISOString(), place: e.place })),
    impact_goals: d.goals.map((g) => ({
      indicator: p(g.indicatorSv, g.indicatorEn),
      unit: g.unit,
      baseline: { value: g.baselineValue, date: g.baselineDate },
      target: { value: g.targetValue, date: g.targetDate },
      next_follow_up: g.nextDue,
      overdue: g.overdue,
      follow_ups: g.followUps.map((f) => ({ date: f.measuredOn, value: f.value, status: f.status, comment: f.comment })),
    })),
    stage_history: d.history.filter((h) => h.status === 'approved').map((h) => ({ from: h.from, to: h.to, at: (h.decidedAt ?? h.requestedAt).toISOString(), reason: h.reason })),
    first_published_at: r.first_published_at ? r.first_published_at.toISOString() : null,
    updated_at: r.updated_at.toISOString(),
    is_demo: r.is_demo,
  };
}

// ---------- exports ----------

type ExportRow = Awaited<ReturnType<typeof listForExport>>[number];

export const EXPORT_COLUMNS = [
  'id', 'slug', 'url', 'title', 'summary', 'stage', 'owner', 'unit', 'participants', 'challenge', 'sector', 'technologies',
  'sdgs', 'aims', 'collaboration_sought', 'location', 'lat', 'lng', 'area', 'estimated_budget_sek', 'created_at', 'updated_at', 'is_demo',
] as const;

/** One export row: machine-stable column names, values in the chosen language. */
export function exportRow(r: ExportRow, locale: Locale, baseUrl: string): (string | number | boolean | null)[] {
  const labels = <K extends string>(map: Record<K, { sv: string; en: string }>, keys: string[]) => keys.map((k) => map[k as K]?.[locale] ?? k).join('; ');
  return [
    r.id,
    r.slug,
    `${baseUrl}${initiativePaths.item(locale, r.slug)}`,
    r.title,
    r.summary,
    STAGE_LABELS[r.stage as Stage][locale],
    r.owner,
    r.unit,
    r.participants,
    r.challenge ?? '',
    r.sector ? (SECTOR_LABELS[r.sector as Sector]?.[locale] ?? r.sector) : '',
    labels(TECHNOLOGY_LABELS, r.technologies),
    r.sdgs.join('; '),
    labels(AIM_LABELS, r.aims),
    labels(COLLABORATION_LABELS, r.collaboration_kinds),
    r.location_name,
    r.location_lat,
    r.location_lng,
    // GeoJSON Polygon text, a form the import's `Område`/`area` column also accepts.
    r.location_area ? JSON.stringify(geometryOf(null, null, r.location_area)) : '',
    r.estimated_budget_ore === null ? null : r.estimated_budget_ore / 100,
    r.created_at.toISOString(),
    r.updated_at.toISOString(),
    r.is_demo,
  ];
}

/** RFC 4180 CSV with a BOM (so spreadsheet programs read UTF-8); cells that look like formulas are defused. */
export function toCsv(rows: (string | number | boolean | null)[][]): string {
  const cell = (v: string | number | boolean | null) => {
    if (v === null) return '';
    let s = String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return '\ufeff' + [EXPORT_COLUMNS as readonly string[], ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export async function toXlsx(rows: (string | number | boolean | null)[][], sheetName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'H22';
  const ws = wb.addWorksheet(sheetName.slice(0, 31));
  ws.addRow([...EXPORT_COLUMNS]);
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  // Cells hold values, never formulas: a text starting with = stays text.
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
