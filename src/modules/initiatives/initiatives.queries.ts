// Reads of the initiatives module: the public list with facet counts, initiative pages, the lessons
// library, the map, site search, and the staff views (editing, portfolio overview).
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/db.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { excerpt, trgmQuery, tsQuery, type SearchHit } from '../../platform/search.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { isProgrammeTeam } from '../../platform/policy.ts';
import { AIMS, COLLABORATION_KINDS, SECTORS, STAGES, TECHNOLOGIES, type Aim, type CollaborationKind, type ListQueryValue, type Sector, type Stage, type Technology } from './initiatives.schema.ts';
import { dayString, todayInStockholm } from './initiatives.values.ts';
import type { InitiativeAccess } from './initiatives.policy.ts';
import { initiativePaths } from './initiatives.paths.ts';

// ---------- filters ----------

export const FACETS = ['stage', 'sdg', 'aim', 'org', 'sector', 'tech', 'collab'] as const;
export type Facet = (typeof FACETS)[number];
export type Sort = 'updated' | 'name' | 'relevance';

export interface ListFilters {
  q?: string;
  stage?: Stage;
  sdg?: number;
  aim?: Aim;
  org?: string;
  sector?: Sector;
  tech?: Technology;
  collab?: CollaborationKind;
  sort: Sort;
  /** Set by `resolveTextSearch` when no word matches exactly: match by trigram similarity instead. */
  fuzzy?: boolean;
}

const oneOf = <T extends string>(values: readonly T[], v: string | undefined): T | undefined => (v !== undefined && (values as readonly string[]).includes(v) ? (v as T) : undefined);

/** Query-string filters → typed filters; unknown values are dropped rather than failing the page. */
export function parseListFilters(q: ListQueryValue): ListFilters {
  const f: ListFilters = { sort: 'updated' };
  const text = q.q?.trim().slice(0, 200);
  if (text) f.q = text;
  const stage = oneOf(STAGES, q.stage);
  if (stage) f.stage = stage;
  const sdg = q.sdg && /^\d{1,2}$/.test(q.sdg) ? Number(q.sdg) : undefined;
  if (sdg && sdg >= 1 && sdg <= 17) f.sdg = sdg;
  const aim = oneOf(AIMS, q.aim);
  if (aim) f.aim = aim;
  if (q.org && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(q.org)) f.org = q.org;
  const sector = oneOf(SECTORS, q.sector);
  if (sector) f.sector = sector;
  const tech = oneOf(TECHNOLOGIES, q.tech);
  if (tech) f.tech = tech;
  const collab = oneOf(COLLABORATION_KINDS, q.collab);
  if (collab) f.collab = collab;
  if (q.sort === 'name' || (q.sort === 'relevance' && f.q)) f.sort = q.sort;
  else if (!q.sort && f.q) f.sort = 'relevance';
  return f;
}

