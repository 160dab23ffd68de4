// Staff pages under /admin/initiatives and /admin/portfolio. Thin: load, authorize through the
// module's policy, parse the form, call a command, then redirect or re-render with what was typed.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.ts';
import { adminPage, requireUser } from '../../platform/admin.ts';
import { notFound } from '../../platform/errors.ts';
import { parseForm } from '../../platform/forms.ts';
import { notice } from '../../platform/layout.ts';
import { isProgrammeTeam } from '../../platform/policy.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { idParam } from '../../platform/http.ts';
import { initiativePolicy, staffPolicy } from './initiatives.policy.ts';
import { staffMessages } from './initiatives.staff.messages.ts';
import { STAGE_LABELS } from './initiatives.messages.ts';
import { CommentForm, FollowUpForm, ImageForm, ImpactGoalForm, InitiativeForm, LinkForm, StageDecisionForm, StageMoveForm } from './initiatives.schema.ts';
import { getInitiative, initiativeIdOf, listChallenges, listComments, listForStaff, listOrganisationsForForm, pendingDecisions, portfolioOverview, type InitiativeDetail } from './initiatives.queries.ts';
import {
  addComment,
  addImage,
  addImpactGoal,
  addLink,
  createInitiative,
  decideStageMove,
  recordFollowUp,
  removeAttachment,
  requestStageMove,
  setPublished,
  updateInitiative,
  type AttachmentOutcome,
} from './initiatives.commands.ts';
import { ADMIN } from './initiatives.paths.ts';
import { challengeAdminRoutes } from './initiatives.challenges.routes.ts';
import { pick } from './views/public.ts';
import {
  editorForm,
  impactView,
  mediaView,
  overviewView,
  portfolioView,
  staffCrumbs,
  staffListView,
  subnav,
  valuesFromDetail,
  type FormState,
  type FormValues,
} from './views/staff.ts';

export const PORTFOLIO = '/admin/portfolio';

const bodyOf = (request: FastifyRequest) => ((request.body ?? {}) as FormValues);
const queryOf = (request: FastifyRequest) => (request.query ?? {}) as Record<string, unknown>;

/** Organisations a person may create initiatives for. */
function ownerChoices(actor: Actor, all: { id: number; name: string }[]) {
  if (isProgrammeTeam(actor)) return all;
  const mine = new Set(actor.kind === 'user' ? actor.memberships.filter((m) => m.role === 'editor' || m.role === 'innovation_lead').map((m) => m.organisationId) : []);
  return all.filter((o) => mine.has(o.id));
}

