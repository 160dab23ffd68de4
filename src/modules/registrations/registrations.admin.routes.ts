// Staff pages of registration under /admin/registrations. Thin: authorize with the registrations
// policy (for the programme item's organisers), parse the form, call a command, redirect or re-render.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { adminPage, requireUser } from '../../platform/admin.ts';
import { parseForm, rawString } from '../../platform/forms.ts';
import { notFound, type FieldErrors } from '../../platform/errors.ts';
import { canEditFor, isProgrammeTeam } from '../../platform/policy.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { idParam, parseId } from '../../platform/http.ts';
import { registrationAreaPolicy, registrationPolicy, type RegistrationAction } from './registrations.policy.ts';
import { registrationMessages, settingsIssueMessages, statusText } from './registrations.messages.ts';
import { EventSettingsForm, MessageForm, OccurrenceSettingsForm, type Question } from './registrations.schema.ts';
import {
  attendees,
  registrationOccurrencesOfEvents,
  seatCounts,
  staffEvent,
  staffEvents,
  staffOccurrence,
  staffOccurrencesOfEvent,
  type StaffOccurrence,
} from './registrations.queries.ts';
import {
  checkIn,
  disableEventRegistration,
  messageAttendees,
  releaseNoShows,
  saveEventSettings,
  saveOccurrenceSettings,
  staffCancel,
  type EventSettingsInput,
} from './registrations.commands.ts';
import { parseLocalDateTime, toLocalDateTime } from './registrations.rules.ts';
import { formatMoment, titleIn } from './registrations.format.ts';
import { checkInView, eventSettingsView, occurrenceView, overviewView, type Notices } from './views/admin.ts';
import { attendeesCsv } from './views/export.ts';

const STYLES = ['/assets/registrations.css'];

function values(body: unknown, fields: readonly string[]): Record<string, string | undefined> {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f, rawString(b, f)]));
}

/** "2022-06-01T09:30" → the instant; an empty field is null; anything else is a field error. */
function dateField(raw: string | undefined, field: string, errors: FieldErrors, message: string): Date | null {
  if (!raw || raw.trim() === '') return null;
  const d = parseLocalDateTime(raw);
  if (!d) errors[field] = message;
  return d ?? null;
}

const EVENT_FIELDS = ['capacity', 'max_group_size', 'waitlist_capacity', 'offer_hours', 'erase_after_days', 'account_required', 'apply_all', 'opens_at', 'closes_at', 'q1_sv', 'q1_en', 'q1_required', 'q2_sv', 'q2_en', 'q2_required', 'q3_sv', 'q3_en', 'q3_required'] as const;