/** The filters as a query string (stable order), for links, cache keys and cursors. */
export function filtersToQuery(f: ListFilters, over: Partial<Record<Facet | 'q' | 'sort' | 'page', string | number | undefined>> = {}): string {
  const p = new URLSearchParams();
  const all: Record<string, string | number | undefined> = { q: f.q, stage: f.stage, sdg: f.sdg, aim: f.aim, org: f.org, sector: f.sector, tech: f.tech, collab: f.collab, sort: f.sort === (f.q ? 'relevance' : 'updated') ? undefined : f.sort, ...over };
  for (const [k, v] of Object.entries(all)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Stemmed full text in both languages (index-backed), or trigram similarity on title and summary for typos. */
function textCondition(q: string, locale: Locale, fuzzy = false): RawBuilder<boolean> {
  if (fuzzy) return sql<boolean>`(${trgmQuery(q)} <% ${locale === 'sv' ? sql.ref('i.trgm_sv') : sql.ref('i.trgm_en')})`;
  return sql<boolean>`(i.search_all @@ (${tsQuery(q, 'sv')} || ${tsQuery(q, 'en')}))`;
}

/**
 * Typo tolerance without slowing every search: exact (stemmed) matching first; only when nothing at
 * all matches is the query treated as misspelt and matched by similarity.
 */
export async function resolveTextSearch(db: Db, f: ListFilters, locale: Locale): Promise<ListFilters> {
  if (!f.q) return f;
  const hit = await db.selectFrom('initiatives as i').select('i.id').where('i.published', '=', true).where(textCondition(f.q, locale)).limit(1).executeTakeFirst();
  return hit ? f : { ...f, fuzzy: true };
}

/** One SQL condition per active facet, on initiatives aliased `i`. */
function facetConditions(f: ListFilters): Partial<Record<Facet, RawBuilder<boolean>>> {
  const c: Partial<Record<Facet, RawBuilder<boolean>>> = {};
  if (f.stage) c.stage = sql<boolean>`i.stage = ${f.stage}`;
  if (f.sdg) c.sdg = sql<boolean>`i.sdgs @> ARRAY[${f.sdg}]::smallint[]`;
  if (f.aim) c.aim = sql<boolean>`i.aims @> ARRAY[${f.aim}]::text[]`;
  if (f.org) c.org = sql<boolean>`i.organisation_ids @> ARRAY[(SELECT o.id FROM organisations o WHERE o.slug = ${f.org})]::bigint[]`;
  if (f.sector) c.sector = sql<boolean>`i.sector = ${f.sector}`;
  if (f.tech) c.tech = sql<boolean>`i.technologies @> ARRAY[${f.tech}]::text[]`;
  if (f.collab) c.collab = sql<boolean>`i.collaboration_kinds @> ARRAY[${f.collab}]::text[]`;
  return c;
}

const and = (conds: RawBuilder<boolean>[]): RawBuilder<boolean> => (conds.length ? sql<boolean>`(${sql.join(conds, sql` AND `)})` : sql<boolean>`true`);

function whereAll(f: ListFilters, locale: Locale): RawBuilder<boolean> {
  const conds: RawBuilder<boolean>[] = [sql<boolean>`i.published`, ...Object.values(facetConditions(f))];
  if (f.q) conds.push(textCondition(f.q, locale, f.fuzzy));
  return and(conds);
}

/** A text column in the page's language, falling back to Swedish. */
const localized = (locale: Locale, col: 'title' | 'summary') =>
  locale === 'sv' ? sql<string>`${sql.ref(`i.${col}_sv`)}` : sql<string>`coalesce(nullif(${sql.ref(`i.${col}_en`)}, ''), ${sql.ref(`i.${col}_sv`)})`;

export type FacetCounts = Record<Facet, Map<string, number>> & { total: number };

export interface PortfolioScan {
  /** The filters as used: `fuzzy` is set when the text matched no word exactly. */
  filters: ListFilters;
  counts: FacetCounts;
  /** The requested page, in order. */
  items: ListItem[];
}

/**
 * One pass over the published initiatives that match the text: counts per value of every facet (each
 * with all the *other* active filters applied, so a count says what choosing that value would give),
 * the total, and the ids of one page in the chosen order. When the text matches no initiative at all,
 * it is taken as misspelt and matched by similarity instead (a second pass).
 */
export async function scanPortfolio(db: Db, f: ListFilters, locale: Locale, page: { limit: number; offset: number } = { limit: 0, offset: 0 }): Promise<PortfolioScan> {
  const first = await scanOnce(db, f, locale, page);
  if (!f.q || f.fuzzy || first.matched > 0) return { filters: f, counts: first.counts, items: first.items };
  const fuzzy = { ...f, fuzzy: true };
  const second = await scanOnce(db, fuzzy, locale, page);
  return { filters: fuzzy, counts: second.counts, items: second.items };
}

async function scanOnce(db: Db, f: ListFilters, locale: Locale, page: { limit: number; offset: number }) {
  const conds = facetConditions(f);
  const active = Object.keys(conds) as Facet[];
  const flagCols = active.map((k) => sql`${conds[k]!} AS ${sql.ref(`f_${k}`)}`);
  const except = (facet: Facet | null) => and(active.filter((k) => k !== facet).map((k) => sql<boolean>`${sql.ref(`m.f_${k}`)}`));
  // Relevance is ranked for the filtered rows only, on the inline vector (no TOAST reads).
  const relevance = f.sort === 'relevance' && f.q;
  const rankOf = (alias: string) =>
    f.fuzzy && f.q
      ? sql`word_similarity(${trgmQuery(f.q)}, ${sql.ref(`${alias}.${locale === 'sv' ? 'trgm_sv' : 'trgm_en'}`)})`
      : sql`ts_rank(${sql.ref(`${alias}.search_all`)}, ${tsQuery(f.q ?? '', locale)} || ${tsQuery(f.q ?? '', locale === 'sv' ? 'en' : 'sv')})`;
  const order = f.sort === 'name' ? sql`m.title COLLATE sv, m.id` : relevance ? sql`r.rank DESC, m.updated_at DESC, m.id DESC` : sql`m.updated_at DESC, m.id DESC`;
  const base = sql`SELECT i.id, i.stage, i.sdgs, i.aims, i.sector, i.technologies, i.collaboration_kinds, i.organisation_ids, i.updated_at,
      ${f.sort === 'name' ? localized(locale, 'title') : sql`''`} AS title${flagCols.length ? sql`, ${sql.join(flagCols)}` : sql``}
    FROM initiatives i WHERE i.published${f.q ? sql` AND ${textCondition(f.q, locale, f.fuzzy)}` : sql``}`;
  const r = await sql<{ facet: Facet | 'total' | 'matched' | 'page'; value: string; n: number }>`
    WITH m AS MATERIALIZED (${base})
    SELECT 'stage' AS facet, m.stage AS value, count(*)::int AS n FROM m WHERE ${except('stage')} GROUP BY m.stage
    UNION ALL SELECT 'sdg', s::text, count(*)::int FROM m, unnest(m.sdgs) s WHERE ${except('sdg')} GROUP BY s
    UNION ALL SELECT 'aim', a, count(*)::int FROM m, unnest(m.aims) a WHERE ${except('aim')} GROUP BY a
    UNION ALL SELECT 'org', o::text, count(*)::int FROM m, unnest(m.organisation_ids) o WHERE ${except('org')} GROUP BY o
    UNION ALL SELECT 'sector', m.sector, count(*)::int FROM m WHERE m.sector IS NOT NULL AND ${except('sector')} GROUP BY m.sector
    UNION ALL SELECT 'tech', t, count(*)::int FROM m, unnest(m.technologies) t WHERE ${except('tech')} GROUP BY t
    UNION ALL SELECT 'collab', c, count(*)::int FROM m, unnest(m.collaboration_kinds) c WHERE ${except('collab')} GROUP BY c
    UNION ALL SELECT 'total', '', count(*)::int FROM m WHERE ${except(null)}
    UNION ALL SELECT 'matched', '', count(*)::int FROM m
    UNION ALL SELECT 'page', json_build_object('id', i.id, 'slug', i.slug, 'title', ${localized(locale, 'title')}, 'summary', ${localized(locale, 'summary')}, 'stage', i.stage,
        'ownerName', o.name, 'ownerSlug', o.slug, 'sdgs', i.sdgs, 'updatedAt', i.updated_at, 'locationName', i.location_name, 'lat', i.location_lat, 'lng', i.location_lng, 'isDemo', i.is_demo)::text, p.ord::int
      FROM (SELECT m.id, row_number() OVER (ORDER BY ${order}) AS ord FROM m
        ${relevance ? sql`CROSS JOIN LATERAL (SELECT ${rankOf('ri')} AS rank FROM initiatives ri WHERE ri.id = m.id) r` : sql``}
        WHERE ${except(null)} ORDER BY ${order} LIMIT ${page.limit} OFFSET ${page.offset}) p
      JOIN initiatives i ON i.id = p.id JOIN organisations o ON o.id = i.owner_organisation_id`.execute(db);
  const counts = { total: 0 } as FacetCounts;
  for (const k of FACETS) counts[k] = new Map();
  let matched = 0;
  const pageRows: { item: ListItem; ord: number }[] = [];
  for (const row of r.rows) {
    if (row.facet === 'total') counts.total = row.n;
    else if (row.facet === 'matched') matched = row.n;
    else if (row.facet === 'page') {
      const item = JSON.parse(row.value) as ListItem & { updatedAt: string };
      pageRows.push({ item: { ...item, updatedAt: new Date(item.updatedAt) }, ord: row.n });
    } else counts[row.facet].set(row.value, row.n);
  }
  return { counts, matched, items: pageRows.sort((a, b) => a.ord - b.ord).map((p) => p.item) };
}

export interface ListItem {
  id: number;
  slug: string;
  title: string;
  summary: string;
  stage: Stage;
  ownerName: string;
  ownerSlug: string;
  sdgs: number[];
  updatedAt: Date;
  locationName: string;
  lat: number | null;
  lng: number | null;
  /** The area ([lat, lng] ring), where read: the API and the map; the HTML list does not need it. */
  area?: [number, number][] | null;
  isDemo: boolean;
}

function listSelect(db: Db, locale: Locale) {
  return db
    .selectFrom('initiatives as i')
    .innerJoin('organisations as o', 'o.id', 'i.owner_organisation_id')
    .select([
      'i.id',
      'i.slug',
      localized(locale, 'title').as('title'),
      localized(locale, 'summary').as('summary'),
      'i.stage',
      'o.name as ownerName',
      'o.slug as ownerSlug',
      'i.sdgs',
      'i.updated_at as updatedAt',
      'i.location_name as locationName',
      'i.location_lat as lat',
      'i.location_lng as lng',
      'i.location_area as area',
      'i.is_demo as isDemo',
    ]);
}

/** Keyset pages for the API: after the cursor's (sort value, id). */
export async function listPublicAfter(db: Db, f: ListFilters, locale: Locale, limit: number, after?: (string | number)[]): Promise<ListItem[]> {
  let q = listSelect(db, locale).where(whereAll(f, locale));
  if (f.sort === 'name') {
    const title = sql`(${localized(locale, 'title')} COLLATE sv)`;
    if (after) q = q.where(sql<boolean>`(${title} > ${String(after[0])} COLLATE sv OR (${title} = ${String(after[0])} COLLATE sv AND i.id > ${Number(after[1])}))`);
    q = q.orderBy(title).orderBy('i.id');
  } else {
    if (after) q = q.where(sql<boolean>`(i.updated_at, i.id) < (${String(after[0])}::timestamptz, ${Number(after[1])})`);
    q = q.orderBy('i.updated_at', 'desc').orderBy('i.id', 'desc');
  }
  return (await q.limit(limit).execute()) as ListItem[];
}

/** Everything matching, for the exports (bounded). */
export async function listForExport(db: Db, f: ListFilters, locale: Locale, max = 20_000) {
  const rows = await db
    .selectFrom('initiatives as i')
    .innerJoin('organisations as o', 'o.id', 'i.owner_organisation_id')
    .leftJoin('challenges as c', 'c.id', 'i.challenge_id')
    .select([
      'i.id',
      'i.slug',
      localized(locale, 'title').as('title'),
      localized(locale, 'summary').as('summary'),
      'i.stage',
      'o.name as owner',
      'i.owner_unit as unit',
      (locale === 'sv' ? sql<string | null>`c.title_sv` : sql<string | null>`coalesce(nullif(c.title_en, ''), c.title_sv)`).as('challenge'),
      'i.sector',
      'i.technologies',
      'i.sdgs',
      'i.aims',
      'i.collaboration_kinds',
      'i.location_name',
      'i.location_lat',
      'i.location_lng',
      'i.location_area',
      'i.estimated_budget_ore',
      'i.created_at',
      'i.updated_at',
      'i.is_demo',
      sql<string>`coalesce((SELECT string_agg(po.name, '; ' ORDER BY po.name COLLATE sv) FROM initiative_organisations io JOIN organisations po ON po.id = io.organisation_id WHERE io.initiative_id = i.id), '')`.as('participants'),
    ])
    .where(whereAll(f, locale))
    .orderBy('i.updated_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(max)
    .execute();
  return rows;
}

/** Organisations for the organisation filter (the view shows those with a count). */
export function filterOrganisations(db: Db) {
  return db.selectFrom('organisations as o').select(['o.id', 'o.slug', 'o.name']).orderBy(sql`o.name COLLATE sv`).execute();
}

/** Published initiatives with a point or an area, for the map (bounded). */
export async function mapPoints(db: Db, f: ListFilters, locale: Locale, max = 2000): Promise<ListItem[]> {
  return (await listSelect(db, locale)
    .where(whereAll(f, locale))
    .where((eb) => eb.or([eb('i.location_lat', 'is not', null), eb('i.location_area', 'is not', null)]))
    .orderBy(sql`${localized(locale, 'title')} COLLATE sv`)
    .orderBy('i.id')
    .limit(max)
    .execute()) as ListItem[];
}

// ---------- one initiative ----------

export interface StageHistoryEntry {
  id: number;
  from: Stage | null;
  to: Stage;
  status: 'pending' | 'approved' | 'rejected';
  reason: string;
  lessonsSv: string;
  lessonsEn: string;
  requestedBy: string;
  requestedAt: Date;
  decidedBy: string;
  decidedAt: Date | null;
  decisionComment: string;
}

export interface GoalView {
  id: number;
  indicatorSv: string;
  indicatorEn: string;
  unit: string;
  baselineValue: number;
  baselineDate: string;
  targetValue: number;
  targetDate: string;
  followUpMonths: number;
  nextDue: string;
  overdue: boolean;
  followUps: { id: number; measuredOn: string; value: number; status: 'green' | 'yellow' | 'red'; comment: string; recordedBy: string }[];
}

/** Next follow-up day: `months` after the last follow-up, or after the baseline. */
export function nextFollowUpDue(baselineDate: string, lastMeasured: string | undefined, months: number): string {
  const from = lastMeasured ?? baselineDate;
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const due = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth() + 1, 0)).getUTCDate();
  due.setUTCDate(Math.min(d, lastDay));
  return due.toISOString().slice(0, 10);
}

async function goalsOf(db: Db, initiativeId: number, ended: boolean, today: string): Promise<GoalView[]> {
  const goals = await db.selectFrom('impact_goals').selectAll().where('initiative_id', '=', initiativeId).orderBy('position').orderBy('id').execute();
  if (!goals.length) return [];
  const fus = await db
    .selectFrom('impact_follow_ups')
    .selectAll()
    .where(
      'goal_id',
      'in',
      goals.map((g) => g.id),
    )
    .orderBy('measured_on')
    .orderBy('id')
    .execute();
  return goals.map((g) => {
    const followUps = fus
      .filter((f) => f.goal_id === g.id)
      .map((f) => ({ id: f.id, measuredOn: dayString(f.measured_on), value: Number(f.value), status: f.status, comment: f.comment, recordedBy: f.recorded_by_name }));
    const baselineDate = dayString(g.baseline_date);
    const nextDue = nextFollowUpDue(baselineDate, followUps[followUps.length - 1]?.measuredOn, g.follow_up_months);
    return {
      id: g.id,
      indicatorSv: g.indicator_sv,
      indicatorEn: g.indicator_en,
      unit: g.unit,
      baselineValue: Number(g.baseline_value),
      baselineDate,
      targetValue: Number(g.target_value),
      targetDate: dayString(g.target_date),
      followUpMonths: g.follow_up_months,
      nextDue,
      overdue: !ended && nextDue < today,
      followUps,
    };
  });
}

export async function getInitiative(db: Db, by: { id: number } | { slug: string }, opts: { today?: string } = {}) {
  const q = db
    .selectFrom('initiatives as i')
    .innerJoin('organisations as o', 'o.id', 'i.owner_organisation_id')
    .leftJoin('challenges as c', 'c.id', 'i.challenge_id')
    .selectAll('i')
    .select(['o.name as owner_name', 'o.slug as owner_slug', 'o.website as owner_website', 'c.slug as challenge_slug', 'c.title_sv as challenge_title_sv', 'c.title_en as challenge_title_en']);
  if ('id' in by && (!Number.isSafeInteger(by.id) || by.id <= 0)) return undefined;
  const row = await ('id' in by ? q.where('i.id', '=', by.id) : q.where('i.slug', '=', by.slug)).executeTakeFirst();
  if (!row) return undefined;
  const ended = row.stage === 'realised' || row.stage === 'stopped';
  const [participants, images, links, moves, goals] = await Promise.all([
    db
      .selectFrom('initiative_organisations as io')
      .innerJoin('organisations as o', 'o.id', 'io.organisation_id')
      .select(['o.id', 'o.slug', 'o.name', 'o.kind'])
      .where('io.initiative_id', '=', row.id)
      .orderBy(sql`o.name COLLATE sv`)
      .execute(),
    db.selectFrom('initiative_images').selectAll().where('initiative_id', '=', row.id).orderBy('position').orderBy('id').execute(),
    db.selectFrom('initiative_links').selectAll().where('initiative_id', '=', row.id).orderBy('position').orderBy('id').execute(),
    db.selectFrom('initiative_stage_moves').selectAll().where('initiative_id', '=', row.id).orderBy('requested_at').orderBy('id').execute(),
    goalsOf(db, row.id, ended, opts.today ?? todayInStockholm()),
  ]);
  const history: StageHistoryEntry[] = moves.map((m) => ({
    id: m.id,
    from: m.from_stage,
    to: m.to_stage,
    status: m.status,
    reason: m.reason,
    lessonsSv: m.lessons_learned_sv,
    lessonsEn: m.lessons_learned_en,
    requestedBy: m.requested_by_name,
    requestedAt: m.requested_at,
    decidedBy: m.decided_by_name,
    decidedAt: m.decided_at,
    decisionComment: m.decision_comment,
  }));
  const access: InitiativeAccess = { ownerOrganisationId: row.owner_organisation_id, participantOrganisationIds: participants.map((p) => p.id), published: row.published };
  return { row, participants, images, links, history, goals, access };
}
export type InitiativeDetail = NonNullable<Awaited<ReturnType<typeof getInitiative>>>;

export function listComments(db: Db, initiativeId: number) {
  return db.selectFrom('initiative_comments').select(['id', 'author_name', 'body', 'created_at']).where('initiative_id', '=', initiativeId).orderBy('created_at').orderBy('id').execute();
}

// ---------- lessons learned ----------

export async function lessonsLibrary(db: Db, locale: Locale, opts: { stage?: 'realised' | 'stopped' } = {}) {
  return db
    .selectFrom('initiatives as i')
    .innerJoin('organisations as o', 'o.id', 'i.owner_organisation_id')
    .select([
      'i.slug',
      localized(locale, 'title').as('title'),
      'i.stage',
      'i.stage_changed_at as endedAt',
      'o.name as ownerName',
      'i.sector',
      (locale === 'sv' ? sql<string>`i.lessons_learned_sv` : sql<string>`coalesce(nullif(i.lessons_learned_en, ''), i.lessons_learned_sv)`).as('lessons'),
      sql<string>`coalesce((SELECT m.reason FROM initiative_stage_moves m WHERE m.initiative_id = i.id AND m.status = 'approved' AND m.to_stage = i.stage ORDER BY m.decided_at DESC NULLS LAST, m.id DESC LIMIT 1), '')`.as('reason'),
    ])
    .where('i.published', '=', true)
    .where('i.stage', 'in', opts.stage ? [opts.stage] : ['realised', 'stopped'])
    .orderBy('i.stage_changed_at', 'desc')
    .orderBy('i.id', 'desc')
    .execute();
}

// ---------- site search ----------

export async function searchInitiatives(db: Db, q: string, locale: Locale, limit: number): Promise<SearchHit[]> {
  const f = await resolveTextSearch(db, { q, sort: 'relevance' }, locale);
  const rank = f.fuzzy
    ? sql<number>`word_similarity(${trgmQuery(q)}, ${locale === 'sv' ? sql.ref('i.trgm_sv') : sql.ref('i.trgm_en')})`
    : sql<number>`ts_rank(i.search_all, ${tsQuery(q, locale)} || ${tsQuery(q, locale === 'sv' ? 'en' : 'sv')})`;
  const rows = await db
    .selectFrom('initiatives as i')
    .select(['i.slug', localized(locale, 'title').as('title'), localized(locale, 'summary').as('summary'), rank.as('rank')])
    .where('i.published', '=', true)
    .where(textCondition(q, locale, f.fuzzy))
    .orderBy('rank', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    kind: 'initiative',
    title: r.title,
    url: initiativePaths.item(locale, r.slug),
    excerpt: excerpt(r.summary, q),
    rank: Number(r.rank),
  }));
}

