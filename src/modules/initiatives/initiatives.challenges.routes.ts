// Staff pages for the city challenges under /admin/initiatives/challenges. Thin: authorize through
// staffPolicy, parse the form, call a command, then redirect or re-render with what was typed.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { adminPage, requireUser } from '../../platform/admin.ts';
import { notFound } from '../../platform/errors.ts';
import { parseForm } from '../../platform/forms.ts';
import { idParam } from '../../platform/http.ts';
import { staffPolicy } from './initiatives.policy.ts';
import { challengeMessages } from './initiatives.challenges.messages.ts';
import { ChallengeForm } from './initiatives.schema.ts';
import { CHALLENGES } from './initiatives.paths.ts';
import { challengesWithUsage, getChallenge } from './initiatives.queries.ts';
import { createChallenge, deleteChallenge, setChallengeRetired, updateChallenge } from './initiatives.challenges.commands.ts';
import { staffCrumbs, type FormValues } from './views/staff.ts';
import { challengeEditView, challengeForm, challengeListView, type ChallengeRowView } from './views/challenges.ts';

const bodyOf = (request: FastifyRequest) => (request.body ?? {}) as FormValues;
const valuesOf = (c: ChallengeRowView): FormValues => ({ slug: c.slug, title_sv: c.title_sv, title_en: c.title_en, description_sv: c.description_sv, description_en: c.description_en });

export const challengeAdminRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const guard = (request: FastifyRequest) => {
    requireUser(request);
    staffPolicy.authorize(request.actor, 'manageChallenges', undefined);
  };
  const load = async (request: FastifyRequest) => {
    const c = await getChallenge(ctx.db, idParam(request));
    if (!c) throw notFound();
    return c;
  };
  const crumbs = (request: FastifyRequest, ...rest: { label: string; href?: string }[]) => staffCrumbs(request.locale, { label: challengeMessages(request.locale).listTitle, href: CHALLENGES }, ...rest);

  app.get(CHALLENGES, async (request, reply) => {
    guard(request);
    const t = challengeMessages(request.locale);
    const { done, title } = (request.query ?? {}) as Record<string, unknown>;
    const flash = done === 'deleted' && typeof title === 'string' ? t.deletedNotice(title.slice(0, 200)) : undefined;
    return adminPage(request, reply, {
      title: t.listTitle,
      breadcrumbs: staffCrumbs(request.locale, { label: t.listTitle }),
      body: challengeListView(request.locale, await challengesWithUsage(ctx.db), flash),
    });
  });

  const renderCreate = (request: FastifyRequest, reply: FastifyReply, values: FormValues, errors: Record<string, string> | undefined, status: number) => {
    const t = challengeMessages(request.locale);
    return adminPage(request, reply, { title: t.createTitle, breadcrumbs: crumbs(request, { label: t.createTitle }), body: challengeForm({ locale: request.locale, csrf: request.csrfToken(), action: `${CHALLENGES}/new`, mode: 'create', values, errors }) }, status);
  };
  app.get(`${CHALLENGES}/new`, async (request, reply) => {
    guard(request);
    return renderCreate(request, reply, {}, undefined, 200);
  });
  app.post(`${CHALLENGES}/new`, async (request, reply) => {
    guard(request);
    const form = parseForm(ChallengeForm, request.body, request.locale);
    if (!form.ok) return renderCreate(request, reply, bodyOf(request), form.errors, 400);
    const r = await createChallenge(ctx, request.actor, request.locale, form.value);
    if (r.outcome === 'invalid') return renderCreate(request, reply, bodyOf(request), r.errors, 422);
    if (r.outcome === 'forbidden') return renderCreate(request, reply, bodyOf(request), { title_sv: r.reason }, 403);
    return reply.redirect(`${CHALLENGES}/${r.id}?done=created`, 303);
  });

  const renderEdit = (request: FastifyRequest, reply: FastifyReply, c: ChallengeRowView, extra: { values?: FormValues; errors?: Record<string, string>; refused?: string } = {}, status = 200) => {
    const t = challengeMessages(request.locale);
    const done = ((request.query ?? {}) as Record<string, unknown>).done;
    const flashes: Record<string, string> = { created: t.created, saved: t.saved, retired: t.retiredNotice, reinstated: t.reinstatedNotice };
    const name = request.locale === 'en' && c.title_en ? c.title_en : c.title_sv;
    return adminPage(
      request,
      reply,
      {
        title: t.editTitle(name),
        breadcrumbs: crumbs(request, { label: name }),
        body: challengeEditView({ locale: request.locale, csrf: request.csrfToken(), c, values: extra.values ?? valuesOf(c), errors: extra.errors, flash: typeof done === 'string' ? flashes[done] : undefined, refused: extra.refused }),
      },
      status,
    );
  };
  app.get(`${CHALLENGES}/:id`, async (request, reply) => {
    guard(request);
    return renderEdit(request, reply, await load(request));
  });
  app.post(`${CHALLENGES}/:id`, async (request, reply) => {
    guard(request);
    const c = await load(request);
    const form = parseForm(ChallengeForm, request.body, request.locale);
    if (!form.ok) return renderEdit(request, reply, c, { values: bodyOf(request), errors: form.errors }, 400);
    const r = await updateChallenge(ctx, request.actor, request.locale, c.id, form.value);
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'forbidden') return renderEdit(request, reply, c, { values: bodyOf(request), refused: r.reason }, 403);
    if (r.outcome === 'invalid') return renderEdit(request, reply, c, { values: bodyOf(request), errors: r.errors }, 422);
    return reply.redirect(`${CHALLENGES}/${c.id}?done=saved`, 303);
  });
  app.post(`${CHALLENGES}/:id/retire`, async (request, reply) => {
    guard(request);
    const c = await load(request);
    const retired = bodyOf(request).retired === '1';
    const r = await setChallengeRetired(ctx, request.actor, request.locale, c.id, retired);
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'forbidden') return renderEdit(request, reply, c, { refused: r.reason }, 403);
    return reply.redirect(`${CHALLENGES}/${c.id}?done=${retired ? 'retired' : 'reinstated'}`, 303);
  });
  app.post(`${CHALLENGES}/:id/delete`, async (request, reply) => {
    guard(request);
    const c = await load(request);
    const r = await deleteChallenge(ctx, request.actor, request.locale, c.id);
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'forbidden') return renderEdit(request, reply, c, { refused: r.reason }, 403);
    if (r.outcome === 'in_use') return renderEdit(request, reply, c, { refused: r.reason }, 409);
    return reply.redirect(`${CHALLENGES}?done=deleted&title=${encodeURIComponent(r.title)}`, 303);
  });
};
