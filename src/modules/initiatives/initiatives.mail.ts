// E-mails about stage moves, sent from the job queue after the request or decision is committed:
// the owning organisation's innovation lead(s) get a request to decide (the programme team when it has
// no active lead); the requesting editor gets
// the decision. Each in the recipient's language. Logs name ids only, never addresses or bodies.
// Each mail carries a key (move, event, recipient), so a retried job sends only what it had not sent.
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import { eachOrThrow } from '../../platform/jobs.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { STAGE_LABELS } from './initiatives.messages.ts';
import { mailMessages } from './initiatives.mail.messages.ts';
import { ADMIN } from './initiatives.paths.ts';

export const STAGE_MAIL_QUEUE = 'initiatives.stage-mail';
export type StageMailEvent = 'requested' | 'decided';

const pick = (locale: Locale, sv: string, en: string) => (locale === 'en' && en.trim() ? en : sv);

/** The key of one stage-move mail: a retried job skips the recipients it has already mailed. */
export const stageMailKey = (moveId: number, event: StageMailEvent, userId: number) => `initiatives.stage-move:${moveId}:${event}:user:${userId}`;

/**
 * Sends the mail for one stage move; returns the addresses written to and how many had been mailed
 * before (for the job log: counts only).
 */
export async function sendStageMoveMail(ctx: Pick<AppContext, 'db' | 'mail' | 'config'>, moveId: number, event: StageMailEvent): Promise<{ sent: string[]; skipped: number }> {
  const none = { sent: [], skipped: 0 };
  if (!Number.isSafeInteger(moveId) || moveId <= 0) return none;
  const m = await ctx.db
    .selectFrom('initiative_stage_moves as m')
    .innerJoin('initiatives as i', 'i.id', 'm.initiative_id')
    .innerJoin('organisations as o', 'o.id', 'i.owner_organisation_id')
    .select(['m.id', 'm.status', 'm.from_stage', 'm.to_stage', 'm.reason', 'm.requested_by', 'm.requested_by_name', 'm.decided_by_name', 'm.decision_comment', 'i.id as initiative_id', 'i.title_sv', 'i.title_en', 'i.owner_organisation_id', 'o.name as owner_name'])
    .where('m.id', '=', moveId)
    .executeTakeFirst();
  if (!m || !m.from_stage) return none;
  // The approval form is on the initiative's staff page.
  const url = `${ctx.config.baseUrl}${ADMIN}/${m.initiative_id}`;
  const from = m.from_stage;
  const sent: string[] = [];
  let skipped = 0;
  if (event === 'requested') {
    // Decided in the meantime (the lead was quicker than the queue): nothing to ask for.
    if (m.status !== 'pending') return none;
    const leads = await ctx.db
      .selectFrom('memberships as ms')
      .innerJoin('users as u', 'u.id', 'ms.user_id')
      .select(['u.id', 'u.email', 'u.locale'])
      .where('ms.organisation_id', '=', m.owner_organisation_id)
      .where('ms.role', '=', 'innovation_lead')
      .where('u.disabled_at', 'is', null)
      .orderBy('u.id')
      .execute();
    // No active lead: the programme team, who may move any initiative, is asked instead of no one.
    const noLead = leads.length === 0;
    const deciders = noLead
      ? await ctx.db
          .selectFrom('users as u')
          .select(['u.id', 'u.email', 'u.locale'])
          .where(sql<boolean>`'programme_team' = ANY(u.global_roles)`)
          .where('u.disabled_at', 'is', null)
          .orderBy('u.id')
          .execute()
      : leads;
    // One failed delivery does not keep the others waiting; it fails the job afterwards, and the retry
    // sends only what was not sent.
    await eachOrThrow(deciders, async (lead) => {
      const t = mailMessages(lead.locale);
      const title = pick(lead.locale, m.title_sv, m.title_en);
      const to = STAGE_LABELS[m.to_stage][lead.locale];
      const r = await ctx.mail.send({
        to: lead.email,
        subject: t.requestSubject(title, to),
        text: t.requestBody({ title, owner: m.owner_name, from: STAGE_LABELS[from][lead.locale], to, reason: m.reason, requestedBy: m.requested_by_name, url, noLead }),
        once: stageMailKey(m.id, event, lead.id),
      });
      if (r.outcome === 'sent') sent.push(lead.email);
      else skipped++;
    });
    return { sent, skipped };
  }
  if (m.status === 'pending' || m.requested_by === null) return none;
  const editor = await ctx.db.selectFrom('users').select(['id', 'email', 'locale']).where('id', '=', m.requested_by).where('disabled_at', 'is', null).executeTakeFirst();
  if (!editor) return none;
  const t = mailMessages(editor.locale);
  const title = pick(editor.locale, m.title_sv, m.title_en);
  const approved = m.status === 'approved';
  const r = await ctx.mail.send({
    to: editor.email,
    subject: t.decisionSubject(title, approved),
    text: t.decisionBody({ title, from: STAGE_LABELS[from][editor.locale], to: STAGE_LABELS[m.to_stage][editor.locale], approved, comment: m.decision_comment, decidedBy: m.decided_by_name, url }),
    once: stageMailKey(m.id, event, editor.id),
  });
  return r.outcome === 'sent' ? { sent: [editor.email], skipped: 0 } : { sent: [], skipped: 1 };
}

export async function registerInitiativeJobs(ctx: AppContext): Promise<void> {
  await ctx.jobs.work(STAGE_MAIL_QUEUE, async (d) => {
    const event: StageMailEvent = d.event === 'decided' ? 'decided' : 'requested';
    const r = await sendStageMoveMail(ctx, Number(d.moveId), event);
    if (ctx.jobs.enabled) ctx.log(`initiatives: stage move ${Number(d.moveId)} (${event}): ${r.sent.length} mail(s)${r.skipped ? `, ${r.skipped} sent before` : ''}`);
  });
}
