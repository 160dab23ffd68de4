// Bulk import of initiatives from a CSV export of the city's previous system. Two steps: `planImport`
// reads and checks every row (nothing is written; every problem is reported with its line number),
// `applyImport` writes the whole plan in one transaction — all or nothing.
import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/actor.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { parseForm } from '../../platform/forms.ts';
import type { Db, Tx } from '../../db/db.ts';
import type { CommandContext } from './initiatives.commands.ts';
import { forWrite, uniqueSlug, valuesFromForm, type InitiativeValues } from './initiatives.commands.ts';
import { AIM_LABELS, COLLABORATION_LABELS, SECTOR_LABELS, STAGE_LABELS, TECHNOLOGY_LABELS } from './initiatives.messages.ts';
import { AIMS, COLLABORATION_KINDS, ENDED_STAGES, InitiativeForm, SECTORS, STAGES, TECHNOLOGIES, type InitiativeFormValue, type Stage } from './initiatives.schema.ts';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
const SYSTEM: Actor = { kind: 'anonymous' };

// ---------- CSV ----------

export interface CsvRecord {
  /** The line in the file where the record starts (1 = the header). */
  line: number;
  cells: string[];
}

/** RFC 4180 CSV with `,` or `;` (whichever the header uses), quoted fields over several lines, a BOM. */
export function parseCsv(text: string): { records: CsvRecord[]; error?: { line: number; message: string } } {
  const src = text.replace(/^\ufeff/, '');
  const firstLine = src.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === '') {
      inQuotes = true;
      quoteLine = line;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((c) => c.trim() !== '')) records.push({ line: recordLine, cells });
      cells = [];
      cell = '';
      line++;
      recordLine = line;
    } else cell += ch;
  }
  if (inQuotes) return { records, error: { line: quoteLine, message: 'a quoted value is never closed' } };
  cells.push(cell);
  if (cells.some((c) => c.trim() !== '')) records.push({ line: recordLine, cells });
  return { records };
}

// ---------- columns ----------

/** Columns of the export, with the headers the old system and people use for them (case-insensitive). */
export const IMPORT_COLUMNS = {
  external_id: ['id', 'projekt-id', 'projektid', 'external id'],
  title_sv: ['namn', 'titel', 'name', 'title'],
  title_en: ['namn (engelska)', 'name (english)', 'title (english)'],
  summary_sv: ['sammanfattning', 'summary'],
  summary_en: ['sammanfattning (engelska)', 'summary (english)'],
  what_sv: ['vad', 'what'],
  why_sv: ['varför', 'why'],
  how_sv: ['hur', 'how'],
  expected_impact_sv: ['förväntad effekt', 'expected impact'],
  innovation_potential_sv: ['innovationspotential', 'innovation potential'],
  challenge: ['utmaning', 'challenge'],
  owner: ['ägare', 'ägande organisation', 'owner'],
  owner_unit: ['enhet', 'unit'],
  contact_name: ['kontaktperson', 'contact'],
  contact_email: ['e-post', 'epost', 'email', 'e-mail'],
  participants: ['deltagare', 'deltagande organisationer', 'participants'],
  other_partners: ['övriga partner', 'partner', 'other partners'],
  sector: ['sektor', 'sector'],
  technologies: ['teknik', 'technology', 'technologies'],
  sdgs: ['globala mål', 'sdg', 'sdgs', 'global goals'],
  sdg_targets: ['delmål', 'sdg targets', 'targets'],
  aims: ['smartare stad', 'smarter city'],
  collaboration_kinds: ['söker samarbete med', 'collaboration kinds'],
  collaboration_sought_sv: ['söker samarbete', 'collaboration sought'],
  resident_involvement_sv: ['invånarnas delaktighet', 'resident involvement'],
  testbeds: ['testbäddar', 'testbeds'],
  stage: ['status', 'steg', 'stage'],
  lessons_learned_sv: ['lärdomar', 'lessons learned'],
  location_name: ['plats', 'place', 'location'],
  location_lat: ['latitud', 'latitude', 'lat'],
  location_lng: ['longitud', 'longitude', 'lng', 'lon'],
  location_area: ['område', 'area', 'polygon'],
  estimated_budget_sek: ['budget', 'budget (kr)', 'uppskattad budget', 'estimated budget'],
  published: ['publicerad', 'published'],
} as const;
type Column = keyof typeof IMPORT_COLUMNS;
const REQUIRED: Column[] = ['title_sv', 'owner', 'stage'];

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** A value typed as a code or as its Swedish or English label. */
function vocabulary<K extends string>(codes: readonly K[], labels: Record<K, { sv: string; en: string }>): Map<string, K> {
  const m = new Map<string, K>();
  for (const k of codes) {
    m.set(norm(k), k);
    m.set(norm(labels[k].sv), k);
    m.set(norm(labels[k].en), k);
  }
  return m;
}
const STAGE_WORDS = vocabulary(STAGES, STAGE_LABELS);
const SECTOR_WORDS = vocabulary(SECTORS, SECTOR_LABELS);
const TECH_WORDS = vocabulary(TECHNOLOGIES, TECHNOLOGY_LABELS);
const AIM_WORDS = vocabulary(AIMS, AIM_LABELS);
const COLLAB_WORDS = vocabulary(COLLABORATION_KINDS, COLLABORATION_LABELS);
const list = (v: string) => v.split(/[;\n|]/).map((x) => x.trim()).filter(Boolean);

