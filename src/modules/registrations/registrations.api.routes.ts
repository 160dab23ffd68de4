// /api/v1 for registration: sign up (no account needed unless the item says so), the visitor's
// registration behind the signed manage URL (GET to read, DELETE to cancel), and staff endpoints
// (attendee list, CSV export, check-in) with a personal API token.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.ts';
import { API_PREFIX, problemResponses, requireApiUser } from '../../platform/api.ts';
import { AppError, notFound, problem, type FieldErrors } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { registrationMessages, signUpIssueMessages, statusText } from './registrations.messages.ts';
import { registrationPolicy } from './registrations.policy.ts';
import {
  ApiSignUpBody,
  AttendeeList,
  CheckInBody,
  CheckInResult,
  LIMITS,
  OccurrenceParams,
  RegistrationCreated,
  RegistrationProblem,
  RegistrationView,
  TokenParams,
  type ConflictReason,
} from './registrations.schema.ts';
import { attendees, publicOccurrence, recentSignUpsByEmail, seatCounts, staffOccurrence, waitingPosition, type RegistrationRow } from './registrations.queries.ts';
import { acceptOffer, cancelByToken, checkIn, findByToken, signUp, type RegistrationSummary } from './registrations.commands.ts';
import { formatTicketCode } from './registrations.rules.ts';
import { formatMoment, manageApiPath, ticketPath, titleIn, venueIn } from './registrations.format.ts';
import { registrationLimits } from './registrations.config.ts';
import { outcomeMessage } from './registrations.http.ts';
import { attendeeJson, attendeesCsv } from './views/export.ts';

const TAGS = ['Registrations'];