export const initiativesAdminRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(challengeAdminRoutes, { ctx });
  const load = async (id: number): Promise<InitiativeDetail> => {
    const d = await getInitiative(ctx.db, { id });
    if (!d) throw notFound();
    return d;
  };
  const title = (request: FastifyRequest, d: InitiativeDetail) => pick(request.locale, d.row.title_sv, d.row.title_en);
  const editorOptions = async (actor: Actor, currentOwner?: number) => {
    const [orgs, challenges] = await Promise.all([listOrganisationsForForm(ctx.db), listChallenges(ctx.db)]);
    const owners = ownerChoices(actor, orgs);
    if (currentOwner && !owners.some((o) => o.id === currentOwner)) owners.unshift(...orgs.filter((o) => o.id === currentOwner));
    return { owners, organisations: orgs, challenges };
  };
  /** A command refused the action: say why, on the initiative's own page, with 403. */
  const refused = (request: FastifyRequest, reply: FastifyReply, d: InitiativeDetail, reason: string) => renderOverview(request, reply, d, { refused: reason }, 403);

  const flashes = (request: FastifyRequest): string | undefined => {
    const s = staffMessages(request.locale);
    const { done, stage } = queryOf(request);
    if (done === 'moved' && typeof stage === 'string' && stage in STAGE_LABELS) return s.movedNotice(STAGE_LABELS[stage as keyof typeof STAGE_LABELS][request.locale]);
    const map: Record<string, string> = {
      created: s.created,
      saved: s.saved,
      published: s.publishedNotice,
      unpublished: s.unpublishedNotice,
      requested: s.requestedNotice,
      approved: s.approvedNotice,
      rejected: s.rejectedNotice,
      commented: s.commentedNotice,
      goal: s.goalAddedNotice,
      followup: s.followUpNotice,
      added: s.addedNotice,
      removed: s.removedNotice,
    };
    return typeof done === 'string' ? map[done] : undefined;
  };

  async function renderOverview(request: FastifyRequest, reply: FastifyReply, d: InitiativeDetail, extra: { refused?: string; flash?: string; stageForm?: FormState; decisionForm?: FormState; commentForm?: FormState } = {}, status = 200) {
    const locale = request.locale;
    const comments = await listComments(ctx.db, d.row.id);
    return adminPage(
      request,
      reply,
      {
        title: title(request, d),
        breadcrumbs: staffCrumbs(locale, { label: title(request, d) }),
        body: overviewView({ locale, csrf: request.csrfToken(), d, abilities: initiativePolicy.abilities(request.actor, d.access), comments, flash: extra.flash ?? flashes(request), ...extra }),
      },
      status,
    );
  }

  // ---------- the list ----------
  app.get(ADMIN, async (request, reply) => {
    requireUser(request);
    staffPolicy.authorize(request.actor, 'useStaffArea', undefined);
    const s = staffMessages(request.locale);
    const rawQ = queryOf(request).q;
    const q = typeof rawQ === 'string' ? rawQ.trim().slice(0, 200) : '';
    const [rows, decisions] = await Promise.all([listForStaff(ctx.db, request.actor, q ? { q } : {}), pendingDecisions(ctx.db, request.actor)]);
    const isLeadOrTeam = staffPolicy.can(request.actor, 'viewPortfolio', undefined);
    return adminPage(request, reply, {
      title: s.staffListTitle,
      breadcrumbs: [{ label: s.admin, href: '/admin' }, { label: s.staffListTitle }],
      body: staffListView(request.locale, rows, decisions, staffPolicy.can(request.actor, 'createInitiatives', undefined), isLeadOrTeam, q, staffPolicy.can(request.actor, 'manageChallenges', undefined)),
    });
  });

  // ---------- create ----------
  const renderCreate = async (request: FastifyRequest, reply: FastifyReply, values: FormValues, errors: Record<string, string> | undefined, status: number) => {
    const s = staffMessages(request.locale);
    const options = await editorOptions(request.actor);
    return adminPage(
      request,
      reply,
      {
        title: s.createTitle,
        breadcrumbs: staffCrumbs(request.locale, { label: s.createTitle }),
        body: editorForm({ locale: request.locale, csrf: request.csrfToken(), action: `${ADMIN}/new`, mode: 'create', values, errors, options }),
      },
      status,
    );
  };
  const ensureCanCreate = async (request: FastifyRequest) => {
    requireUser(request);
    staffPolicy.authorize(request.actor, 'createInitiatives', undefined);
    return ownerChoices(request.actor, await listOrganisationsForForm(ctx.db));
  };
  app.get(`${ADMIN}/new`, async (request, reply) => {
    const owners = await ensureCanCreate(request);
    return renderCreate(request, reply, { owner_organisation_id: owners[0] ? String(owners[0].id) : undefined }, undefined, 200);
  });
  app.post(`${ADMIN}/new`, async (request, reply) => {
    await ensureCanCreate(request);
    const form = parseForm(InitiativeForm, request.body, request.locale);
    if (!form.ok) return renderCreate(request, reply, bodyOf(request), form.errors, 400);
    const r = await createInitiative(ctx, request.actor, request.locale, form.value);
    if (r.outcome === 'invalid') return renderCreate(request, reply, bodyOf(request), r.errors, 422);
    if (r.outcome === 'forbidden') return renderCreate(request, reply, bodyOf(request), { owner_organisation_id: r.reason }, 403);
    return reply.redirect(`${ADMIN}/${r.id}?done=created`, 303);
  });

  // ---------- one initiative: overview, publishing, stage moves, comments ----------
  app.get(`${ADMIN}/:id`, async (request, reply) => {
    requireUser(request);
    const d = await load(idParam(request));
    initiativePolicy.authorize(request.actor, 'viewInternal', d.access);
    return renderOverview(request, reply, d);
  });

  app.post(`${ADMIN}/:id/publish`, async (request, reply) => {
    requireUser(request);
    const id = idParam(request);
    const published = bodyOf(request).published === '1';
    const r = await setPublished(ctx, request.actor, request.locale, id, published);
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'forbidden') return refused(request, reply, await load(id), r.reason);
    return reply.redirect(`${ADMIN}/${id}?done=${published ? 'published' : 'unpublished'}`, 303);
  });

  app.post(`${ADMIN}/:id/stage`, async (request, reply) => {
    requireUser(request);
    const id = idParam(request);
    const form = parseForm(StageMoveForm, request.body, request.locale);
    if (!form.ok) {
      const d = await load(id);
      initiativePolicy.authorize(request.actor, 'requestStageMove', d.access);
      return renderOverview(request, reply, d, { stageForm: { values: bodyOf(request), errors: form.errors } }, 400);
    }
    const r = await requestStageMove(ctx, request.actor, request.locale, id, form.value);
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'forbidden') return refused(request, reply, await load(id), r.reason);
    if (r.outcome === 'invalid') return renderOverview(request, reply, await load(id), { stageForm: { values: bodyOf(request), errors: r.errors } }, 422);
    if (r.outcome === 'moved') return reply.redirect(`${ADMIN}/${id}?done=moved&stage=${form.value.to_stage}`, 303);
    return reply.redirect(`${ADMIN}/${id}?done=requested`, 303);
  });

  app.post(`${ADMIN}/stage-moves/:moveId/decide`, async (request, reply) => {
    requireUser(request);
    const moveId = idParam(request, 'moveId');
    const initiativeId = await initiativeIdOf(ctx.db, 'move', moveId);
    if (!initiativeId) throw notFound();
    const form = parseForm(StageDecisionForm, request.body, request.locale);
    if (!form.ok) {
      const d = await load(initiativeId);
      initiativePolicy.authorize(request.actor, 'viewInternal', d.access);
      return renderOverview(request, reply, d, { decisionForm: { values: bodyOf(request), errors: form.errors } }, 400);
    }
    const r = await decideStageMove(ctx, request.actor, request.locale, moveId, form.value);
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'forbidden') return refused(request, reply, await load(initiativeId), r.reason);
    if (r.outcome === 'invalid') return renderOverview(request, reply, await load(initiativeId), { decisionForm: { values: bodyOf(request), errors: r.errors } }, 422);
    return reply.redirect(`${ADMIN}/${initiativeId}?done=${r.outcome}`, 303);
  });

  app.post(`${ADMIN}/:id/comments`, async (request, reply) => {
    requireUser(request);
    const id = idParam(request);
    const form = parseForm(CommentForm, request.body, request.locale);
    if (!form.ok) {
      const d = await load(id);
      initiativePolicy.authorize(request.actor, 'comment', d.access);
      return renderOverview(request, reply, d, { commentForm: { values: bodyOf(request), errors: form.errors } }, 400);
    }
    const r = await addComment(ctx, request.actor, request.locale, id, form.value.body);
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'forbidden') return refused(request, reply, await load(id), r.reason);
    return reply.redirect(`${ADMIN}/${id}?done=commented#comments-title`, 303);
  });

  // ---------- edit ----------
  const renderEdit = async (request: FastifyRequest, reply: FastifyReply, d: InitiativeDetail, values: FormValues, errors: Record<string, string> | undefined, status: number, conflict?: string) => {
    const s = staffMessages(request.locale);
    const options = await editorOptions(request.actor, d.row.owner_organisation_id);
    return adminPage(
      request,
      reply,
      {
        title: s.editTitle(title(request, d)),
        breadcrumbs: staffCrumbs(request.locale, { label: title(request, d), href: `${ADMIN}/${d.row.id}` }, { label: s.tabEdit }),
        body: [
          conflict ? notice('warning', conflict) : '',
          flashes(request) ? notice('success', flashes(request)) : '',
          subnav(request.locale, d, 'edit', initiativePolicy.abilities(request.actor, d.access)),
          editorForm({ locale: request.locale, csrf: request.csrfToken(), action: `${ADMIN}/${d.row.id}/edit`, mode: 'edit', values, errors, options }),
        ],
      },
      status,
    );
  };
  app.get(`${ADMIN}/:id/edit`, async (request, reply) => {
    requireUser(request);
    const d = await load(idParam(request));
    initiativePolicy.authorize(request.actor, 'edit', d.access);
    return renderEdit(request, reply, d, valuesFromDetail(d), undefined, 200);
  });
  app.post(`${ADMIN}/:id/edit`, async (request, reply) => {
    requireUser(request);
    const id = idParam(request);
    const form = parseForm(InitiativeForm, request.body, request.locale);
    if (!form.ok) {
      const d = await load(id);
      initiativePolicy.authorize(request.actor, 'edit', d.access);
      return renderEdit(request, reply, d, bodyOf(request), form.errors, 400);
    }
    const r = await updateInitiative(ctx, request.actor, request.locale, id, form.value);
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'forbidden') return refused(request, reply, await load(id), r.reason);
    if (r.outcome === 'invalid') return renderEdit(request, reply, await load(id), bodyOf(request), r.errors, 422);
    if (r.outcome === 'conflict') {
      const d = await load(id);
      // Keep what was typed, but with the current version so a second save goes through.
      return renderEdit(request, reply, d, { ...bodyOf(request), version: String(d.row.version) }, undefined, 409, r.reason);
    }
    return reply.redirect(`${ADMIN}/${id}/edit?done=saved`, 303);
  });

  // ---------- impact goals ----------
  const renderImpact = async (request: FastifyRequest, reply: FastifyReply, d: InitiativeDetail, extra: { goalForm?: FormState; followUp?: FormState & { goalId: number } } = {}, status = 200) => {
    const s = staffMessages(request.locale);
    const goalParam = queryOf(request).goal;
    const wanted = typeof goalParam === 'string' && /^\d{1,15}$/.test(goalParam) ? Number(goalParam) : d.goals.length === 1 ? d.goals[0]!.id : undefined;
    const followUp = extra.followUp ?? (wanted !== undefined && d.goals.some((g) => g.id === wanted) ? { goalId: wanted } : undefined);
    return adminPage(
      request,
      reply,
      {
        title: s.impactTitle(title(request, d)),
        breadcrumbs: staffCrumbs(request.locale, { label: title(request, d), href: `${ADMIN}/${d.row.id}` }, { label: s.tabImpact }),
        body: impactView({ locale: request.locale, csrf: request.csrfToken(), d, abilities: initiativePolicy.abilities(request.actor, d.access), flash: flashes(request), ...(extra.goalForm ? { goalForm: extra.goalForm } : {}), ...(followUp ? { followUp } : {}) }),
      },
      status,
    );
  };
  app.get(`${ADMIN}/:id/impact`, async (request, reply) => {
    requireUser(request);
    const d = await load(idParam(request));
    initiativePolicy.authorize(request.actor, 'viewInternal', d.access);
    return renderImpact(request, reply, d);
  });
  app.post(`${ADMIN}/:id/goals`, async (request, reply) => {
    requireUser(request);
    const id = idParam(request);
    const form = parseForm(ImpactGoalForm, request.body, request.locale);
    if (!form.ok) {
      const d = await load(id);
      initiativePolicy.authorize(request.actor, 'manageImpact', d.access);
      return renderImpact(request, reply, d, { goalForm: { values: bodyOf(request), errors: form.errors } }, 400);
    }
    const r = await addImpactGoal(ctx, request.actor, request.locale, id, form.value);
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'forbidden') return refused(request, reply, await load(id), r.reason);
    if (r.outcome === 'invalid') return renderImpact(request, reply, await load(id), { goalForm: { values: bodyOf(request), errors: r.errors } }, 422);
    return reply.redirect(`${ADMIN}/${id}/impact?done=goal&goal=${r.id}`, 303);
  });
  app.post(`${ADMIN}/goals/:goalId/follow-ups`, async (request, reply) => {
    requireUser(request);
    const goalId = idParam(request, 'goalId');
    const initiativeId = await initiativeIdOf(ctx.db, 'goal', goalId);
    if (!initiativeId) throw notFound();
    const form = parseForm(FollowUpForm, request.body, request.locale);
    if (!form.ok) {
      const d = await load(initiativeId);
      initiativePolicy.authorize(request.actor, 'manageImpact', d.access);
      return renderImpact(request, reply, d, { followUp: { goalId, values: bodyOf(request), errors: form.errors } }, 400);
    }
    const r = await recordFollowUp(ctx, request.actor, request.locale, goalId, form.value);
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'forbidden') return refused(request, reply, await load(initiativeId), r.reason);
    if (r.outcome === 'invalid') return renderImpact(request, reply, await load(initiativeId), { followUp: { goalId, values: bodyOf(request), errors: r.errors } }, 422);
    return reply.redirect(`${ADMIN}/${initiativeId}/impact?done=followup&goal=${goalId}`, 303);
  });

  // ---------- images and links ----------
  const renderMedia = async (request: FastifyRequest, reply: FastifyReply, d: InitiativeDetail, extra: { imageForm?: FormState; linkForm?: FormState } = {}, status = 200) => {
    const s = staffMessages(request.locale);
    return adminPage(
      request,
      reply,
      {
        title: s.mediaTitle(title(request, d)),
        breadcrumbs: staffCrumbs(request.locale, { label: title(request, d), href: `${ADMIN}/${d.row.id}` }, { label: s.tabMedia }),
        body: mediaView({ locale: request.locale, csrf: request.csrfToken(), d, abilities: initiativePolicy.abilities(request.actor, d.access), flash: flashes(request), ...extra }),
      },
      status,
    );
  };
  app.get(`${ADMIN}/:id/media`, async (request, reply) => {
    requireUser(request);
    const d = await load(idParam(request));
    initiativePolicy.authorize(request.actor, 'edit', d.access);
    return renderMedia(request, reply, d);
  });
  /** Adding an image or a link: the same flow with a form and a command of its own. */
  const attach = <S extends typeof ImageForm | typeof LinkForm>(kind: 'image' | 'link', schema: S, command: (id: number, value: Static<S>, request: FastifyRequest) => Promise<AttachmentOutcome>) =>
    app.post(`${ADMIN}/:id/${kind}s`, async (request, reply) => {
      requireUser(request);
      const id = idParam(request);
      const formKey = kind === 'image' ? 'imageForm' : 'linkForm';
      const form = parseForm(schema, request.body, request.locale);
      if (!form.ok) {
        const d = await load(id);
        initiativePolicy.authorize(request.actor, 'edit', d.access);
        return renderMedia(request, reply, d, { [formKey]: { values: bodyOf(request), errors: form.errors } }, 400);
      }
      const r = await command(id, form.value, request);
      if (r.outcome === 'not_found') throw notFound();
      if (r.outcome === 'forbidden') return refused(request, reply, await load(id), r.reason);
      if (r.outcome === 'invalid') return renderMedia(request, reply, await load(id), { [formKey]: { values: bodyOf(request), errors: r.errors } }, 422);
      return reply.redirect(`${ADMIN}/${id}/media?done=added`, 303);
    });
  attach('image', ImageForm, (id, value, request) => addImage(ctx, request.actor, request.locale, id, value));
  attach('link', LinkForm, (id, value, request) => addLink(ctx, request.actor, request.locale, id, value));
  for (const kind of ['image', 'link'] as const) {
    app.post(`${ADMIN}/:id/${kind}s/:attachmentId/delete`, async (request, reply) => {
      requireUser(request);
      const id = idParam(request);
      const r = await removeAttachment(ctx, request.actor, request.locale, id, kind, idParam(request, 'attachmentId'));
      if (r.outcome === 'not_found') throw notFound();
      if (r.outcome === 'forbidden') return refused(request, reply, await load(id), r.reason);
      return reply.redirect(`${ADMIN}/${id}/media?done=removed`, 303);
    });
  }

  // ---------- portfolio overview ----------
  app.get(PORTFOLIO, async (request, reply) => {
    requireUser(request);
    staffPolicy.authorize(request.actor, 'viewPortfolio', undefined);
    const s = staffMessages(request.locale);
    const actor = request.actor;
    let scope: { organisationIds?: number[] } = {};
    let scopeText: string = s.portfolioLeadAll;
    if (!isProgrammeTeam(actor) && actor.kind === 'user') {
      const ids = actor.memberships.filter((m) => m.role === 'innovation_lead').map((m) => m.organisationId);
      scope = { organisationIds: ids };
      const orgs = await listOrganisationsForForm(ctx.db);
      scopeText = s.portfolioLeadOwn(orgs.filter((o) => ids.includes(o.id)).map((o) => o.name).join(', '));
    }
    const overview = await portfolioOverview(ctx.db, scope);
    return adminPage(request, reply, {
      title: s.portfolioTitle,
      breadcrumbs: [{ label: s.admin, href: '/admin' }, { label: s.portfolioTitle }],
      body: portfolioView(request.locale, overview, scopeText),
    });
  });
};
