// Loads the demo portfolio: the organisations and challenges it needs (upserted by slug, so it does
// not depend on another module's seed), then ~200 generated initiatives in batches. Idempotent:
// initiatives are keyed by slug, and children are only written for rows inserted by this run.
import type { Tx } from '../../db/db.ts';
import type { AppContext } from '../../platform/context.ts';
import { generateDemoPortfolio } from './initiatives.demo.ts';
import { DEMO_CHALLENGES, DEMO_ORGANISATIONS } from './initiatives.seed-data.ts';

export const DEMO_COUNT = 200;
const CHUNK = 500;

function chunks<T>(xs: T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

async function idsBySlug(trx: Tx, table: 'organisations' | 'challenges'): Promise<Map<string, number>> {
  const rows = await trx.selectFrom(table).select(['id', 'slug']).execute();
  return new Map(rows.map((r) => [r.slug, r.id]));
}

export async function seedInitiatives(ctx: Pick<AppContext, 'db' | 'cache'>, opts: { count?: number; seed?: number; now?: Date } = {}): Promise<{ inserted: number }> {
  const portfolio = generateDemoPortfolio(opts.count ?? DEMO_COUNT, { seed: opts.seed ?? 22, now: opts.now ?? new Date() });
  const inserted = await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('organisations')
      .values(DEMO_ORGANISATIONS.map((o) => ({ slug: o.slug, name: o.name, kind: o.kind })))
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute();
    await trx
      .insertInto('challenges')
      .values(DEMO_CHALLENGES.map((c, i) => ({ ...c, position: (i + 1) * 10, is_demo: true })))
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute();
    const orgs = await idsBySlug(trx, 'organisations');
    const challenges = await idsBySlug(trx, 'challenges');
    const org = (slug: string) => {
      const id = orgs.get(slug);
      if (id === undefined) throw new Error(`demo seed: no organisation ${slug}`);
      return id;
    };

    const newIds = new Map<string, number>();
    for (const part of chunks(portfolio)) {
      const rows = await trx
        .insertInto('initiatives')
        .values(
          part.map((d) => ({
            slug: d.slug,
            title_sv: d.title_sv,
            title_en: d.title_en,
            summary_sv: d.summary_sv,
            summary_en: d.summary_en,
            what_sv: d.what_sv,
            what_en: d.what_en,
            why_sv: d.why_sv,
            why_en: d.why_en,
            how_sv: d.how_sv,
            how_en: d.how_en,
            expected_impact_sv: d.expected_impact_sv,
            expected_impact_en: d.expected_impact_en,
            challenge_id: challenges.get(d.challengeSlug) ?? null,
            owner_organisation_id: org(d.ownerSlug),
            owner_unit: d.owner_unit,
            contact_name: d.contact_name,
            sector: d.sector,
            technologies: d.technologies,
            sdgs: d.sdgs,
            sdg_targets: d.sdg_targets,
            aims: d.aims,
            collaboration_kinds: d.collaboration_kinds,
            collaboration_sought_sv: d.collaboration_sought_sv,
            collaboration_sought_en: d.collaboration_sought_en,
            resident_involvement_sv: d.resident_involvement_sv,
            resident_involvement_en: d.resident_involvement_en,
            testbeds: d.testbeds,
            location_name: d.location_name,
            location_lat: d.location_lat,
            location_lng: d.location_lng,
            location_area: d.location_area ? JSON.stringify(d.location_area) : null,
            estimated_budget_ore: d.estimated_budget_ore,
            stage: d.stage,
            stage_changed_at: d.stage_changed_at,
            lessons_learned_sv: d.lessons_learned_sv,
            lessons_learned_en: d.lessons_learned_en,
            published: d.published,
            first_published_at: d.published ? d.created_at : null,
            is_demo: true,
            created_at: d.created_at,
            updated_at: d.updated_at,
          })),
        )
        .onConflict((oc) => oc.column('slug').doNothing())
        .returning(['id', 'slug'])
        .execute();
      for (const r of rows) newIds.set(r.slug, r.id);
    }
    const fresh = portfolio.filter((d) => newIds.has(d.slug)).map((d) => ({ d, id: newIds.get(d.slug) as number }));

    const participants = fresh.flatMap(({ d, id }) => d.participantSlugs.map((s) => ({ initiative_id: id, organisation_id: org(s) })));
    for (const part of chunks(participants, 2000)) await trx.insertInto('initiative_organisations').values(part).execute();

    const moves = fresh.flatMap(({ d, id }) =>
      d.moves.map((m) => ({
        initiative_id: id,
        from_stage: m.from,
        to_stage: m.to,
        reason: m.reason_sv,
        lessons_learned_sv: m.lessons_sv,
        lessons_learned_en: m.lessons_en,
        status: m.status,
        requested_by_name: m.requestedBy,
        requested_at: m.at,
        decided_by_name: m.status === 'approved' ? 'Innovationsledaren' : '',
        decided_at: m.status === 'approved' ? m.at : null,
      })),
    );
    for (const part of chunks(moves, 1000)) await trx.insertInto('initiative_stage_moves').values(part).execute();

    const goals = fresh.flatMap(({ d, id }) =>
      d.goals.map((g, k) => ({
        initiative_id: id,
        indicator_sv: g.indicator_sv,
        indicator_en: g.indicator_en,
        unit: g.unit,
        baseline_value: g.baseline_value,
        baseline_date: g.baseline_date,
        target_value: g.target_value,
        target_date: g.target_date,
        follow_up_months: g.follow_up_months,
        position: k + 1,
        created_at: d.created_at,
      })),
    );
    const goalIds = new Map<string, number>();
    for (const part of chunks(goals, 1000)) {
      const rows = await trx.insertInto('impact_goals').values(part).returning(['id', 'initiative_id', 'position']).execute();
      for (const r of rows) goalIds.set(`${r.initiative_id}:${r.position}`, r.id);
    }
    const followUps = fresh.flatMap(({ d, id }) =>
      d.goals.flatMap((g, k) =>
        g.followUps.map((f) => ({
          goal_id: goalIds.get(`${id}:${k + 1}`) as number,
          measured_on: f.measured_on,
          value: f.value,
          status: f.status,
          comment: f.comment,
          recorded_by_name: d.contact_name,
        })),
      ),
    );
    for (const part of chunks(followUps, 1000)) await trx.insertInto('impact_follow_ups').values(part).execute();
    return fresh.length;
  });
  ctx.cache.invalidate('initiatives');
  return { inserted };
}
