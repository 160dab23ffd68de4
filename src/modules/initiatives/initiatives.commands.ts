// Writes of the initiatives module: one transaction each, domain rules, an audit entry (before → after)
// and a named outcome. Permission checks go through initiatives.policy.ts and nowhere else.
import { sql, type Insertable } from 'kysely';
import type { Db, Tx } from '../../db/db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, diff } from '../../platform/audit.ts';
import type { RenderCache } from '../../platform/cache.ts';
import type { Jobs } from '../../platform/jobs.ts';
import { STAGE_MAIL_QUEUE } from './initiatives.mail.ts';
import type { FieldErrors } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { createPolicy, initiativePolicy, type InitiativeAccess } from './initiatives.policy.ts';
import {
  ENDED_STAGES,
  SDG_TARGET_RE,
  STAGE_ORDER,
  type FollowUpFormValue,
  type ImageFormValue,
  type ImpactGoalFormValue,
  type InitiativeFormValue,
  type LinkFormValue,
  type Stage,
  type StageDecisionFormValue,
  type StageMoveFormValue,
} from './initiatives.schema.ts';
import { initiativesMessages, STAGE_LABELS } from './initiatives.messages.ts';
import { parseArea, parseDay, parseDecimal, parseSekToOre, parseWhole, RESERVED_SLUGS, slugify, splitTargets, todayInStockholm, dayString, MAX_AREA_POSITIONS, type AreaProblem } from './initiatives.values.ts';
import type { InitiativeRow, InitiativesTable } from './initiatives.tables.ts';

export interface CommandContext {
  db: Db;
  cache: RenderCache;
}
/** Commands that notify people queue their mail after the commit. */
export type NotifyingContext = CommandContext & { jobs: Pick<Jobs, 'send'> };

export type Invalid = { outcome: 'invalid'; errors: FieldErrors };
export type Forbidden = { outcome: 'forbidden'; reason: string };
export type NotFound = { outcome: 'not_found' };

const PUBLIC_TAG = 'initiatives';

function actorName(actor: Actor): string {
  return actor.kind === 'user' ? actor.name : 'system';
}
function actorId(actor: Actor): number | null {
  return actor.kind === 'user' ? actor.id : null;
}

// ---------- loading an initiative with what the policy needs ----------

interface Loaded {
  row: InitiativeRow;
  access: InitiativeAccess;
  ownerName: string;
}

/** The initiative, locked for the rest of the transaction, with what the policy needs. */
async function load(trx: Tx, id: number): Promise<Loaded | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const row = await trx.selectFrom('initiatives').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) return undefined;
  const [participants, owner] = await Promise.all([
    trx.selectFrom('initiative_organisations').select('organisation_id').where('initiative_id', '=', id).execute(),
    trx.selectFrom('organisations').select('name').where('id', '=', row.owner_organisation_id).executeTakeFirstOrThrow(),
  ]);
  return {
    row,
    ownerName: owner.name,
    access: { ownerOrganisationId: row.owner_organisation_id, participantOrganisationIds: participants.map((p) => p.organisation_id), published: row.published },
  };
}

async function touch(trx: Tx, actor: Actor, id: number): Promise<void> {
  await trx
    .updateTable('initiatives')
    .set({ updated_at: sql`now()`, updated_by: actorId(actor), version: sql`version + 1` })
    .where('id', '=', id)
    .execute();
}

// ---------- create and edit ----------

export type InitiativeValues = Omit<Insertable<InitiativesTable>, 'slug' | 'created_by' | 'updated_by'>;