function schemaProblem(request: FastifyRequest): AppError | undefined {
  const err = request.validationError as (Error & { validation?: FastifySchemaValidationError[] }) | undefined;
  if (!err) return undefined;
  const fields: FieldErrors = {};
  for (const v of err.validation ?? []) {
    const params = v.params as Record<string, unknown>;
    const field = v.instancePath.replace(/^\//, '').replace(/\//g, '.') || String(params.missingProperty ?? params.additionalProperty ?? 'body');
    if (!fields[field]) fields[field] = v.keyword === 'additionalProperties' ? 'is not a known property' : (v.message ?? 'is invalid');
  }
  return new AppError('validation_failed', 'The request body does not match the schema', fields);
}

function conflict(reply: FastifyReply, status: 401 | 404 | 409 | 429, reason: ConflictReason | undefined, detail: string): FastifyReply {
  const code = status === 409 ? 'conflict' : status === 401 ? 'unauthorized' : status === 429 ? 'rate_limited' : 'not_found';
  const body = { ...problem(code, detail), ...(reason ? { reason } : {}) };
  return reply.code(status).type('application/problem+json').send(body);
}

export const registrationApiRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (plain, { ctx }) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const base = ctx.config.baseUrl;
  const limits = registrationLimits();
  // 0 turns the per-address limit off (a load test's own processes).
  const ipLimit = { rateLimit: { max: limits.perIpPerMinute > 0 ? limits.perIpPerMinute : 1_000_000_000, timeWindow: '1 minute' } };

  const created = (s: RegistrationSummary, locale: Locale) => ({
    id: s.id,
    status: s.status,
    ...(s.position !== undefined ? { position: s.position } : {}),
    seats: s.seats,
    ticketCode: formatTicketCode(s.ticketCode),
    manageUrl: `${base}${manageApiPath(s.manageToken)}`,
    pageUrl: `${base}${ticketPath(locale, s.manageToken)}`,
  });

  app.post(
    `${API_PREFIX}/occurrences/:id/registrations`,
    {
      attachValidation: true,
      config: ipLimit,
      schema: {
        tags: TAGS,
        summary: 'Sign up for an occurrence',
        description:
          'No token needed unless the programme item requires an account (then send a personal API token). Confirms when the group fits, else puts it on the waiting list when that has room, else refuses with 409. ' +
          'Send an `Idempotency-Key` header to make retries safe: the same key with the same e-mail returns the registration it made (200). ' +
          'The same e-mail again without the key creates nothing: 409 `already_registered`, and the manage link is e-mailed again. Rate-limited per client address and per e-mail address.',
        security: [],
        params: OccurrenceParams,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.idempotencyKey, description: 'A unique key per sign-up attempt, reused on retries' })) }),
        body: ApiSignUpBody,
        response: {
          201: RegistrationCreated,
          200: RegistrationCreated,
          401: RegistrationProblem,
          404: RegistrationProblem,
          409: RegistrationProblem,
          429: RegistrationProblem,
          ...problemResponses(400, 422),
        },
      },
    },
    async (request, reply) => {
      const locale = request.locale;
      const t = registrationMessages(locale);
      const occurrenceId = Number(request.params.id);
      const bad = schemaProblem(request);
      if (bad) throw bad;
      // Whether the occurrence exists and is open is decided under its lock, with the seats.
      const body = request.body;
      if (limits.perEmailPerHour > 0 && (await recentSignUpsByEmail(ctx.db, body.email, 3600)) >= limits.perEmailPerHour) {
        reply.header('retry-after', '3600');
        return conflict(reply, 429, undefined, t.tooManyAttempts);
      }
      const key = request.headers['idempotency-key'];
      const outcome = await signUp(ctx, {
        occurrenceId,
        name: body.name,
        email: body.email,
        seats: body.seats,
        answers: body.answers ?? {},
        idempotencyKey: typeof key === 'string' ? key : undefined,
        locale,
        userId: request.actor.kind === 'user' ? request.actor.id : undefined,
      });
      switch (outcome.outcome) {
        case 'created':
          reply.header('location', manageApiPath(outcome.registration.manageToken));
          return reply.code(201).send(created(outcome.registration, locale));
        case 'existing':
          reply.header('location', manageApiPath(outcome.registration.manageToken));
          return reply.code(200).send(created(outcome.registration, locale));
        case 'invalid': {
          const fields = signUpIssueMessages(outcome.issues, locale);
          const named = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k === 'seats' ? 'seats' : `answers.${k}`, v]));
          throw new AppError('validation_failed', outcome.issues.seats ? t.errSeatsRange((outcome.issues.seats as { max: number }).max) : 'Some answers were not accepted', named);
        }
        case 'not_found':
          return conflict(reply, 404, undefined, t.notFoundOccurrence);
        case 'refused':
          if (outcome.reason === 'account_required') return conflict(reply, 401, 'account_required', t.refusedAccount);
          return conflict(reply, 409, outcome.reason, outcomeMessage(outcome, locale) as string);
        case 'already_registered':
          return conflict(reply, 409, 'already_registered', t.alreadyRegistered);
        case 'idempotency_mismatch':
          return conflict(reply, 409, 'idempotency_mismatch', t.idempotencyMismatch);
      }
    },
  );

  // ---------- the visitor's registration behind the signed manage URL ----------

  const view = async (r: RegistrationRow, locale: Locale) => {
    const occ = await publicOccurrence(ctx.db, r.occurrence_id);
    const position = await waitingPosition(ctx.db, r);
    return {
      id: r.id,
      status: r.status,
      ...(position !== undefined ? { position } : {}),
      seats: r.seats,
      name: r.name,
      ticketCode: formatTicketCode(r.ticket_code),
      ...(r.status === 'offered' && r.offer_expires_at ? { offerExpiresAt: r.offer_expires_at.toISOString() } : {}),
      occurrence: {
        id: r.occurrence_id,
        title: occ ? titleIn(occ, locale) : '',
        startsAt: (occ?.startsAt ?? r.created_at).toISOString(),
        endsAt: (occ?.endsAt ?? r.created_at).toISOString(),
        venue: occ ? venueIn(occ, locale) : '',
      },
    };
  };
  const manageSchema = (summary: string, description: string, extra: Record<number, unknown> = {}) => ({
    tags: TAGS,
    summary,
    description,
    security: [],
    params: TokenParams,
    response: { 200: RegistrationView, 404: RegistrationProblem, ...extra },
  });

  app.get(
    `${API_PREFIX}/registrations/manage/:token`,
    { schema: manageSchema('A registration, by its manage URL', 'The URL from the sign-up answer (`manageUrl`) or the e-mail. No account needed: the signed token is the key.') },
    async (request, reply) => {
      const r = await findByToken(ctx, request.params.token);
      if (!r) return conflict(reply, 404, undefined, registrationMessages(request.locale).invalidLink);
      reply.header('cache-control', 'private, no-store');
      return reply.send(await view(r, request.locale));
    },
  );

  app.delete(
    `${API_PREFIX}/registrations/manage/:token`,
    { schema: manageSchema('Cancel a registration', 'Cancels a confirmed, waiting or offered registration; freed seats are offered to the waiting list. A checked-in or already cancelled registration gives 409.', { 409: RegistrationProblem }) },
    async (request, reply) => {
      const t = registrationMessages(request.locale);
      const r = await cancelByToken(ctx, request.params.token);
      if (r.outcome === 'not_found') return conflict(reply, 404, undefined, t.invalidLink);
      if (r.outcome === 'not_cancellable') return conflict(reply, 409, 'not_cancellable', `${t.notCancellable} (${statusText(t, r.status)})`);
      return reply.send(await view(r.registration, request.locale));
    },
  );

  app.post(
    `${API_PREFIX}/registrations/manage/:token/accept`,
    { schema: manageSchema('Accept an offered seat', 'Only while the offer runs (`offerExpiresAt`); after that 409 and the seat passes to the next person in line.', { 409: RegistrationProblem }) },
    async (request, reply) => {
      const t = registrationMessages(request.locale);
      const r = await acceptOffer(ctx, request.params.token);
      if (r.outcome === 'not_found') return conflict(reply, 404, undefined, t.invalidLink);
      if (r.outcome === 'expired') return conflict(reply, 409, 'not_cancellable', t.offerExpired);
      if (r.outcome === 'not_offered') return conflict(reply, 409, 'not_cancellable', t.notOffered);
      return reply.send(await view(r.registration, request.locale));
    },
  );

  // ---------- staff ----------

  const staffGuard = async (request: FastifyRequest, occurrenceId: number, action: 'list' | 'export') => {
    const actor = requireApiUser(request);
    const occ = await staffOccurrence(ctx.db, occurrenceId);
    if (!occ || !occ.settings) throw notFound('No occurrence with registration');
    registrationPolicy.authorize(actor, action, { organisationIds: occ.organisationIds });
    return { actor, occ };
  };

  app.get(
    `${API_PREFIX}/occurrences/:id/registrations`,
    {
      schema: {
        tags: TAGS,
        summary: 'Attendees of an occurrence (staff)',
        description: "Needs a personal API token of the programme team or of the organiser organisations' members. Confirmed first, then offers, the waiting list in order, cancelled last.",
        security: [{ bearer: [] }],
        params: OccurrenceParams,
        response: { 200: AttendeeList, ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const occurrenceId = Number(request.params.id);
      await staffGuard(request, occurrenceId, 'list');
      const [rows, counts] = await Promise.all([attendees(ctx.db, occurrenceId), seatCounts(ctx.db, [occurrenceId])]);
      reply.header('cache-control', 'private, no-store');
      return reply.send({ occurrenceId, counts: counts.get(occurrenceId)!, items: rows.map(attendeeJson) });
    },
  );

  app.get(
    `${API_PREFIX}/occurrences/:id/registrations.csv`,
    {
      schema: {
        tags: TAGS,
        summary: 'Attendees of an occurrence as CSV (staff)',
        description: "Needs a personal API token of the programme team or of an organiser organisation's editor. UTF-8 with a byte order mark; `?lang=en` for English headings.",
        security: [{ bearer: [] }],
        params: OccurrenceParams,
        querystring: Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('sv'), Type.Literal('en')])) }),
        response: { 200: Type.String({ description: 'text/csv' }), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const occurrenceId = Number(request.params.id);
      await staffGuard(request, occurrenceId, 'export');
      const locale = request.query.lang ?? 'sv';
      const occ = await publicOccurrence(ctx.db, occurrenceId);
      const rows = await attendees(ctx.db, occurrenceId);
      reply.header('cache-control', 'private, no-store');
      reply.header('content-disposition', `attachment; filename="${registrationMessages(locale).csvFilename}-${occurrenceId}.csv"`);
      return reply.type('text/csv; charset=utf-8').send(attendeesCsv(locale, rows, occ?.settings.questions ?? []));
    },
  );

  app.post(
    `${API_PREFIX}/occurrences/:id/check-ins`,
    {
      attachValidation: true,
      schema: {
        tags: TAGS,
        summary: 'Check a ticket in (staff)',
        description: 'A ticket checks in once: 200 the first time, 409 with when it was used the next times. Also 409 for a ticket that is not valid (cancelled, waiting, another occurrence, unknown code).',
        security: [{ bearer: [] }],
        params: OccurrenceParams,
        body: CheckInBody,
        response: { 200: CheckInResult, 409: CheckInResult, ...problemResponses(401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = requireApiUser(request);
      const bad = schemaProblem(request);
      if (bad) throw bad;
      const locale = request.locale;
      const t = registrationMessages(locale);
      const occurrenceId = Number(request.params.id);
      const occ = await staffOccurrence(ctx.db, occurrenceId);
      if (!occ || !occ.settings) throw notFound('No occurrence with registration');
      const r = await checkIn(ctx, actor, occurrenceId, request.body.code);
      if (r.outcome === 'not_found') throw notFound();
      const rowJson = async (id: number) => {
        const row = (await attendees(ctx.db, occurrenceId)).find((a) => a.id === id);
        return row ? attendeeJson(row) : undefined;
      };
      switch (r.outcome) {
        case 'checked_in':
          return reply.code(200).send({ outcome: 'checked_in', registration: await rowJson(r.registration.id), message: t.checkedInOk(r.registration.name, r.registration.seats) });
        case 'already_checked_in':
          return reply.code(409).send({
            outcome: 'already_checked_in',
            registration: await rowJson(r.registration.id),
            message: t.checkInAlready(formatMoment(r.registration.checked_in_at as Date, locale), r.checkedInByName ?? ''),
          });
        case 'not_confirmed':
          return reply.code(409).send({ outcome: 'not_valid', registration: await rowJson(r.registration.id), message: t.checkInNotConfirmed(statusText(t, r.registration.status)) });
        case 'other_occurrence':
          return reply.code(409).send({ outcome: 'not_valid', message: t.checkInOther });
        case 'unknown':
          return reply.code(409).send({ outcome: 'not_valid', message: t.checkInUnknown });
      }
    },
  );
};
