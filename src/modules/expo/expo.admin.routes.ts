// Staff pages of the programme: organisers submit items; the programme team reviews, schedules and
// publishes numbered releases. Thin: authorize with the policy, parse, call a command, redirect or re-render.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { adminPage, requireUser } from '../../platform/admin.ts';
import { parseForm } from '../../platform/forms.ts';
import { notFound, type FieldErrors } from '../../platform/errors.ts';
import { isProgrammeTeam } from '../../platform/policy.ts';
import type { UserActor } from '../../platform/auth/actor.ts';
import { idParam } from '../../platform/http.ts';
import { expoMessages } from './expo.messages.ts';
import { eventPolicy, programmePolicy, type EventResource } from './expo.policy.ts';
import { EVENT_STATES, EventForm, OccurrenceStatusForm, ReleaseForm, ReviewForm, type EventState } from './expo.schema.ts';
import { countEventsByState, currentEdition, getEventForAdmin, listAreas, listEventsForAdmin, listOrganisations, listReleases, listVenues, publishedEventIds, type AdminEvent } from './expo.queries.ts';
import { planRelease, publishRelease, reviewEvent, saveEvent, setOccurrenceStatus, submitEvent, withdrawEvent, type ScheduleWarning } from './expo.commands.ts';
import { eventInputFromForm, type EditionInfo } from './expo.rules.ts';
import { adminListView, eventAdminView, eventFormView, releasesView, valuesOf, type FormValues } from './views/admin.ts';
import { EXPO_STYLES } from './views/public.ts';
import { initiativePicker } from '../initiatives/index.ts';
import { LINKS_FIELD, linkedInitiativeIds, setEventInitiatives } from './expo.links.ts';
import { initiativeLinksAdminSection } from './views/links.ts';
import { expoPlacesRoutes } from './expo.places.routes.ts';