/** Domain validation of the editor form: references exist, numbers and vocabularies are valid. */
export async function valuesFromForm(
  db: Db | Tx,
  locale: Locale,
  f: InitiativeFormValue,
  /** A retired challenge may stay on an initiative that already answers it (and comes with imported history). */
  opts: { currentChallengeId?: number | null; allowRetired?: boolean } = {},
): Promise<{ ok: true; values: InitiativeValues; participantIds: number[] } | { ok: false; errors: FieldErrors }> {
  const t = initiativesMessages(locale);
  const errors: FieldErrors = {};
  const ownerId = parseWhole(f.owner_organisation_id, 1, Number.MAX_SAFE_INTEGER);
  const participantIds = [...new Set(f.participant_ids.map((p) => parseWhole(p, 1, Number.MAX_SAFE_INTEGER)))];
  const wantedOrgs = [ownerId, ...participantIds].filter((x): x is number => x !== undefined);
  const known = new Set(
    wantedOrgs.length ? (await db.selectFrom('organisations').select('id').where('id', 'in', wantedOrgs).execute()).map((o) => o.id) : [],
  );
  if (ownerId === undefined || !known.has(ownerId)) errors.owner_organisation_id = t.unknownOrganisation;
  if (participantIds.some((p) => p === undefined || !known.has(p))) errors.participant_ids = t.unknownOrganisation;

  let challengeId: number | null = null;
  if (f.challenge_id) {
    const cid = parseWhole(f.challenge_id, 1, Number.MAX_SAFE_INTEGER);
    const c = cid ? await db.selectFrom('challenges').select(['id', 'retired_at']).where('id', '=', cid).executeTakeFirst() : undefined;
    if (!c) errors.challenge_id = t.unknownChallenge;
    else if (c.retired_at !== null && !opts.allowRetired && c.id !== opts.currentChallengeId) errors.challenge_id = t.retiredChallenge;
    else challengeId = c.id;
  }

  const sdgs = [...new Set(f.sdgs.map((s) => parseWhole(s, 1, 17)))];
  if (sdgs.some((s) => s === undefined)) errors.sdgs = t.invalidSdg;
  const targets = splitTargets(f.sdg_targets);
  const badTarget = targets.find((x) => !SDG_TARGET_RE.test(x));
  if (badTarget) errors.sdg_targets = t.invalidSdgTargets(badTarget);

  const lat = f.location_lat === undefined ? undefined : parseDecimal(f.location_lat);
  const lng = f.location_lng === undefined ? undefined : parseDecimal(f.location_lng);
  if (f.location_lat !== undefined && (lat === undefined || lat < -90 || lat > 90)) errors.location_lat = t.invalidLatitude;
  if (f.location_lng !== undefined && (lng === undefined || lng < -180 || lng > 180)) errors.location_lng = t.invalidLongitude;
  if (!errors.location_lat && !errors.location_lng && (f.location_lat === undefined) !== (f.location_lng === undefined)) {
    errors[f.location_lat === undefined ? 'location_lat' : 'location_lng'] = t.latLngTogether;
  }
  const area = parseArea(f.location_area);
  if (!area.ok) errors.location_area = areaMessage(locale, area.problem);
  const budget = f.estimated_budget_sek === undefined ? null : parseSekToOre(f.estimated_budget_sek);
  if (budget === undefined) errors.estimated_budget_sek = t.invalidBudget;

  if (Object.keys(errors).length) return { ok: false, errors };
  const s = (v: string | undefined) => v ?? '';
  return {
    ok: true,
    participantIds: (participantIds as number[]).filter((p) => p !== ownerId),
    values: {
      title_sv: f.title_sv,
      title_en: s(f.title_en),
      summary_sv: s(f.summary_sv),
      summary_en: s(f.summary_en),
      what_sv: s(f.what_sv),
      what_en: s(f.what_en),
      why_sv: s(f.why_sv),
      why_en: s(f.why_en),
      how_sv: s(f.how_sv),
      how_en: s(f.how_en),
      expected_impact_sv: s(f.expected_impact_sv),
      expected_impact_en: s(f.expected_impact_en),
      innovation_potential_sv: s(f.innovation_potential_sv),
      innovation_potential_en: s(f.innovation_potential_en),
      challenge_id: challengeId,
      owner_organisation_id: ownerId as number,
      owner_unit: s(f.owner_unit),
      contact_name: s(f.contact_name),
      contact_email: f.contact_email ?? null,
      other_partners: s(f.other_partners),
      sector: f.sector ?? null,
      technologies: [...new Set(f.technologies)],
      sdgs: (sdgs as number[]).sort((a, b) => a - b),
      sdg_targets: targets,
      aims: [...new Set(f.aims)],
      collaboration_kinds: [...new Set(f.collaboration_kinds)],
      collaboration_sought_sv: s(f.collaboration_sought_sv),
      collaboration_sought_en: s(f.collaboration_sought_en),
      resident_involvement_sv: s(f.resident_involvement_sv),
      resident_involvement_en: s(f.resident_involvement_en),
      testbeds: s(f.testbeds),
      location_name: s(f.location_name),
      location_lat: lat ?? null,
      location_lng: lng ?? null,
      location_area: area.ok ? area.ring : null,
      estimated_budget_ore: budget,
    },
  };
}