// ---------- staff ----------

/** The initiatives a person works with: everything for the programme team, else their organisations'. */
export async function listForStaff(db: Db, actor: Actor, opts: { q?: string } = {}) {
  let q = db
    .selectFrom('initiatives as i')
    .innerJoin('organisations as o', 'o.id', 'i.owner_organisation_id')
    .select([
      'i.id',
      'i.slug',
      'i.title_sv',
      'i.title_en',
      'i.stage',
      'i.published',
      'i.updated_at',
      'i.owner_organisation_id',
      'o.name as owner_name',
      sql<boolean>`EXISTS (SELECT 1 FROM initiative_stage_moves m WHERE m.initiative_id = i.id AND m.status = 'pending')`.as('has_pending'),
    ])
    .orderBy('i.updated_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(500);
  if (!isProgrammeTeam(actor)) {
    const orgIds = actor.kind === 'user' ? actor.memberships.map((m) => m.organisationId) : [];
    if (!orgIds.length) return [];
    q = q.where((eb) => eb.or([eb('i.owner_organisation_id', 'in', orgIds), eb.exists(eb.selectFrom('initiative_organisations as io').select('io.initiative_id').whereRef('io.initiative_id', '=', 'i.id').where('io.organisation_id', 'in', orgIds))]));
  }
  if (opts.q) q = q.where(sql<boolean>`(${textCondition(opts.q, 'sv')} OR ${textCondition(opts.q, 'sv', true)})`);
  return q.execute();
}

/** Pending stage requests the person may decide. */
export async function pendingDecisions(db: Db, actor: Actor) {
  let q = db
    .selectFrom('initiative_stage_moves as m')
    .innerJoin('initiatives as i', 'i.id', 'm.initiative_id')
    .innerJoin('organisations as o', 'o.id', 'i.owner_organisation_id')
    .select(['m.id', 'm.from_stage', 'm.to_stage', 'm.reason', 'm.requested_by_name', 'm.requested_at', 'i.id as initiative_id', 'i.title_sv', 'i.title_en', 'o.name as owner_name'])
    .where('m.status', '=', 'pending')
    .orderBy('m.requested_at');
  if (!isProgrammeTeam(actor)) {
    const leadOf = actor.kind === 'user' ? actor.memberships.filter((m) => m.role === 'innovation_lead').map((m) => m.organisationId) : [];
    if (!leadOf.length) return [];
    q = q.where('i.owner_organisation_id', 'in', leadOf);
  }
  return q.execute();
}

export function listChallenges(db: Db) {
  return db.selectFrom('challenges').selectAll().orderBy('position').orderBy(sql`title_sv COLLATE sv`).execute();
}

export function listOrganisationsForForm(db: Db) {
  return db.selectFrom('organisations').select(['id', 'slug', 'name', 'kind']).orderBy(sql`name COLLATE sv`).execute();
}

/** The portfolio overview: scope = every initiative (programme team) or the lead's organisations. */
export async function portfolioOverview(db: Db, scope: { organisationIds?: number[] }, today = todayInStockholm()) {
  const inScope = scope.organisationIds ? (scope.organisationIds.length ? sql<boolean>`i.owner_organisation_id IN (${sql.join(scope.organisationIds)})` : sql<boolean>`false`) : sql<boolean>`true`;
  const [byStage, byOrg, bySdg, byAim, stale, goals] = await Promise.all([
    sql<{ stage: Stage; n: number }>`SELECT i.stage, count(*)::int AS n FROM initiatives i WHERE ${inScope} GROUP BY i.stage`.execute(db),
    sql<{ id: number; name: string; stage: Stage; n: number }>`SELECT o.id, o.name, i.stage, count(*)::int AS n FROM initiatives i JOIN organisations o ON o.id = i.owner_organisation_id
      WHERE ${inScope} GROUP BY o.id, o.name, i.stage ORDER BY o.name COLLATE sv`.execute(db),
    sql<{ sdg: number; n: number }>`SELECT s AS sdg, count(*)::int AS n FROM initiatives i, unnest(i.sdgs) s WHERE ${inScope} GROUP BY s ORDER BY s`.execute(db),
    sql<{ aim: Aim; n: number }>`SELECT a AS aim, count(*)::int AS n FROM initiatives i, unnest(i.aims) a WHERE ${inScope} GROUP BY a`.execute(db),
    sql<{ id: number; title_sv: string; title_en: string; owner: string; stage: Stage; updated_at: Date }>`
      SELECT i.id, i.title_sv, i.title_en, o.name AS owner, i.stage, i.updated_at FROM initiatives i JOIN organisations o ON o.id = i.owner_organisation_id
      WHERE ${inScope} AND i.stage NOT IN ('realised', 'stopped') AND i.updated_at < now() - interval '90 days'
      ORDER BY i.updated_at, i.id LIMIT 200`.execute(db),
    sql<{ goal_id: number; initiative_id: number; title_sv: string; title_en: string; owner: string; indicator_sv: string; indicator_en: string; baseline_date: string; follow_up_months: number; last_measured: string | null }>`
      SELECT g.id AS goal_id, i.id AS initiative_id, i.title_sv, i.title_en, o.name AS owner, g.indicator_sv, g.indicator_en,
             g.baseline_date::text AS baseline_date, g.follow_up_months, (SELECT max(f.measured_on)::text FROM impact_follow_ups f WHERE f.goal_id = g.id) AS last_measured
      FROM impact_goals g JOIN initiatives i ON i.id = g.initiative_id JOIN organisations o ON o.id = i.owner_organisation_id
      WHERE ${inScope} AND i.stage NOT IN ('realised', 'stopped')`.execute(db),
  ]);
  const overdue = goals.rows
    .map((g) => ({ ...g, nextDue: nextFollowUpDue(g.baseline_date, g.last_measured ?? undefined, g.follow_up_months) }))
    .filter((g) => g.nextDue < today)
    .sort((a, b) => (a.nextDue < b.nextDue ? -1 : a.nextDue > b.nextDue ? 1 : a.goal_id - b.goal_id));
  const orgs = new Map<number, { id: number; name: string; byStage: Partial<Record<Stage, number>>; total: number }>();
  for (const r of byOrg.rows) {
    let o = orgs.get(r.id);
    if (!o) orgs.set(r.id, (o = { id: r.id, name: r.name, byStage: {}, total: 0 }));
    o.byStage[r.stage] = r.n;
    o.total += r.n;
  }
  return {
    byStage: Object.fromEntries(STAGES.map((s) => [s, byStage.rows.find((r) => r.stage === s)?.n ?? 0])) as Record<Stage, number>,
    byOrganisation: [...orgs.values()],
    bySdg: Array.from({ length: 17 }, (_, k) => ({ sdg: k + 1, n: bySdg.rows.find((r) => r.sdg === k + 1)?.n ?? 0 })),
    byAim: AIMS.map((a) => ({ aim: a, n: byAim.rows.find((r) => r.aim === a)?.n ?? 0 })),
    stale: stale.rows,
    overdue,
  };
}
export type PortfolioOverview = Awaited<ReturnType<typeof portfolioOverview>>;

/** The initiative a stage move or an impact goal belongs to (for routes addressed by those ids). */
export async function initiativeIdOf(db: Db, kind: 'move' | 'goal', id: number): Promise<number | undefined> {
  const row =
    kind === 'move'
      ? await db.selectFrom('initiative_stage_moves').select('initiative_id').where('id', '=', id).executeTakeFirst()
      : await db.selectFrom('impact_goals').select('initiative_id').where('id', '=', id).executeTakeFirst();
  return row?.initiative_id;
}

/** The challenges for the staff list: how many initiatives answer each (a retired one is still counted). */
export function challengesWithUsage(db: Db) {
  return db
    .selectFrom('challenges as c')
    .selectAll('c')
    .select((eb) => eb.selectFrom('initiatives as i').select((e) => e.fn.countAll<string>().as('n')).whereRef('i.challenge_id', '=', 'c.id').as('used_by'))
    .orderBy(sql`c.retired_at IS NOT NULL`)
    .orderBy('c.position')
    .orderBy(sql`c.title_sv COLLATE sv`)
    .execute();
}

export function getChallenge(db: Db, id: number) {
  return db
    .selectFrom('challenges as c')
    .selectAll('c')
    .select((eb) => eb.selectFrom('initiatives as i').select((e) => e.fn.countAll<string>().as('n')).whereRef('i.challenge_id', '=', 'c.id').as('used_by'))
    .where('c.id', '=', id)
    .executeTakeFirst();
}
