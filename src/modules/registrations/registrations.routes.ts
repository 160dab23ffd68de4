// Public pages of registration: /program/anmalan/:occurrenceId (sign up) and the visitor's ticket
// page behind the signed link (/program/anmalan/biljett/:token), in Swedish and English. Thin:
// parse, call a command, redirect or re-render in the visitor's language.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { parseForm, rawString } from '../../platform/forms.ts';
import { notFound, type FieldErrors } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { randomToken } from '../../platform/auth/tokens.ts';
import { lp } from '../../platform/layout.ts';
import { idParam } from '../../platform/http.ts';
import { registrationMessages } from './registrations.messages.ts';
import { signUpIssueMessages } from './registrations.messages.ts';
import { SignUpForm, QUESTION_IDS } from './registrations.schema.ts';
import { publicOccurrence, recentSignUpsByEmail, seatCounts, waitingPosition, type PublicOccurrence } from './registrations.queries.ts';
import { acceptOffer, cancelByToken, findByToken, signUp } from './registrations.commands.ts';
import { ticketIcs, ticketQrDataUrl } from './registrations.mail.ts';
import { maxSeats, windowState } from './registrations.rules.ts';
import { signUpPath, ticketPath, titleIn } from './registrations.format.ts';
import { registrationLimits } from './registrations.config.ts';
import { signUpPolicy } from './registrations.policy.ts';
import { invalidLinkView, signUpView, ticketView } from './views/public.ts';
import { registrationApiRoutes } from './registrations.api.routes.ts';
import { registrationAdminRoutes } from './registrations.admin.routes.ts';
import { outcomeMessage } from './registrations.http.ts';

const LOCALES: Locale[] = ['sv', 'en'];
const SIGN_IN = { sv: '/logga-in', en: '/en/sign-in' };