function rawValues(body: unknown): FormValues {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const out: FormValues = {};
  for (const [k, v] of Object.entries(b)) {
    if (k === '_csrf') continue;
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

const resourceOf = (e: AdminEvent): EventResource => ({ state: e.state, organisationIds: e.organisers.map((o) => o.organisation_id) });

export const expoAdminRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const edition = async (): Promise<EditionInfo> => {
    const e = await currentEdition(ctx.db);
    if (!e) throw notFound('No expo edition');
    return e;
  };
  const crumbs = (request: FastifyRequest, extra: { label: string; href?: string }[] = []) => [
    { label: 'Admin', href: '/admin' },
    { label: expoMessages(request.locale).adminTitle, href: '/admin/program' },
    ...extra,
  ];

  const formContext = async (request: FastifyRequest, e: EditionInfo, event?: AdminEvent) => {
    const actor = request.actor as UserActor;
    const [venues, areas, orgs] = await Promise.all([listVenues(ctx.db, e.id), listAreas(ctx.db, e.id), listOrganisations(ctx.db)]);
    const mine = new Set([...actor.memberships.map((m) => m.organisationId), ...(event?.organisers.map((o) => o.organisation_id) ?? [])]);
    return { venues, areas, allOrganisations: orgs, organisations: isProgrammeTeam(actor) ? orgs : orgs.filter((o) => mine.has(o.id)) };
  };

  // ---------- the list ----------

  app.get('/admin/program', async (request, reply) => {
    requireUser(request);
    programmePolicy.authorize(request.actor, 'list', undefined);
    const e = await edition();
    const q = request.query as Record<string, unknown>;
    const state = EVENT_STATES.find((s) => s === q.state);
    const actor = request.actor as UserActor;
    const team = isProgrammeTeam(actor);
    const [rows, counts] = await Promise.all([
      listEventsForAdmin(ctx.db, { editionId: e.id, ...(team ? {} : { organisationIds: actor.memberships.map((m) => m.organisationId) }), ...(state ? { state } : {}) }),
      team ? countEventsByState(ctx.db, e.id) : Promise.resolve({}),
    ]);
    const t = expoMessages(request.locale);
    return adminPage(request, reply, {
      title: t.adminTitle,
      styles: EXPO_STYLES,
      breadcrumbs: crumbs(request).slice(0, 1),
      body: adminListView({ locale: request.locale, rows, counts, state: state as EventState | undefined, canPublish: programmePolicy.can(actor, 'publish', undefined), tz: e.time_zone }),
    });
  });

  // ---------- create ----------

  const renderNew = async (request: FastifyRequest, reply: FastifyReply, o: { values: FormValues; errors?: FieldErrors; warnings?: ScheduleWarning[]; status?: number }) => {
    const e = await edition();
    const t = expoMessages(request.locale);
    const fc = await formContext(request, e);
    const slotCount = Math.max(3, ...Object.keys(o.values).map((k) => Number(/^slot(\d+)_/.exec(k)?.[1] ?? 0)));
    return adminPage(
      request,
      reply,
      {
        title: t.adminNew,
        styles: EXPO_STYLES,
        breadcrumbs: crumbs(request, [{ label: t.adminNew }]),
        body: eventFormView({ locale: request.locale, csrf: request.csrfToken(), action: '/admin/program/new', ...fc, values: o.values, errors: o.errors, warnings: o.warnings, isTeam: isProgrammeTeam(request.actor), isNew: true, slotCount }),
      },
      o.status ?? 200,
    );
  };

  app.get('/admin/program/new', async (request, reply) => {
    requireUser(request);
    programmePolicy.authorize(request.actor, 'create', undefined);
    const actor = request.actor as UserActor;
    const first = actor.memberships[0]?.organisationId;
    return renderNew(request, reply, { values: { languages: ['sv'], audience: ['general'], ...(first ? { main_organisation: String(first) } : {}) } });
  });

  /** Parses the item form; returns the input or a re-render. */
  const readEventForm = (request: FastifyRequest) => {
    const t = expoMessages(request.locale);
    const values = rawValues(request.body);
    const form = parseForm(EventForm, request.body, request.locale);
    if (!form.ok) return { values, errors: form.errors, status: 400 } as const;
    const { input, errors } = eventInputFromForm(form.value, (request.body ?? {}) as Record<string, unknown>, t);
    if (Object.keys(errors).length) return { values, errors, status: 400 } as const;
    const intent: 'save' | 'submit' = values.intent === 'submit' ? 'submit' : 'save';
    return { values, input, intent, confirm: form.value.confirm_warnings } as const;
  };

  app.post('/admin/program/new', async (request, reply) => {
    requireUser(request);
    programmePolicy.authorize(request.actor, 'create', undefined);
    const f = readEventForm(request);
    if (!('input' in f) || !f.input) return renderNew(request, reply, { values: f.values, errors: f.errors, status: f.status });
    const r = await saveEvent(ctx, request.actor, { input: f.input, intent: f.intent, confirmWarnings: !!f.confirm, locale: request.locale });
    if (r.outcome === 'invalid') return renderNew(request, reply, { values: f.values, errors: r.errors, status: 422 });
    if (r.outcome === 'warnings') return renderNew(request, reply, { values: f.values, warnings: r.warnings, status: 422 });
    if (r.outcome !== 'ok') throw notFound();
    return reply.redirect(`/admin/program/${r.id}?done=${r.state === 'submitted' ? 'submitted' : 'created'}`, 303);
  });

  // ---------- one item ----------

  const DONE = ['created', 'submitted', 'saved', 'reviewed', 'withdrawn', 'occurrence'] as const;
  const renderEvent = async (
    request: FastifyRequest,
    reply: FastifyReply,
    event: AdminEvent,
    o: { values?: FormValues; errors?: FieldErrors; warnings?: ScheduleWarning[]; reviewErrors?: FieldErrors; reviewValues?: FormValues; links?: { checked: string[]; errors: FieldErrors }; status?: number } = {},
  ) => {
    const e = await edition();
    const t = expoMessages(request.locale);
    const can = eventPolicy.abilities(request.actor, resourceOf(event));
    const [fc, published, links] = await Promise.all([formContext(request, e, event), publishedEventIds(ctx.db, [event.id]), linksSection(request, event, can.edit, o.links)]);
    const saved = valuesOf(event, e.time_zone);
    const values = o.values ?? saved.values;
    const slotCount = Math.max(saved.slotCount, ...Object.keys(values).map((k) => Number(/^slot(\d+)_/.exec(k)?.[1] ?? 0)));
    const form = can.edit
      ? eventFormView({ locale: request.locale, csrf: request.csrfToken(), action: `/admin/program/${event.id}`, ...fc, values, errors: o.errors, warnings: o.warnings, isTeam: isProgrammeTeam(request.actor), isNew: false, slotCount })
      : undefined;
    const q = request.query as Record<string, unknown>;
    const done = DONE.find((d) => d === q.done);
    const text: Record<(typeof DONE)[number], string> = { created: t.created, submitted: t.submitted, saved: t.saved, reviewed: t.reviewed, withdrawn: t.withdrawn, occurrence: t.occurrenceUpdated };
    return adminPage(
      request,
      reply,
      {
        title: event.title_sv,
        styles: EXPO_STYLES,
        breadcrumbs: crumbs(request, [{ label: event.title_sv }]),
        body: eventAdminView({
          locale: request.locale,
          csrf: request.csrfToken(),
          tz: e.time_zone,
          event,
          venues: new Map(fc.venues.map((v) => [v.id, v])),
          can,
          published: published.length > 0,
          form,
          links,
          reviewErrors: o.reviewErrors,
          reviewValues: o.reviewValues,
          notices: done ? [{ kind: 'success', text: text[done] }] : [],
        }),
      },
      o.status ?? 200,
    );
  };

  /** The initiatives section: what is linked, the organisers' own published initiatives, and a title search (`iq`). */
  const linksSection = async (request: FastifyRequest, event: AdminEvent, canEdit: boolean, sent?: { checked: string[]; errors: FieldErrors }) => {
    const q = [(request.query as Record<string, unknown>).iq, (request.body as Record<string, unknown> | undefined)?.iq].find((v): v is string => typeof v === 'string')?.trim().slice(0, 100) ?? '';
    const saved = (await linkedInitiativeIds(ctx.db, event.id)).map(String);
    const checked = sent?.checked ?? saved;
    const actor = request.actor as UserActor;
    const organisationIds = [...actor.memberships.map((m) => m.organisationId), ...event.organisers.map((o) => o.organisation_id)];
    const picker = await initiativePicker(ctx.db, { locale: request.locale, selectedIds: [...new Set([...saved, ...checked])].map(Number), organisationIds, q });
    const done = (request.query as Record<string, unknown>).done === 'initiatives';
    return initiativeLinksAdminSection({ locale: request.locale, csrf: request.csrfToken(), eventId: event.id, canEdit, picker, checked, q, errors: sent?.errors, saved: done });
  };

  const loadFor = async (request: FastifyRequest, action: 'view' | 'edit' | 'submit' | 'withdraw' | 'review' | 'schedule') => {
    requireUser(request);
    const event = await getEventForAdmin(ctx.db, idParam(request));
    if (!event) throw notFound();
    // Someone who may not even see the item gets a 404, not a hint that it exists.
    if (!eventPolicy.can(request.actor, 'view', resourceOf(event))) throw notFound();
    eventPolicy.authorize(request.actor, action, resourceOf(event));
    return event;
  };

  app.get('/admin/program/:id', async (request, reply) => renderEvent(request, reply, await loadFor(request, 'view')));

  app.post('/admin/program/:id', async (request, reply) => {
    const event = await loadFor(request, 'edit');
    const f = readEventForm(request);
    if (!('input' in f) || !f.input) return renderEvent(request, reply, event, { values: f.values, errors: f.errors, status: f.status });
    const r = await saveEvent(ctx, request.actor, { eventId: event.id, input: f.input, intent: f.intent, confirmWarnings: !!f.confirm, locale: request.locale });
    if (r.outcome === 'invalid') return renderEvent(request, reply, event, { values: f.values, errors: r.errors, status: 422 });
    if (r.outcome === 'warnings') return renderEvent(request, reply, event, { values: f.values, warnings: r.warnings, status: 422 });
    if (r.outcome !== 'ok') throw notFound();
    return reply.redirect(`/admin/program/${event.id}?done=${r.state === 'submitted' && event.state !== 'submitted' ? 'submitted' : 'saved'}`, 303);
  });

  app.post('/admin/program/:id/initiatives', async (request, reply) => {
    const event = await loadFor(request, 'edit');
    const raw = (request.body as Record<string, unknown> | undefined)?.[LINKS_FIELD];
    const checked = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === 'string');
    const r = await setEventInitiatives(ctx, request.actor, event.id, checked, request.locale);
    if (r.outcome === 'invalid') return renderEvent(request, reply, event, { links: { checked, errors: r.errors }, status: 422 });
    if (r.outcome !== 'ok') throw notFound();
    return reply.redirect(`/admin/program/${event.id}?done=initiatives#initiative-links`, 303);
  });

  app.post('/admin/program/:id/submit', async (request, reply) => {
    const event = await loadFor(request, 'submit');
    await submitEvent(ctx, request.actor, event.id);
    return reply.redirect(`/admin/program/${event.id}?done=submitted`, 303);
  });

  app.post('/admin/program/:id/withdraw', async (request, reply) => {
    const event = await loadFor(request, 'withdraw');
    await withdrawEvent(ctx, request.actor, event.id);
    return reply.redirect(`/admin/program/${event.id}?done=withdrawn`, 303);
  });

  app.post('/admin/program/:id/review', async (request, reply) => {
    const event = await loadFor(request, 'review');
    const form = parseForm(ReviewForm, request.body, request.locale);
    if (!form.ok) return renderEvent(request, reply, event, { reviewErrors: form.errors, reviewValues: rawValues(request.body), status: 400 });
    const r = await reviewEvent(ctx, request.actor, event.id, form.value.decision, form.value.reason);
    if (r.outcome !== 'ok') throw notFound();
    return reply.redirect(`/admin/program/${event.id}?done=reviewed`, 303);
  });

  app.post('/admin/program/:id/occurrences/:occ/status', async (request, reply) => {
    const event = await loadFor(request, 'schedule');
    const form = parseForm(OccurrenceStatusForm, request.body, request.locale);
    if (!form.ok) return renderEvent(request, reply, event, { status: 400 });
    const r = await setOccurrenceStatus(ctx, request.actor, event.id, idParam(request, 'occ'), form.value.status);
    if (r.outcome !== 'ok') throw notFound();
    return reply.redirect(`/admin/program/${event.id}?done=occurrence`, 303);
  });

  // ---------- releases ----------

  const renderReleases = async (request: FastifyRequest, reply: FastifyReply, o: { errors?: FieldErrors; status?: number } = {}) => {
    const e = await edition();
    const t = expoMessages(request.locale);
    const [plan, releases] = await Promise.all([planRelease(ctx.db), listReleases(ctx.db, e.id)]);
    const q = request.query as Record<string, unknown>;
    const n = typeof q.n === 'string' && /^\d{1,9}$/.test(q.n) ? Number(q.n) : undefined;
    const notices: { kind: 'success' | 'info' | 'warning'; text: string }[] = [];
    if (q.done === 'published' && n) notices.push({ kind: 'success', text: t.published(n) });
    if (q.done === 'nothing') notices.push({ kind: 'info', text: t.publishNothing });
    return adminPage(
      request,
      reply,
      {
        title: t.adminReleases,
        styles: EXPO_STYLES,
        breadcrumbs: crumbs(request, [{ label: t.adminReleases }]),
        body: releasesView({ locale: request.locale, csrf: request.csrfToken(), pending: plan?.changes ?? [], releases, errors: o.errors, notices }),
      },
      o.status ?? 200,
    );
  };

  app.get('/admin/program/releases', async (request, reply) => {
    requireUser(request);
    programmePolicy.authorize(request.actor, 'publish', undefined);
    return renderReleases(request, reply);
  });

  app.post('/admin/program/releases', async (request, reply) => {
    requireUser(request);
    programmePolicy.authorize(request.actor, 'publish', undefined);
    const form = parseForm(ReleaseForm, request.body, request.locale);
    if (!form.ok) return renderReleases(request, reply, { errors: form.errors, status: 400 });
    const r = await publishRelease(ctx, request.actor, { sv: form.value.note_sv, en: form.value.note_en });
    if (r.outcome === 'ok') return reply.redirect(`/admin/program/releases?done=published&n=${r.number}`, 303);
    return reply.redirect('/admin/program/releases?done=nothing', 303);
  });

  // The edition, areas and venues (programme team).
  await app.register(expoPlacesRoutes, { ctx });
};