/** Why an area was refused, as the field message next to it. */
export function areaMessage(locale: Locale, p: AreaProblem): string {
  const t = initiativesMessages(locale);
  switch (p.kind) {
    case 'unreadable':
      return t.areaUnreadable(p.line);
    case 'notPolygon':
      return t.areaNotPolygon;
    case 'outOfRange':
      return t.areaOutOfRange(p.position);
    case 'tooFew':
      return t.areaTooFew(p.count);
    case 'tooMany':
      return t.areaTooMany(p.count, MAX_AREA_POSITIONS);
    case 'notClosed':
      return t.areaNotClosed(p.first);
    case 'edgesCross':
      return t.areaEdgesCross(p.first, p.second);
  }
}

/** Values as a row: node-postgres would send a JS array as a PostgreSQL array, so jsonb gets JSON text. */
export function forWrite<T extends { location_area?: unknown }>(v: T): T {
  return v.location_area == null ? v : { ...v, location_area: JSON.stringify(v.location_area) };
}

/** A slug that is free: the title's, or the title's with -2, -3 … */
export async function uniqueSlug(db: Db | Tx, title: string): Promise<string> {
  const base = slugify(title);
  const taken = new Set(
    (await db.selectFrom('initiatives').select('slug').where(sql<boolean>`slug ~ ${`^${base}(-[0-9]+)?$`}`).execute()).map((r) => r.slug),
  );
  if (!taken.has(base) && !RESERVED_SLUGS.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

async function orgName(db: Db | Tx, id: number): Promise<string> {
  return (await db.selectFrom('organisations').select('name').where('id', '=', id).executeTakeFirst())?.name ?? `#${id}`;
}

export type CreateOutcome = { outcome: 'ok'; id: number; slug: string } | Invalid | Forbidden;

export async function createInitiative(ctx: CommandContext, actor: Actor, locale: Locale, form: InitiativeFormValue): Promise<CreateOutcome> {
  const t = initiativesMessages(locale);
  const result = await ctx.db.transaction().execute(async (trx): Promise<CreateOutcome> => {
    const v = await valuesFromForm(trx, locale, form);
    if (!v.ok) return { outcome: 'invalid', errors: v.errors };
    const ownerId = v.values.owner_organisation_id;
    if (!createPolicy.can(actor, 'create', { ownerOrganisationId: ownerId })) {
      return { outcome: 'forbidden', reason: t.forbiddenCreate(await orgName(trx, ownerId)) };
    }
    const slug = await uniqueSlug(trx, v.values.title_sv);
    const row = await trx
      .insertInto('initiatives')
      .values({ ...forWrite(v.values), slug, created_by: actorId(actor), updated_by: actorId(actor) })
      .returning(['id', 'slug'])
      .executeTakeFirstOrThrow();
    if (v.participantIds.length) {
      await trx.insertInto('initiative_organisations').values(v.participantIds.map((o) => ({ initiative_id: row.id, organisation_id: o }))).execute();
    }
    await trx
      .insertInto('initiative_stage_moves')
      .values({ initiative_id: row.id, from_stage: null, to_stage: 'idea', status: 'approved', requested_by: actorId(actor), requested_by_name: actorName(actor), decided_by: actorId(actor), decided_by_name: actorName(actor), decided_at: new Date() })
      .execute();
    await recordAudit(trx, actor, { action: 'initiative.create', entityType: 'initiative', entityId: row.id, after: { ...v.values, slug, participantIds: v.participantIds } });
    return { outcome: 'ok', id: row.id, slug: row.slug };
  });
  return result;
}

export type UpdateOutcome = { outcome: 'ok' } | { outcome: 'conflict'; reason: string } | Invalid | Forbidden | NotFound;

export async function updateInitiative(ctx: CommandContext, actor: Actor, locale: Locale, id: number, form: InitiativeFormValue): Promise<UpdateOutcome> {
  const t = initiativesMessages(locale);
  const result = await ctx.db.transaction().execute(async (trx): Promise<UpdateOutcome> => {
    const l = await load(trx, id);
    if (!l) return { outcome: 'not_found' };
    if (!initiativePolicy.can(actor, 'edit', l.access)) return { outcome: 'forbidden', reason: t.forbiddenEdit(l.ownerName) };
    if (form.version !== undefined && form.version !== String(l.row.version)) return { outcome: 'conflict', reason: t.staleVersion };
    const v = await valuesFromForm(trx, locale, form, { currentChallengeId: l.row.challenge_id });
    if (!v.ok) return { outcome: 'invalid', errors: v.errors };
    // Handing an initiative to another organisation needs the right to create there too.
    if (v.values.owner_organisation_id !== l.row.owner_organisation_id && !createPolicy.can(actor, 'create', { ownerOrganisationId: v.values.owner_organisation_id })) {
      return { outcome: 'invalid', errors: { owner_organisation_id: t.forbiddenCreate(await orgName(trx, v.values.owner_organisation_id)) } };
    }
    await trx
      .updateTable('initiatives')
      .set({ ...forWrite(v.values), updated_at: sql`now()`, updated_by: actorId(actor), version: sql`version + 1` })
      .where('id', '=', id)
      .execute();
    const beforeParticipants = [...l.access.participantOrganisationIds].sort((a, b) => a - b);
    const afterParticipants = [...v.participantIds].sort((a, b) => a - b);
    if (JSON.stringify(beforeParticipants) !== JSON.stringify(afterParticipants)) {
      await trx.deleteFrom('initiative_organisations').where('initiative_id', '=', id).execute();
      if (afterParticipants.length) {
        await trx.insertInto('initiative_organisations').values(afterParticipants.map((o) => ({ initiative_id: id, organisation_id: o }))).execute();
      }
    }
    const d = diff({ ...(l.row as unknown as Record<string, unknown>), participantIds: beforeParticipants }, { ...(v.values as Record<string, unknown>), participantIds: afterParticipants });
    await recordAudit(trx, actor, { action: 'initiative.update', entityType: 'initiative', entityId: id, before: d.before, after: d.after });
    return { outcome: 'ok' };
  });
  if (result.outcome === 'ok') ctx.cache.invalidate(PUBLIC_TAG);
  return result;
}

export type SimpleOutcome = { outcome: 'ok' } | Forbidden | NotFound;

export async function setPublished(ctx: CommandContext, actor: Actor, locale: Locale, id: number, published: boolean): Promise<SimpleOutcome> {
  const t = initiativesMessages(locale);
  const result = await ctx.db.transaction().execute(async (trx): Promise<SimpleOutcome> => {
    const l = await load(trx, id);
    if (!l) return { outcome: 'not_found' };
    if (!initiativePolicy.can(actor, 'publish', l.access)) return { outcome: 'forbidden', reason: t.forbiddenEdit(l.ownerName) };
    if (l.row.published === published) return { outcome: 'ok' };
    await trx
      .updateTable('initiatives')
      .set({
        published,
        first_published_at: published && !l.row.first_published_at ? new Date() : l.row.first_published_at,
        updated_at: sql`now()`,
        updated_by: actorId(actor),
        version: sql`version + 1`,
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, { action: published ? 'initiative.publish' : 'initiative.unpublish', entityType: 'initiative', entityId: id, before: { published: l.row.published }, after: { published } });
    return { outcome: 'ok' };
  });
  if (result.outcome === 'ok') ctx.cache.invalidate(PUBLIC_TAG);
  return result;
}

// ---------- stage moves ----------

/** Why a move from → to is not allowed (field errors), or undefined when it is. */
export function checkMove(locale: Locale, from: Stage, to: Stage, lessons: { sv?: string | undefined; en?: string | undefined }): FieldErrors | undefined {
  const t = initiativesMessages(locale);
  const name = (s: Stage) => STAGE_LABELS[s][locale];
  if (ENDED_STAGES.includes(from)) return { to_stage: t.moveEnded(name(from)) };
  if (from === to) return { to_stage: t.moveSame(name(to)) };
  if (to !== 'stopped' && STAGE_ORDER[to] < STAGE_ORDER[from]) return { to_stage: t.moveBackwards(name(from), name(to)) };
  if (ENDED_STAGES.includes(to) && !`${lessons.sv ?? ''}${lessons.en ?? ''}`.trim()) return { lessons_learned_sv: t.moveNeedsLessons(name(to)) };
  return undefined;
}

async function applyMove(trx: Tx, actor: Actor, initiativeId: number, move: { id: number; from_stage: Stage | null; to_stage: Stage; lessons_learned_sv: string; lessons_learned_en: string }, comment = ''): Promise<void> {
  const ended = ENDED_STAGES.includes(move.to_stage);
  await trx
    .updateTable('initiative_stage_moves')
    .set({ status: 'approved', decided_by: actorId(actor), decided_by_name: actorName(actor), decided_at: new Date(), decision_comment: comment })
    .where('id', '=', move.id)
    .execute();
  await trx
    .updateTable('initiatives')
    .set({
      stage: move.to_stage,
      stage_changed_at: sql`now()`,
      ...(ended ? { lessons_learned_sv: move.lessons_learned_sv, lessons_learned_en: move.lessons_learned_en } : {}),
      updated_at: sql`now()`,
      updated_by: actorId(actor),
      version: sql`version + 1`,
    })
    .where('id', '=', initiativeId)
    .execute();
  await recordAudit(trx, actor, {
    action: 'initiative.stage_move',
    entityType: 'initiative',
    entityId: initiativeId,
    before: { stage: move.from_stage },
    after: { stage: move.to_stage, moveId: move.id, ...(ended ? { lessons_learned_sv: move.lessons_learned_sv, lessons_learned_en: move.lessons_learned_en } : {}) },
  });
}

export type MoveOutcome = { outcome: 'moved'; moveId: number } | { outcome: 'requested'; moveId: number } | Invalid | Forbidden | NotFound;

/**
 * Asks to move an initiative to another stage. The owner's innovation lead (or the programme team)
 * moves it at once; an editor's request waits for the lead's decision.
 */
export async function requestStageMove(ctx: NotifyingContext, actor: Actor, locale: Locale, id: number, form: StageMoveFormValue): Promise<MoveOutcome> {
  const t = initiativesMessages(locale);
  const result = await ctx.db.transaction().execute(async (trx): Promise<MoveOutcome> => {
    const l = await load(trx, id);
    if (!l) return { outcome: 'not_found' };
    if (!initiativePolicy.can(actor, 'requestStageMove', l.access)) return { outcome: 'forbidden', reason: t.forbiddenEdit(l.ownerName) };
    const problem = checkMove(locale, l.row.stage, form.to_stage, { sv: form.lessons_learned_sv, en: form.lessons_learned_en });
    if (problem) return { outcome: 'invalid', errors: problem };
    const pending = await trx.selectFrom('initiative_stage_moves').select('id').where('initiative_id', '=', id).where('status', '=', 'pending').executeTakeFirst();
    if (pending) return { outcome: 'invalid', errors: { to_stage: t.movePending } };
    const move = await trx
      .insertInto('initiative_stage_moves')
      .values({
        initiative_id: id,
        from_stage: l.row.stage,
        to_stage: form.to_stage,
        reason: form.reason,
        lessons_learned_sv: form.lessons_learned_sv ?? '',
        lessons_learned_en: form.lessons_learned_en ?? '',
        status: 'pending',
        requested_by: actorId(actor),
        requested_by_name: actorName(actor),
      })
      .returning(['id', 'from_stage', 'to_stage', 'lessons_learned_sv', 'lessons_learned_en'])
      .executeTakeFirstOrThrow();
    if (initiativePolicy.can(actor, 'decideStageMove', l.access)) {
      await applyMove(trx, actor, id, move);
      return { outcome: 'moved', moveId: move.id };
    }
    await recordAudit(trx, actor, { action: 'initiative.stage_request', entityType: 'initiative', entityId: id, before: { stage: l.row.stage }, after: { requestedStage: form.to_stage, reason: form.reason, moveId: move.id } });
    return { outcome: 'requested', moveId: move.id };
  });
  if (result.outcome === 'moved') ctx.cache.invalidate(PUBLIC_TAG);
  // The owner's innovation lead(s) are asked to decide.
  if (result.outcome === 'requested') await ctx.jobs.send(STAGE_MAIL_QUEUE, { moveId: result.moveId, event: 'requested' });
  return result;
}

export type DecideOutcome = { outcome: 'approved'; initiativeId: number } | { outcome: 'rejected'; initiativeId: number } | Invalid | Forbidden | NotFound;

/** The innovation lead (or the programme team) approves or rejects a pending request. */
export async function decideStageMove(ctx: NotifyingContext, actor: Actor, locale: Locale, moveId: number, form: StageDecisionFormValue): Promise<DecideOutcome> {
  const t = initiativesMessages(locale);
  const result = await ctx.db.transaction().execute(async (trx): Promise<DecideOutcome> => {
    if (!Number.isSafeInteger(moveId) || moveId <= 0) return { outcome: 'not_found' };
    const move = await trx.selectFrom('initiative_stage_moves').selectAll().where('id', '=', moveId).executeTakeFirst();
    if (!move) return { outcome: 'not_found' };
    const l = await load(trx, move.initiative_id);
    if (!l) return { outcome: 'not_found' };
    if (!initiativePolicy.can(actor, 'decideStageMove', l.access)) return { outcome: 'forbidden', reason: t.forbiddenDecide(l.ownerName) };
    if (move.status !== 'pending') return { outcome: 'invalid', errors: { decision: t.moveNotPending } };
    if (form.decision === 'reject') {
      await trx
        .updateTable('initiative_stage_moves')
        .set({ status: 'rejected', decided_by: actorId(actor), decided_by_name: actorName(actor), decided_at: new Date(), decision_comment: form.decision_comment ?? '' })
        .where('id', '=', moveId)
        .execute();
      await recordAudit(trx, actor, { action: 'initiative.stage_reject', entityType: 'initiative', entityId: l.row.id, before: { requestedStage: move.to_stage, status: 'pending' }, after: { status: 'rejected', comment: form.decision_comment ?? '', moveId } });
      return { outcome: 'rejected', initiativeId: l.row.id };
    }
    if (move.from_stage !== l.row.stage) return { outcome: 'invalid', errors: { decision: t.moveStale(STAGE_LABELS[l.row.stage][locale]) } };
    const problem = checkMove(locale, l.row.stage, move.to_stage, { sv: move.lessons_learned_sv, en: move.lessons_learned_en });
    if (problem) return { outcome: 'invalid', errors: { decision: Object.values(problem)[0] ?? '' } };
    await applyMove(trx, actor, l.row.id, move, form.decision_comment ?? '');
    return { outcome: 'approved', initiativeId: l.row.id };
  });
  if (result.outcome === 'approved') ctx.cache.invalidate(PUBLIC_TAG);
  // The person who asked hears the decision and its reason.
  if (result.outcome === 'approved' || result.outcome === 'rejected') await ctx.jobs.send(STAGE_MAIL_QUEUE, { moveId, event: 'decided' });
  return result;
}

// ---------- impact goals and follow-ups ----------

export type GoalOutcome = { outcome: 'ok'; id: number } | Invalid | Forbidden | NotFound;

export async function addImpactGoal(ctx: CommandContext, actor: Actor, locale: Locale, initiativeId: number, form: ImpactGoalFormValue): Promise<GoalOutcome> {
  const t = initiativesMessages(locale);
  const errors: FieldErrors = {};
  const baseline = parseDecimal(form.baseline_value);
  const target = parseDecimal(form.target_value);
  const baselineDate = parseDay(form.baseline_date);
  const targetDate = parseDay(form.target_date);
  const months = form.follow_up_months === undefined ? 6 : parseWhole(form.follow_up_months, 1, 36);
  if (baseline === undefined) errors.baseline_value = t.invalidNumber;
  if (target === undefined) errors.target_value = t.invalidNumber;
  if (!baselineDate) errors.baseline_date = t.invalidDate;
  if (!targetDate) errors.target_date = t.invalidDate;
  if (baselineDate && targetDate && targetDate < baselineDate) errors.target_date = t.targetBeforeBaseline;
  if (months === undefined) errors.follow_up_months = t.invalidWholeNumber(1, 36);
  const result = await ctx.db.transaction().execute(async (trx): Promise<GoalOutcome> => {
    const l = await load(trx, initiativeId);
    if (!l) return { outcome: 'not_found' };
    if (!initiativePolicy.can(actor, 'manageImpact', l.access)) return { outcome: 'forbidden', reason: t.forbiddenEdit(l.ownerName) };
    if (Object.keys(errors).length) return { outcome: 'invalid', errors };
    const position = (await trx.selectFrom('impact_goals').select((eb) => eb.fn.countAll<number>().as('n')).where('initiative_id', '=', initiativeId).executeTakeFirstOrThrow()).n;
    const values = {
      initiative_id: initiativeId,
      indicator_sv: form.indicator_sv,
      indicator_en: form.indicator_en ?? '',
      unit: form.unit ?? '',
      baseline_value: baseline as number,
      baseline_date: baselineDate as string,
      target_value: target as number,
      target_date: targetDate as string,
      follow_up_months: months as number,
      position: Number(position) + 1,
    };
    const row = await trx.insertInto('impact_goals').values(values).returning('id').executeTakeFirstOrThrow();
    await touch(trx, actor, initiativeId);
    await recordAudit(trx, actor, { action: 'initiative.impact_goal_create', entityType: 'initiative', entityId: initiativeId, after: { goalId: row.id, ...values } });
    return { outcome: 'ok', id: row.id };
  });
  if (result.outcome === 'ok') ctx.cache.invalidate(PUBLIC_TAG);
  return result;
}

export type FollowUpOutcome = { outcome: 'ok'; id: number; initiativeId: number } | Invalid | Forbidden | NotFound;

/** A follow-up of an impact goal: the measured value, a traffic-light status and a comment. */
export async function recordFollowUp(ctx: CommandContext, actor: Actor, locale: Locale, goalId: number, form: FollowUpFormValue, now = new Date()): Promise<FollowUpOutcome> {
  const t = initiativesMessages(locale);
  const result = await ctx.db.transaction().execute(async (trx): Promise<FollowUpOutcome> => {
    if (!Number.isSafeInteger(goalId) || goalId <= 0) return { outcome: 'not_found' };
    const goal = await trx.selectFrom('impact_goals').selectAll().where('id', '=', goalId).executeTakeFirst();
    if (!goal) return { outcome: 'not_found' };
    const l = await load(trx, goal.initiative_id);
    if (!l) return { outcome: 'not_found' };
    if (!initiativePolicy.can(actor, 'manageImpact', l.access)) return { outcome: 'forbidden', reason: t.forbiddenEdit(l.ownerName) };
    const errors: FieldErrors = {};
    const value = parseDecimal(form.value);
    const day = parseDay(form.measured_on);
    if (value === undefined) errors.value = t.invalidNumber;
    if (!day) errors.measured_on = t.invalidDate;
    else if (day > todayInStockholm(now)) errors.measured_on = t.measuredInFuture;
    else if (day < dayString(goal.baseline_date)) errors.measured_on = t.measuredBeforeBaseline;
    if (Object.keys(errors).length) return { outcome: 'invalid', errors };
    const values = { goal_id: goalId, measured_on: day as string, value: value as number, status: form.status, comment: form.comment, recorded_by: actorId(actor), recorded_by_name: actorName(actor) };
    const row = await trx.insertInto('impact_follow_ups').values(values).returning('id').executeTakeFirstOrThrow();
    const previous = await trx.selectFrom('impact_follow_ups').select(['measured_on', 'value', 'status']).where('goal_id', '=', goalId).where('id', '<>', row.id).orderBy('measured_on', 'desc').orderBy('id', 'desc').executeTakeFirst();
    await touch(trx, actor, goal.initiative_id);
    await recordAudit(trx, actor, {
      action: 'initiative.follow_up',
      entityType: 'initiative',
      entityId: goal.initiative_id,
      before: previous ? { goalId, measured_on: dayString(previous.measured_on), value: previous.value, status: previous.status } : { goalId },
      after: { goalId, followUpId: row.id, measured_on: values.measured_on, value: values.value, status: values.status, comment: values.comment },
    });
    return { outcome: 'ok', id: row.id, initiativeId: goal.initiative_id };
  });
  if (result.outcome === 'ok') ctx.cache.invalidate(PUBLIC_TAG);
  return result;
}

// ---------- internal comments ----------

export type CommentOutcome = { outcome: 'ok'; id: number } | Forbidden | NotFound;

export async function addComment(ctx: CommandContext, actor: Actor, locale: Locale, initiativeId: number, body: string): Promise<CommentOutcome> {
  const t = initiativesMessages(locale);
  return ctx.db.transaction().execute(async (trx): Promise<CommentOutcome> => {
    const l = await load(trx, initiativeId);
    if (!l) return { outcome: 'not_found' };
    if (!initiativePolicy.can(actor, 'comment', l.access)) return { outcome: 'forbidden', reason: t.forbiddenComment };
    const row = await trx.insertInto('initiative_comments').values({ initiative_id: initiativeId, author_id: actorId(actor), author_name: actorName(actor), body }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'initiative.comment', entityType: 'initiative', entityId: initiativeId, after: { commentId: row.id, body } });
    return { outcome: 'ok', id: row.id };
  });
}

// ---------- images and links ----------

const isUrlOrPath = (u: string) => /^\/[^/\\]/.test(u) || /^https?:\/\/[^\s]+$/i.test(u);

export type AttachmentOutcome = { outcome: 'ok'; id: number } | Invalid | Forbidden | NotFound;

export async function addImage(ctx: CommandContext, actor: Actor, locale: Locale, initiativeId: number, form: ImageFormValue): Promise<AttachmentOutcome> {
  const t = initiativesMessages(locale);
  const result = await ctx.db.transaction().execute(async (trx): Promise<AttachmentOutcome> => {
    const l = await load(trx, initiativeId);
    if (!l) return { outcome: 'not_found' };
    if (!initiativePolicy.can(actor, 'edit', l.access)) return { outcome: 'forbidden', reason: t.forbiddenEdit(l.ownerName) };
    if (!isUrlOrPath(form.image_url)) return { outcome: 'invalid', errors: { image_url: t.invalidUrl } };
    const values = { initiative_id: initiativeId, url: form.image_url, alt_sv: form.alt_sv, alt_en: form.alt_en ?? '', position: Date.now() % 2_000_000_000 };
    const row = await trx.insertInto('initiative_images').values(values).returning('id').executeTakeFirstOrThrow();
    await touch(trx, actor, initiativeId);
    await recordAudit(trx, actor, { action: 'initiative.image_add', entityType: 'initiative', entityId: initiativeId, after: { imageId: row.id, url: values.url, alt_sv: values.alt_sv, alt_en: values.alt_en } });
    return { outcome: 'ok', id: row.id };
  });
  if (result.outcome === 'ok') ctx.cache.invalidate(PUBLIC_TAG);
  return result;
}

export async function addLink(ctx: CommandContext, actor: Actor, locale: Locale, initiativeId: number, form: LinkFormValue): Promise<AttachmentOutcome> {
  const t = initiativesMessages(locale);
  const result = await ctx.db.transaction().execute(async (trx): Promise<AttachmentOutcome> => {
    const l = await load(trx, initiativeId);
    if (!l) return { outcome: 'not_found' };
    if (!initiativePolicy.can(actor, 'edit', l.access)) return { outcome: 'forbidden', reason: t.forbiddenEdit(l.ownerName) };
    const values = { initiative_id: initiativeId, url: form.link_url, label_sv: form.label_sv, label_en: form.label_en ?? '', position: Date.now() % 2_000_000_000 };
    const row = await trx.insertInto('initiative_links').values(values).returning('id').executeTakeFirstOrThrow();
    await touch(trx, actor, initiativeId);
    await recordAudit(trx, actor, { action: 'initiative.link_add', entityType: 'initiative', entityId: initiativeId, after: { linkId: row.id, url: values.url, label_sv: values.label_sv, label_en: values.label_en } });
    return { outcome: 'ok', id: row.id };
  });
  if (result.outcome === 'ok') ctx.cache.invalidate(PUBLIC_TAG);
  return result;
}

export async function removeAttachment(ctx: CommandContext, actor: Actor, locale: Locale, initiativeId: number, kind: 'image' | 'link', attachmentId: number): Promise<SimpleOutcome> {
  const t = initiativesMessages(locale);
  const result = await ctx.db.transaction().execute(async (trx): Promise<SimpleOutcome> => {
    const l = await load(trx, initiativeId);
    if (!l) return { outcome: 'not_found' };
    if (!initiativePolicy.can(actor, 'edit', l.access)) return { outcome: 'forbidden', reason: t.forbiddenEdit(l.ownerName) };
    if (!Number.isSafeInteger(attachmentId) || attachmentId <= 0) return { outcome: 'not_found' };
    const table = kind === 'image' ? 'initiative_images' : 'initiative_links';
    const removed = await trx.deleteFrom(table).where('id', '=', attachmentId).where('initiative_id', '=', initiativeId).returningAll().executeTakeFirst();
    if (!removed) return { outcome: 'not_found' };
    await touch(trx, actor, initiativeId);
    await recordAudit(trx, actor, { action: `initiative.${kind}_remove`, entityType: 'initiative', entityId: initiativeId, before: removed });
    return { outcome: 'ok' };
  });
  if (result.outcome === 'ok') ctx.cache.invalidate(PUBLIC_TAG);
  return result;
}