export const registrationRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const limits = registrationLimits();
  // 0 turns the per-address limit off (a load test's own processes).
  const ipLimit = { rateLimit: { max: limits.perIpPerMinute > 0 ? limits.perIpPerMinute : 1_000_000_000, timeWindow: '1 minute' } };

  for (const locale of LOCALES) {
    const t = registrationMessages(locale);
    const signUpRoute = lp(locale, '/program/anmalan/:id', '/program/register/:id');
    const ticketRoute = lp(locale, '/program/anmalan/biljett/:token', '/program/register/ticket/:token');
    const cancelSuffix = locale === 'sv' ? 'avboka' : 'cancel';
    const answerSuffix = locale === 'sv' ? 'svara' : 'answer';
    const icsSuffix = locale === 'sv' ? 'kalender.ics' : 'calendar.ics';

    const renderSignUp = async (
      request: FastifyRequest,
      reply: FastifyReply,
      occ: PublicOccurrence,
      opts: { values?: Record<string, string | undefined>; errors?: FieldErrors; message?: { kind: 'warning' | 'info'; text: string }; status?: number } = {},
    ) => {
      const counts = (await seatCounts(ctx.db, [occ.occurrenceId])).get(occ.occurrenceId)!;
      const s = occ.settings;
      const w = windowState({ enabled: s.enabled, opens_at: s.opens_at, closes_at: s.closes_at, starts_at: occ.startsAt, cancelled: occ.cancelled }, new Date());
      const actor = request.actor;
      const here = signUpPath(locale, occ.occurrenceId);
      reply.header('cache-control', 'private, no-store');
      return reply.page(
        {
          title: t.signUpTitle(titleIn(occ, locale)),
          alternate: { sv: signUpPath('sv', occ.occurrenceId), en: signUpPath('en', occ.occurrenceId) },
          styles: ['/assets/registrations.css'],
          body: signUpView({
            locale,
            occ,
            counts,
            window: w,
            csrf: request.csrfToken(),
            action: here,
            idem: rawString(opts.values, 'idem') ?? randomToken(18),
            values: opts.values,
            errors: opts.errors,
            message: opts.message,
            signInHref: signUpPolicy.can(actor, 'signUp', { accountRequired: s.account_required }) ? undefined : `${SIGN_IN[locale]}?next=${encodeURIComponent(here)}`,
            account: actor.kind === 'user' ? { name: actor.name, email: actor.email } : undefined,
          }),
        },
        opts.status ?? 200,
      );
    };

    app.get(signUpRoute, async (request, reply) => {
      const occ = await publicOccurrence(ctx.db, idParam(request));
      if (!occ) throw notFound();
      return renderSignUp(request, reply, occ);
    });

    app.post(signUpRoute, { config: ipLimit }, async (request, reply) => {
      const occ = await publicOccurrence(ctx.db, idParam(request));
      if (!occ) throw notFound();
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = Object.fromEntries(['name', 'email', 'seats', 'idem', ...QUESTION_IDS].map((k) => [k, rawString(body, k)]));
      const form = parseForm(SignUpForm, body, locale);
      // The seat range is checked here too, so one answer lists every problem of the form.
      const limit = maxSeats(occ.settings.max_group_size, occ.settings.capacity);
      const seatsRaw = (values.seats ?? '').trim();
      const seatsOk = /^\d{1,3}$/.test(seatsRaw) && Number(seatsRaw) >= 1 && Number(seatsRaw) <= limit;
      if (!form.ok || !seatsOk) {
        const errors: FieldErrors = form.ok ? {} : { ...form.errors };
        if (!seatsOk) errors.seats = t.errSeatsRange(limit);
        return renderSignUp(request, reply, occ, { values, errors, status: 422 });
      }
      const v = form.value;
      if (limits.perEmailPerHour > 0 && (await recentSignUpsByEmail(ctx.db, v.email, 3600)) >= limits.perEmailPerHour) {
        return renderSignUp(request, reply, occ, { values, message: { kind: 'warning', text: t.tooManyAttempts }, status: 429 });
      }
      const actor = request.actor;
      const idem = v.idem && /^[A-Za-z0-9_-]{16,100}$/.test(v.idem) ? v.idem : undefined;
      const outcome = await signUp(ctx, {
        occurrenceId: occ.occurrenceId,
        name: v.name,
        email: v.email,
        seats: v.seats,
        answers: { q1: v.q1, q2: v.q2, q3: v.q3, q4: v.q4, q5: v.q5 },
        idempotencyKey: idem,
        locale,
        userId: actor.kind === 'user' ? actor.id : undefined,
      });
      if (outcome.outcome === 'created' || outcome.outcome === 'existing') {
        return reply.redirect(`${ticketPath(locale, outcome.registration.manageToken)}?done=new`, 303);
      }
      if (outcome.outcome === 'invalid') return renderSignUp(request, reply, occ, { values, errors: signUpIssueMessages(outcome.issues, locale), status: 422 });
      if (outcome.outcome === 'not_found') throw notFound();
      const message = outcomeMessage(outcome, locale) as string;
      // A repeated sign-up gets a fresh form key, so correcting the details is a new request.
      const fresh = outcome.outcome === 'idempotency_mismatch' ? { ...values, idem: undefined } : values;
      return renderSignUp(request, reply, occ, { values: fresh, message: { kind: outcome.outcome === 'already_registered' ? 'info' : 'warning', text: message }, status: 409 });
    });

    // ---------- the ticket page behind the signed link ----------

    const invalidLink = (reply: FastifyReply) => {
      reply.header('cache-control', 'private, no-store');
      return reply.page({ title: t.invalidLinkTitle, body: invalidLinkView(locale) }, 404);
    };

    app.get(ticketRoute, async (request, reply) => {
      const { token } = request.params as { token: string };
      const reg = await findByToken(ctx, token);
      if (!reg) return invalidLink(reply);
      const occ = await publicOccurrence(ctx.db, reg.occurrence_id);
      const done = (request.query as Record<string, unknown>).done;
      const notices: { kind: 'success' | 'info' | 'warning'; text: string }[] = [];
      if (done === 'new') {
        if (reg.status === 'confirmed') notices.push({ kind: 'success', text: t.newConfirmed });
        if (reg.status === 'waitlisted') notices.push({ kind: 'info', text: t.newWaitlisted });
      }
      if (done === 'cancelled') notices.push({ kind: 'success', text: t.cancelledNotice });
      if (done === 'accepted') notices.push({ kind: 'success', text: t.acceptedNotice });
      if (done === 'expired') notices.push({ kind: 'warning', text: t.offerExpired });
      if (done === 'not_offered') notices.push({ kind: 'warning', text: t.notOffered });
      if (done === 'not_cancellable') notices.push({ kind: 'warning', text: t.notCancellable });
      const valid = reg.status === 'confirmed' || reg.status === 'checked_in';
      const path = ticketPath(locale, token);
      reply.header('cache-control', 'private, no-store');
      return reply.page({
        title: t.ticketTitle,
        alternate: { sv: ticketPath('sv', token), en: ticketPath('en', token) },
        styles: ['/assets/registrations.css'],
        body: ticketView({
          locale,
          occ,
          reg,
          position: await waitingPosition(ctx.db, reg),
          qrDataUrl: valid && !reg.erased_at ? await ticketQrDataUrl(ctx, reg.occurrence_id, reg.ticket_code) : undefined,
          csrf: request.csrfToken(),
          cancelAction: `${path}/${cancelSuffix}`,
          answerAction: `${path}/${answerSuffix}`,
          icsHref: `${path}/${icsSuffix}`,
          notices,
        }),
      });
    });

    app.get(`${ticketRoute}/${icsSuffix}`, async (request, reply) => {
      const { token } = request.params as { token: string };
      const reg = await findByToken(ctx, token);
      if (!reg || reg.status === 'cancelled') return invalidLink(reply);
      const occ = await publicOccurrence(ctx.db, reg.occurrence_id);
      if (!occ) return invalidLink(reply);
      reply.header('cache-control', 'private, no-store');
      reply.header('content-disposition', 'attachment; filename="h22.ics"');
      return reply.type('text/calendar; charset=utf-8').send(ticketIcs(ctx, occ, { id: reg.id, ticket_code: reg.ticket_code, locale }));
    });

    app.post(`${ticketRoute}/${cancelSuffix}`, async (request, reply) => {
      const { token } = request.params as { token: string };
      const r = await cancelByToken(ctx, token);
      if (r.outcome === 'not_found') return invalidLink(reply);
      return reply.redirect(`${ticketPath(locale, token)}?done=${r.outcome === 'cancelled' ? 'cancelled' : 'not_cancellable'}`, 303);
    });

    app.post(`${ticketRoute}/${answerSuffix}`, async (request, reply) => {
      const { token } = request.params as { token: string };
      const answer = rawString(request.body as Record<string, unknown>, 'answer');
      if (answer === 'decline') {
        const reg = await findByToken(ctx, token);
        if (!reg) return invalidLink(reply);
        if (reg.status !== 'offered') return reply.redirect(`${ticketPath(locale, token)}?done=not_offered`, 303);
        const r = await cancelByToken(ctx, token);
        if (r.outcome === 'not_found') return invalidLink(reply);
        return reply.redirect(`${ticketPath(locale, token)}?done=${r.outcome === 'cancelled' ? 'cancelled' : 'not_offered'}`, 303);
      }
      const r = await acceptOffer(ctx, token);
      if (r.outcome === 'not_found') return invalidLink(reply);
      const done = r.outcome === 'confirmed' ? 'accepted' : r.outcome === 'expired' ? 'expired' : 'not_offered';
      return reply.redirect(`${ticketPath(locale, token)}?done=${done}`, 303);
    });
  }

  await app.register(registrationApiRoutes, { ctx });
  await app.register(registrationAdminRoutes, { ctx });
};