// ---------- plan ----------

export interface PlannedItem {
  line: number;
  action: 'create' | 'update' | 'unchanged';
  id?: number;
  externalId: string | null;
  title: string;
  values: InitiativeValues;
  participantIds: number[];
  stage: Stage;
  lessonsSv: string;
  published: boolean;
}

export interface ImportPlan {
  problems: string[];
  items: PlannedItem[];
}

/** Reads and checks a whole file; writes nothing. */
export async function planImport(db: Db, text: string): Promise<ImportPlan> {
  const problems: string[] = [];
  const parsed = parseCsv(text);
  if (parsed.error) return { problems: [`line ${parsed.error.line}: ${parsed.error.message}`], items: [] };
  const [header, ...rows] = parsed.records;
  if (!header) return { problems: ['line 1: the file is empty'], items: [] };

  const columnAt = new Map<Column, number>();
  const headerNames = new Map<Column, string>();
  header.cells.forEach((h, i) => {
    const n = norm(h);
    const col = (Object.keys(IMPORT_COLUMNS) as Column[]).find((c) => (IMPORT_COLUMNS[c] as readonly string[]).includes(n));
    if (!col) problems.push(`line 1: unknown column "${h.trim()}"`);
    else if (columnAt.has(col)) problems.push(`line 1: the column "${h.trim()}" appears twice`);
    else {
      columnAt.set(col, i);
      headerNames.set(col, h.trim());
    }
  });
  for (const c of REQUIRED) if (!columnAt.has(c)) problems.push(`line 1: the column "${IMPORT_COLUMNS[c][0]}" is missing`);
  if (problems.length) return { problems, items: [] };
  if (!rows.length) return { problems: ['the file has a header but no initiatives'], items: [] };

  const [orgs, challenges, existing] = await Promise.all([
    db.selectFrom('organisations').select(['id', 'slug', 'name']).execute(),
    db.selectFrom('challenges').select(['id', 'slug', 'title_sv', 'title_en']).execute(),
    db.selectFrom('initiatives').selectAll().where('external_id', 'is not', null).execute(),
  ]);
  const orgBy = new Map<string, number>();
  for (const o of orgs) {
    orgBy.set(norm(o.slug), o.id);
    orgBy.set(norm(o.name), o.id);
  }
  const challengeBy = new Map<string, number>();
  for (const c of challenges) for (const k of [c.slug, c.title_sv, c.title_en]) if (k) challengeBy.set(norm(k), c.id);
  const byExternal = new Map(existing.map((e) => [e.external_id as string, e]));
  const participantsOf = new Map<number, number[]>();
  if (existing.length) {
    const ps = await db.selectFrom('initiative_organisations').select(['initiative_id', 'organisation_id']).where('initiative_id', 'in', existing.map((e) => e.id)).execute();
    for (const p of ps) participantsOf.set(p.initiative_id, [...(participantsOf.get(p.initiative_id) ?? []), p.organisation_id]);
  }

  const items: PlannedItem[] = [];
  const seenExternal = new Map<string, number>();
  for (const rec of rows) {
    const at = (c: Column) => {
      const i = columnAt.get(c);
      return i === undefined ? '' : (rec.cells[i] ?? '').trim();
    };
    const label = (c: Column) => headerNames.get(c) ?? c;
    const rowProblems: string[] = [];
    const say = (c: Column | string, message: string) => rowProblems.push(`line ${rec.line}: ${c in IMPORT_COLUMNS ? label(c as Column) : c}: ${message}`);
    if (rec.cells.length > header.cells.length) say('row', `has ${rec.cells.length} values but the header has ${header.cells.length} columns`);

    const externalId = at('external_id') || null;
    if (externalId) {
      if (externalId.length > 100) say('external_id', 'is longer than 100 characters');
      const earlier = seenExternal.get(externalId);
      if (earlier) say('external_id', `"${externalId}" is also on line ${earlier}`);
      seenExternal.set(externalId, rec.line);
    }
    const ownerId = orgBy.get(norm(at('owner')));
    if (!at('owner')) say('owner', 'is empty');
    else if (ownerId === undefined) say('owner', `no organisation "${at('owner')}" (use its name or slug)`);
    const participantIds: number[] = [];
    for (const p of list(at('participants'))) {
      const id = orgBy.get(norm(p));
      if (id === undefined) say('participants', `no organisation "${p}"`);
      else participantIds.push(id);
    }
    let challengeId: number | undefined;
    if (at('challenge')) {
      challengeId = challengeBy.get(norm(at('challenge')));
      if (challengeId === undefined) say('challenge', `no challenge "${at('challenge')}"`);
    }
    const stage = STAGE_WORDS.get(norm(at('stage')));
    if (!stage) say('stage', `"${at('stage')}" is not a stage (Idé, Pilot, Skala upp, Realiserad or Avbruten)`);
    const words = <K extends string>(c: Column, vocab: Map<string, K>): K[] => {
      const out: K[] = [];
      for (const w of list(at(c))) {
        const k = vocab.get(norm(w));
        if (!k) say(c, `"${w}" is not known`);
        else out.push(k);
      }
      return out;
    };
    const sector = at('sector') ? SECTOR_WORDS.get(norm(at('sector'))) : undefined;
    if (at('sector') && !sector) say('sector', `"${at('sector')}" is not a sector`);
    const sdgs = at('sdgs') ? (at('sdgs').match(/\d+/g) ?? []) : [];
    const pub = norm(at('published'));
    const published = ['ja', 'yes', 'true', '1', 'x'].includes(pub);
    if (pub && !published && !['nej', 'no', 'false', '0'].includes(pub)) say('published', `"${at('published')}" should be ja or nej`);
    const lessonsSv = at('lessons_learned_sv');
    if (stage && ENDED_STAGES.includes(stage) && !lessonsSv) say('lessons_learned_sv', `lessons learned are required for an initiative that is ${STAGE_LABELS[stage].en.toLowerCase()}`);

    const raw: Record<string, unknown> = {
      title_sv: at('title_sv'),
      owner_organisation_id: ownerId === undefined ? '' : String(ownerId),
      participant_ids: participantIds.map(String),
      challenge_id: challengeId === undefined ? '' : String(challengeId),
      technologies: words('technologies', TECH_WORDS),
      aims: words('aims', AIM_WORDS),
      collaboration_kinds: words('collaboration_kinds', COLLAB_WORDS),
      sdgs,
      sector: sector ?? '',
    };
    for (const c of ['title_en', 'summary_sv', 'summary_en', 'what_sv', 'why_sv', 'how_sv', 'expected_impact_sv', 'innovation_potential_sv', 'owner_unit', 'contact_name', 'contact_email', 'other_partners', 'sdg_targets', 'collaboration_sought_sv', 'resident_involvement_sv', 'testbeds', 'location_name', 'location_lat', 'location_lng', 'location_area', 'estimated_budget_sek'] as const) raw[c] = at(c);
    const form = parseForm(InitiativeForm, raw, 'en');
    const fieldColumn = (f: string): Column | string => (f === 'owner_organisation_id' ? 'owner' : f === 'participant_ids' ? 'participants' : f === 'challenge_id' ? 'challenge' : f);
    if (!form.ok) {
      for (const [f, m] of Object.entries(form.errors)) if (!(f === 'owner_organisation_id' && !ownerId)) say(fieldColumn(f), m);
    }
    let checked: Awaited<ReturnType<typeof valuesFromForm>> | undefined;
    if (form.ok) {
      checked = await valuesFromForm(db, 'en', form.value as InitiativeFormValue, { allowRetired: true });
      // References were resolved (and reported) above; the rest are the editor form's own checks.
      if (!checked.ok) for (const [f, m] of Object.entries(checked.errors)) if (!['owner_organisation_id', 'participant_ids', 'challenge_id'].includes(f)) say(fieldColumn(f), m);
    }
    if (rowProblems.length || !checked?.ok || !stage) {
      problems.push(...rowProblems);
      continue;
    }
    const before = externalId ? byExternal.get(externalId) : undefined;
    let action: PlannedItem['action'] = 'create';
    if (before) {
      const d = diff(before as unknown as Record<string, unknown>, checked.values as Record<string, unknown>);
      const sameParticipants = JSON.stringify([...(participantsOf.get(before.id) ?? [])].sort()) === JSON.stringify([...checked.participantIds].sort());
      action = Object.keys(d.after).length || !sameParticipants || before.stage !== stage || before.published !== published ? 'update' : 'unchanged';
    }
    items.push({ line: rec.line, action, ...(before ? { id: before.id } : {}), externalId, title: checked.values.title_sv, values: checked.values, participantIds: checked.participantIds, stage, lessonsSv, published });
  }
  return { problems, items };
}