export const registrationAdminRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const crumbs = (request: FastifyRequest, extra: { label: string; href?: string }[] = []) => [
    { label: 'Administration', href: '/admin' },
    { label: registrationMessages(request.locale).adminTitle, href: '/admin/registrations' },
    ...extra,
  ];

  async function loadOccurrence(request: FastifyRequest, action: RegistrationAction): Promise<StaffOccurrence> {
    requireUser(request);
    const occ = await staffOccurrence(ctx.db, idParam(request));
    if (!occ || !occ.settings) throw notFound();
    registrationPolicy.authorize(request.actor, action, { organisationIds: occ.organisationIds });
    return occ;
  }

  // ---------- overview ----------

  app.get('/admin/registrations', async (request, reply) => {
    requireUser(request);
    registrationAreaPolicy.authorize(request.actor, 'overview', undefined);
    const actor = request.actor;
    const team = isProgrammeTeam(actor);
    const orgIds = actor.kind === 'user' ? actor.memberships.map((m) => m.organisationId) : [];
    const events = await staffEvents(ctx.db, { ...(team ? {} : { organisationIds: orgIds }), withRegistration: true });
    const occs = await registrationOccurrencesOfEvents(ctx.db, events.map((e) => e.eventId));
    const counts = await seatCounts(ctx.db, occs.map((o) => o.occurrenceId));
    const editableOrgs = actor.kind === 'user' ? actor.memberships.filter((m) => canEditFor(actor, m.organisationId)).map((m) => m.organisationId) : [];
    const choices = team || editableOrgs.length ? await staffEvents(ctx.db, { ...(team ? {} : { organisationIds: editableOrgs }), withRegistration: false }) : [];
    const t = registrationMessages(request.locale);
    return adminPage(request, reply, {
      title: t.adminTitle,
      breadcrumbs: crumbs(request).slice(0, 1),
      styles: STYLES,
      body: overviewView({
        locale: request.locale,
        events: events.map((event) => ({
          event,
          can: registrationPolicy.abilities(actor, { organisationIds: event.organisationIds }),
          occurrences: occs.filter((o) => o.eventId === event.eventId).map((occ) => ({ occ, counts: counts.get(occ.occurrenceId) })),
        })),
        enableChoices: choices.map((e) => ({ id: e.eventId, title: `${titleIn(e, request.locale)} (${e.organisers[0] ?? ''})` })),
      }),
    });
  });

  app.get('/admin/registrations/enable', async (request, reply) => {
    requireUser(request);
    const id = parseId(rawString(request.query as Record<string, unknown>, 'event'));
    return reply.redirect(`/admin/registrations/events/${id}`, 303);
  });

  // ---------- an item's settings ----------

  const renderEvent = async (request: FastifyRequest, reply: FastifyReply, eventId: number, opts: { values?: Record<string, string | undefined>; errors?: FieldErrors; notices?: Notices; status?: number } = {}) => {
    requireUser(request);
    const event = await staffEvent(ctx.db, eventId);
    if (!event) throw notFound();
    registrationPolicy.authorize(request.actor, 'configure', { organisationIds: event.organisationIds });
    const occs = await staffOccurrencesOfEvent(ctx.db, eventId);
    const counts = await seatCounts(ctx.db, occs.map((o) => o.occurrenceId));
    const first = occs.find((o) => o.settings)?.settings;
    const s = event.settings;
    const q = (n: number) => s?.questions.find((x) => x.id === `q${n}`);
    const defaults: Record<string, string | undefined> = {
      capacity: String(first?.capacity ?? 50),
      max_group_size: String(s?.max_group_size ?? 4),
      waitlist_capacity: String(s?.waitlist_capacity ?? 50),
      offer_hours: String(s?.offer_hours ?? 12),
      erase_after_days: String(s?.erase_after_days ?? 30),
      account_required: s?.account_required ? 'on' : undefined,
      apply_all: s ? undefined : 'on',
      opens_at: first?.opens_at ? toLocalDateTime(first.opens_at) : undefined,
      closes_at: first?.closes_at ? toLocalDateTime(first.closes_at) : undefined,
    };
    for (const n of [1, 2, 3]) {
      defaults[`q${n}_sv`] = q(n)?.label_sv;
      defaults[`q${n}_en`] = q(n)?.label_en;
      defaults[`q${n}_required`] = q(n)?.required ? 'on' : undefined;
    }
    const t = registrationMessages(request.locale);
    return adminPage(
      request,
      reply,
      {
        title: t.settingsTitle(titleIn(event, request.locale)),
        breadcrumbs: crumbs(request),
        styles: STYLES,
        body: eventSettingsView({
          locale: request.locale,
          csrf: request.csrfToken(),
          event,
          values: opts.values ?? defaults,
          errors: opts.errors,
          notices: opts.notices ?? [],
          occurrences: occs.filter((o) => o.settings).map((occ) => ({ occ, counts: counts.get(occ.occurrenceId) })),
          enabled: occs.some((o) => o.settings?.enabled),
        }),
      },
      opts.status,
    );
  };

  app.get('/admin/registrations/events/:id', async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const t = registrationMessages(request.locale);
    const offered = typeof q.offered === 'string' && /^\d+$/.test(q.offered) ? Number(q.offered) : 0;
    const notices: Notices = q.done === 'saved' ? [{ kind: 'success', text: offered ? t.savedOfferedNotice(offered) : t.savedNotice }] : q.done === 'disabled' ? [{ kind: 'success', text: t.disabledNotice }] : [];
    return renderEvent(request, reply, idParam(request), { notices });
  });

  app.post('/admin/registrations/events/:id', async (request, reply) => {
    requireUser(request);
    const eventId = idParam(request);
    const t = registrationMessages(request.locale);
    const raw = values(request.body, EVENT_FIELDS);
    const form = parseForm(EventSettingsForm, request.body, request.locale);
    const errors: FieldErrors = form.ok ? {} : { ...form.errors };
    const opens = dateField(raw.opens_at, 'opens_at', errors, t.errDateTime);
    const closes = dateField(raw.closes_at, 'closes_at', errors, t.errDateTime);
    if (!form.ok || Object.keys(errors).length) return renderEvent(request, reply, eventId, { values: raw, errors, status: 422 });
    const v = form.value;
    const questions: Question[] = [];
    for (const n of [1, 2, 3] as const) {
      const labelSv = (v[`q${n}_sv`] ?? '').trim();
      const labelEn = (v[`q${n}_en`] ?? '').trim();
      if (labelSv || labelEn) questions.push({ id: `q${n}`, label_sv: labelSv, label_en: labelEn, required: v[`q${n}_required`] });
    }
    const input: EventSettingsInput = {
      capacity: v.capacity,
      max_group_size: v.max_group_size,
      waitlist_capacity: v.waitlist_capacity,
      offer_hours: v.offer_hours,
      erase_after_days: v.erase_after_days,
      account_required: v.account_required,
      opens_at: opens,
      closes_at: closes,
      questions,
      applyToAll: v.apply_all,
    };
    const r = await saveEventSettings(ctx, request.actor, eventId, input);
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'invalid') return renderEvent(request, reply, eventId, { values: raw, errors: settingsIssueMessages(r.issues, request.locale), status: 422 });
    return reply.redirect(`/admin/registrations/events/${eventId}?done=saved${r.offered ? `&offered=${r.offered}` : ''}`, 303);
  });

  app.post('/admin/registrations/events/:id/disable', async (request, reply) => {
    requireUser(request);
    const eventId = idParam(request);
    const r = await disableEventRegistration(ctx, request.actor, eventId);
    if (r.outcome === 'not_found') throw notFound();
    return reply.redirect(`/admin/registrations/events/${eventId}?done=disabled`, 303);
  });

  // ---------- an occurrence ----------

  const renderOccurrence = async (
    request: FastifyRequest,
    reply: FastifyReply,
    occ: StaffOccurrence,
    opts: { notices?: Notices; settingsValues?: Record<string, string | undefined>; settingsErrors?: FieldErrors; messageValues?: Record<string, string | undefined>; messageErrors?: FieldErrors; status?: number } = {},
  ) => {
    const actor = request.actor as Actor;
    const [rows, counts, event] = await Promise.all([attendees(ctx.db, occ.occurrenceId), seatCounts(ctx.db, [occ.occurrenceId]), staffEvent(ctx.db, occ.eventId)]);
    const s = occ.settings!;
    const t = registrationMessages(request.locale);
    const title = titleIn(occ, request.locale);
    return adminPage(
      request,
      reply,
      {
        title: t.occurrenceTitle(title),
        breadcrumbs: crumbs(request, [{ label: title, href: `/admin/registrations/events/${occ.eventId}` }]),
        styles: STYLES,
        body: occurrenceView({
          locale: request.locale,
          csrf: request.csrfToken(),
          occ,
          counts: counts.get(occ.occurrenceId)!,
          rows,
          questions: event?.settings?.questions ?? [],
          can: registrationPolicy.abilities(actor, { organisationIds: occ.organisationIds }),
          notices: opts.notices ?? [],
          settingsValues: opts.settingsValues ?? {
            capacity: String(s.capacity),
            enabled: s.enabled ? 'on' : undefined,
            opens_at: s.opens_at ? toLocalDateTime(s.opens_at) : undefined,
            closes_at: s.closes_at ? toLocalDateTime(s.closes_at) : undefined,
          },
          settingsErrors: opts.settingsErrors,
          messageValues: opts.messageValues ?? {},
          messageErrors: opts.messageErrors,
        }),
      },
      opts.status,
    );
  };

  app.get('/admin/registrations/occurrences/:id', async (request, reply) => {
    const occ = await loadOccurrence(request, 'list');
    const t = registrationMessages(request.locale);
    const q = request.query as Record<string, unknown>;
    const num = (k: string) => (typeof q[k] === 'string' && /^\d{1,6}$/.test(q[k] as string) ? Number(q[k]) : 0);
    const notices: Notices = [];
    if (q.done === 'saved') notices.push({ kind: 'success', text: num('offered') ? t.savedOfferedNotice(num('offered')) : t.savedNotice });
    if (q.done === 'message') notices.push({ kind: 'success', text: t.messageSentNotice });
    if (q.done === 'no-shows') notices.push({ kind: 'success', text: t.noShowsNotice(num('released'), num('offered')) });
    if (q.done === 'cancelled') notices.push({ kind: 'success', text: t.staffCancelledNotice });
    return renderOccurrence(request, reply, occ, { notices });
  });

  app.post('/admin/registrations/occurrences/:id/settings', async (request, reply) => {
    const occ = await loadOccurrence(request, 'configure');
    const t = registrationMessages(request.locale);
    const raw = values(request.body, ['capacity', 'enabled', 'opens_at', 'closes_at']);
    const form = parseForm(OccurrenceSettingsForm, request.body, request.locale);
    const errors: FieldErrors = form.ok ? {} : { ...form.errors };
    const opens = dateField(raw.opens_at, 'opens_at', errors, t.errDateTime);
    const closes = dateField(raw.closes_at, 'closes_at', errors, t.errDateTime);
    if (!form.ok || Object.keys(errors).length) return renderOccurrence(request, reply, occ, { settingsValues: raw, settingsErrors: errors, status: 422 });
    const r = await saveOccurrenceSettings(ctx, request.actor, occ.occurrenceId, { capacity: form.value.capacity, enabled: form.value.enabled, opens_at: opens, closes_at: closes });
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'invalid') return renderOccurrence(request, reply, occ, { settingsValues: raw, settingsErrors: settingsIssueMessages(r.issues, request.locale), status: 422 });
    return reply.redirect(`/admin/registrations/occurrences/${occ.occurrenceId}?done=saved${r.offered ? `&offered=${r.offered}` : ''}`, 303);
  });

  app.post('/admin/registrations/occurrences/:id/message', async (request, reply) => {
    const occ = await loadOccurrence(request, 'message');
    const raw = values(request.body, ['subject', 'body', 'include_waiting']);
    const form = parseForm(MessageForm, request.body, request.locale);
    if (!form.ok) return renderOccurrence(request, reply, occ, { messageValues: raw, messageErrors: form.errors, status: 422 });
    await messageAttendees(ctx, request.actor, occ.occurrenceId, { subject: form.value.subject, body: form.value.body, includeWaiting: form.value.include_waiting });
    return reply.redirect(`/admin/registrations/occurrences/${occ.occurrenceId}?done=message`, 303);
  });

  app.post('/admin/registrations/occurrences/:id/no-shows', async (request, reply) => {
    const occ = await loadOccurrence(request, 'releaseNoShows');
    const r = await releaseNoShows(ctx, request.actor, occ.occurrenceId);
    if (r.outcome === 'not_found') throw notFound();
    return reply.redirect(`/admin/registrations/occurrences/${occ.occurrenceId}?done=no-shows&released=${r.released.length}&offered=${r.offered.length}`, 303);
  });

  app.post('/admin/registrations/registrations/:id/cancel', async (request, reply) => {
    requireUser(request);
    const r = await staffCancel(ctx, request.actor, idParam(request));
    if (r.outcome === 'not_found') throw notFound();
    const occurrenceId = r.outcome === 'cancelled' ? r.registration.occurrence_id : undefined;
    if (!occurrenceId) return reply.redirect('/admin/registrations', 303);
    return reply.redirect(`/admin/registrations/occurrences/${occurrenceId}?done=cancelled`, 303);
  });

  app.get('/admin/registrations/occurrences/:id/attendees.csv', async (request, reply) => {
    const occ = await loadOccurrence(request, 'export');
    const locale = request.locale;
    const [rows, event] = await Promise.all([attendees(ctx.db, occ.occurrenceId), staffEvent(ctx.db, occ.eventId)]);
    reply.header('cache-control', 'private, no-store');
    reply.header('content-disposition', `attachment; filename="${registrationMessages(locale).csvFilename}-${occ.occurrenceId}.csv"`);
    return reply.type('text/csv; charset=utf-8').send(attendeesCsv(locale, rows, event?.settings?.questions ?? []));
  });

  // ---------- check-in ----------

  const renderCheckIn = async (request: FastifyRequest, reply: FastifyReply, occ: StaffOccurrence, opts: { value?: string; error?: string; result?: { kind: 'success' | 'warning'; text: string }; status?: number } = {}) => {
    const counts = (await seatCounts(ctx.db, [occ.occurrenceId])).get(occ.occurrenceId)!;
    const t = registrationMessages(request.locale);
    const title = titleIn(occ, request.locale);
    return adminPage(
      request,
      reply,
      {
        title: t.checkInTitle(title),
        breadcrumbs: crumbs(request, [{ label: title, href: `/admin/registrations/occurrences/${occ.occurrenceId}` }]),
        styles: STYLES,
        scripts: ['/assets/checkin.js'],
        body: checkInView({ locale: request.locale, csrf: request.csrfToken(), occ, counts, value: opts.value, error: opts.error, result: opts.result }),
      },
      opts.status,
    );
  };

  app.get('/admin/registrations/occurrences/:id/check-in', async (request, reply) => {
    const occ = await loadOccurrence(request, 'checkIn');
    // A scanned QR code opens this page with ?code=…: the code is filled in, and checked in on submit.
    const code = rawString(request.query as Record<string, unknown>, 'code');
    return renderCheckIn(request, reply, occ, { value: code && code.length <= 40 ? code : undefined });
  });

  app.post('/admin/registrations/occurrences/:id/check-in', async (request, reply) => {
    const occ = await loadOccurrence(request, 'checkIn');
    const t = registrationMessages(request.locale);
    const code = (rawString(request.body as Record<string, unknown>, 'code') ?? '').trim();
    if (code === '' || code.length > 40) return renderCheckIn(request, reply, occ, { value: code.slice(0, 40), error: code === '' ? t.fieldCodeHint : t.checkInUnknown, status: 422 });
    const r = await checkIn(ctx, request.actor, occ.occurrenceId, code);
    if (r.outcome === 'not_found') throw notFound();
    const locale = request.locale;
    const result =
      r.outcome === 'checked_in'
        ? { kind: 'success' as const, text: t.checkedInOk(r.registration.name, r.registration.seats) }
        : r.outcome === 'already_checked_in'
          ? { kind: 'warning' as const, text: `${t.checkInAlready(formatMoment(r.registration.checked_in_at as Date, locale), r.checkedInByName ?? '')} ${r.registration.name}, ${t.seatsText(r.registration.seats)}.` }
          : r.outcome === 'not_confirmed'
            ? { kind: 'warning' as const, text: `${t.checkInNotConfirmed(statusText(t, r.registration.status))} ${r.registration.name}.` }
            : r.outcome === 'other_occurrence'
              ? { kind: 'warning' as const, text: t.checkInOther }
              : { kind: 'warning' as const, text: t.checkInUnknown };
    return renderCheckIn(request, reply, occ, { result, status: r.outcome === 'checked_in' ? 200 : 409 });
  });

};