// ---------- apply ----------

const IMPORT_REASON = 'Importerad från stadens tidigare projektportfölj';

async function insertMoves(trx: Tx, initiativeId: number, from: Stage | null, to: Stage, lessonsSv: string) {
  await trx
    .insertInto('initiative_stage_moves')
    .values({ initiative_id: initiativeId, from_stage: from, to_stage: to, reason: IMPORT_REASON, lessons_learned_sv: ENDED_STAGES.includes(to) ? lessonsSv : '', status: 'approved', requested_by_name: 'import', decided_by_name: 'import', decided_at: new Date() })
    .execute();
}

/** Writes a checked plan in one transaction: any failure leaves the database as it was. */
export async function applyImport(ctx: CommandContext, plan: ImportPlan): Promise<{ created: number; updated: number; unchanged: number }> {
  if (plan.problems.length) throw new Error('applyImport: the plan has problems');
  const counts = { created: 0, updated: 0, unchanged: 0 };
  await ctx.db.transaction().execute(async (trx) => {
    for (const it of plan.items) {
      const ended = ENDED_STAGES.includes(it.stage);
      const lessons = ended ? { lessons_learned_sv: it.lessonsSv } : {};
      if (it.action === 'unchanged') {
        counts.unchanged++;
        continue;
      }
      if (it.action === 'create') {
        const slug = await uniqueSlug(trx, it.values.title_sv);
        const row = await trx
          .insertInto('initiatives')
          .values({ ...forWrite(it.values), ...lessons, slug, external_id: it.externalId, stage: it.stage, published: it.published, first_published_at: it.published ? new Date() : null })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (it.participantIds.length) await trx.insertInto('initiative_organisations').values(it.participantIds.map((o) => ({ initiative_id: row.id, organisation_id: o }))).execute();
        await insertMoves(trx, row.id, null, 'idea', '');
        if (it.stage !== 'idea') await insertMoves(trx, row.id, 'idea', it.stage, it.lessonsSv);
        await recordAudit(trx, SYSTEM, { action: 'initiative.import', entityType: 'initiative', entityId: row.id, after: { ...it.values, externalId: it.externalId, stage: it.stage, published: it.published, line: it.line } });
        counts.created++;
        continue;
      }
      const before = await trx.selectFrom('initiatives').selectAll().where('id', '=', it.id as number).forUpdate().executeTakeFirstOrThrow();
      await trx
        .updateTable('initiatives')
        .set({
          ...forWrite(it.values),
          ...lessons,
          stage: it.stage,
          ...(before.stage !== it.stage ? { stage_changed_at: sql`now()` } : {}),
          published: it.published,
          first_published_at: before.first_published_at ?? (it.published ? new Date() : null),
          updated_at: sql`now()`,
          version: sql`version + 1`,
        })
        .where('id', '=', before.id)
        .execute();
      await trx.deleteFrom('initiative_organisations').where('initiative_id', '=', before.id).execute();
      if (it.participantIds.length) await trx.insertInto('initiative_organisations').values(it.participantIds.map((o) => ({ initiative_id: before.id, organisation_id: o }))).execute();
      if (before.stage !== it.stage) await insertMoves(trx, before.id, before.stage, it.stage, it.lessonsSv);
      const d = diff(before as unknown as Record<string, unknown>, { ...(it.values as Record<string, unknown>), stage: it.stage, published: it.published });
      await recordAudit(trx, SYSTEM, { action: 'initiative.import', entityType: 'initiative', entityId: before.id, before: d.before, after: { ...d.after, line: it.line } });
      counts.updated++;
    }
  });
  ctx.cache.invalidate('initiatives');
  return counts;
}
