// Signing in and out, sign-up, mailed one-time links, password reset, e-mail verification and staff
// sign-in by OpenID Connect. Thin: parse, call a command or query, render.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { parseForm, rawString } from '../../platform/forms.ts';
import { verifyPassword } from '../../platform/auth/password.ts';
import { createSession, destroySession, SESSION_COOKIE, sessionCookieOptions } from '../../platform/auth/sessions.ts';
import { safeNext } from '../../platform/http.ts';
import { homePath, lp } from '../../platform/layout.ts';
import { platformMessages } from '../../platform/i18n/messages.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { HtmlValue } from '../../platform/html.ts';
import { SignInForm } from './accounts.schema.ts';
import { EmailForm, OidcStartForm, ResetPasswordForm, SignUpForm } from './accounts.auth.schema.ts';
import { findUserByEmail } from './accounts.queries.ts';
import { checkAuthToken, passwordSignInAllowed } from './accounts.auth.queries.ts';
import {
  clearPasswordFailures,
  consumeSignInLink,
  oidcSignIn,
  recordAttempt,
  requestLink,
  resetPassword,
  signUp,
  verifyEmail,
  type ConsumeOutcome,
} from './accounts.auth.commands.ts';
import { finishOidc, OIDC_ATTEMPT_SECONDS, OIDC_COOKIE, OIDC_COOKIE_PATH, readAttempt, startOidc } from './accounts.oidc.ts';
import { accountsMessages } from './accounts.messages.ts';
import { authMessages } from './accounts.auth.messages.ts';
import { OIDC_CALLBACK, OIDC_START, PATHS, withToken, type Paths } from './accounts.paths.ts';
import { accountPageRoutes } from './accounts.account.routes.ts';
import { signInView } from './views/sign-in.ts';
import { emailRequestView, messageView, resetPasswordView, signInLinkView, signUpView } from './views/auth-forms.ts';

const LOCALES: Locale[] = ['sv', 'en'];
type Body = Record<string, unknown>;

export const accountsRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  // One limiter per purpose, shared by the Swedish and English route, keyed by client IP.
  const limits = {
    signIn: app.rateLimit({ max: 30, timeWindow: '1 minute' }),
    signUp: app.rateLimit({ max: 20, timeWindow: '10 minutes' }),
    linkRequest: app.rateLimit({ max: 20, timeWindow: '10 minutes' }),
    linkUse: app.rateLimit({ max: 60, timeWindow: '1 minute' }),
    oidc: app.rateLimit({ max: 30, timeWindow: '1 minute' }),
  };

  /** A new server-side session and its cookie (the only place the cookie is set). */
  const startSession = async (request: FastifyRequest, reply: FastifyReply, userId: number, via: string) => {
    const previous = request.cookies[SESSION_COOKIE];
    if (previous) await destroySession(ctx.db, previous);
    const token = await createSession(ctx.db, userId, via, request.headers['user-agent']);
    reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(ctx.config.secureCookies));
  };

  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'private, no-store');

  /** A page with one message; `alternate` defaults to the sign-in page (token paths are single use). */
  const messagePage = (reply: FastifyReply, title: string, message: HtmlValue, status: number, link?: { href: string; label: string }, alternate: Paths = PATHS.signIn) =>
    noStore(reply).page({ title, alternate, body: messageView(message, link) }, status);

  /** 429 with the reason in the visitor's language. */
  const tooMany = (reply: FastifyReply, locale: Locale, message: string, retryAfterSeconds: number) => {
    reply.header('retry-after', String(retryAfterSeconds));
    return messagePage(reply, platformMessages(locale).tooManyTitle, message, 429, { href: homePath(locale), label: platformMessages(locale).goHome });
  };

  const linkProblem = (reply: FastifyReply, locale: Locale, outcome: Exclude<ConsumeOutcome['outcome'], 'ok'>, again: { href: string; label: string }) => {
    const a = authMessages(locale);
    const msg = outcome === 'expired' ? a.linkExpired : outcome === 'used' ? a.linkUsed : a.linkInvalid;
    return messagePage(reply, a.linkProblemTitle, msg, outcome === 'invalid' ? 404 : 410, again);
  };

  const withNext = (p: Paths, next: string): Paths => ({ sv: `${p.sv}?next=${encodeURIComponent(next)}`, en: `${p.en}?next=${encodeURIComponent(next)}` });

  for (const locale of LOCALES) {
    const t = accountsMessages(locale);
    const a = authMessages(locale);
    const oidcLabel = ctx.config.oidc?.label;

    // ---------- sign-in with password ----------
    const signInPath = PATHS.signIn[locale];
    const renderSignIn = (request: FastifyRequest, reply: FastifyReply, status: number, o: { email?: string; next?: string; errors?: Record<string, string>; formError?: string; info?: string } = {}) =>
      noStore(reply).page(
        {
          title: t.signInTitle,
          // Switching language keeps where the visitor was going (the same page; paths differ per language).
          alternate: o.next && safeNext(o.next, '') ? withNext(PATHS.signIn, o.next) : PATHS.signIn,
          body: signInView({ locale, csrf: request.csrfToken(), action: signInPath, oidcLabel, ...o }),
        },
        status,
      );

    app.get(signInPath, async (request, reply) => {
      const q = request.query as Record<string, unknown>;
      return renderSignIn(request, reply, 200, {
        ...(typeof q.next === 'string' ? { next: q.next.slice(0, 500) } : {}),
        ...(q.signed_out === 'all' ? { info: a.signedOutEverywhere } : {}),
      });
    });

    app.post(signInPath, { onRequest: limits.signIn }, async (request, reply) => {
      const body = request.body as Body;
      const form = parseForm(SignInForm, body, locale);
      const typed = { email: rawString(body, 'email') ?? '', next: rawString(body, 'next') ?? '' };
      if (!form.ok) return renderSignIn(request, reply, 400, { ...typed, errors: form.errors });
      if (!(await passwordSignInAllowed(ctx.db, form.value.email))) {
        return tooMany(reply, locale, a.tooManyForAddress, 15 * 60);
      }
      const user = await findUserByEmail(ctx.db, form.value.email);
      const ok = await verifyPassword(user && !user.disabled_at ? user.password_hash : null, form.value.password);
      if (!user || !ok) {
        await recordAttempt(ctx.db, form.value.email, 'password');
        return renderSignIn(request, reply, 401, { ...typed, formError: t.badCredentials });
      }
      await clearPasswordFailures(ctx.db, form.value.email);
      await startSession(request, reply, user.id, 'password');
      return reply.redirect(safeNext(form.value.next, lp(locale, '/')), 303);
    });

    // ---------- sign-up ----------
    const signUpPath = PATHS.signUp[locale];
    app.get(signUpPath, async (request, reply) => {
      const next = (request.query as Record<string, unknown>).next;
      return noStore(reply).page({
        title: a.signUpTitle,
        alternate: PATHS.signUp,
        body: signUpView({ locale, csrf: request.csrfToken(), action: signUpPath, next: typeof next === 'string' ? next.slice(0, 500) : undefined }),
      });
    });

    app.post(signUpPath, { onRequest: limits.signUp }, async (request, reply) => {
      const body = request.body as Body;
      const form = parseForm(SignUpForm, body, locale);
      const render = (errors: Record<string, string>, status: number) =>
        noStore(reply).page(
          {
            title: a.signUpTitle,
            alternate: PATHS.signUp,
            body: signUpView({ locale, csrf: request.csrfToken(), action: signUpPath, next: rawString(body, 'next'), values: { name: rawString(body, 'name'), email: rawString(body, 'email') }, errors }),
          },
          status,
        );
      if (!form.ok) return render(form.errors, 400);
      const r = await signUp(ctx, { ...form.value, locale });
      // Sign-up tells that an address is taken (the person must know to sign in instead); the per-IP limit keeps this slow.
      if (r.outcome === 'email_taken') return render({ email: a.emailTaken }, 409);
      await startSession(request, reply, r.userId, 'password');
      const next = rawString(body, 'next');
      return reply.redirect(next ? safeNext(next, PATHS.account[locale]) : `${PATHS.account[locale]}?done=welcome`, 303);
    });

    // ---------- sign-in link by e-mail and password reset: request forms ----------
    for (const kind of ['magic_link', 'password_reset'] as const) {
      const paths = kind === 'magic_link' ? PATHS.signInLink : PATHS.forgotPassword;
      const path = paths[locale];
      const title = kind === 'magic_link' ? a.linkTitle : a.forgotTitle;
      const render = (request: FastifyRequest, reply: FastifyReply, status: number, email?: string, errors?: Record<string, string>) =>
        noStore(reply).page(
          {
            title,
            alternate: paths,
            body: emailRequestView({
              locale,
              csrf: request.csrfToken(),
              action: path,
              intro: kind === 'magic_link' ? a.linkIntro : a.forgotIntro,
              button: a.sendLinkButton,
              values: { email },
              errors,
            }),
          },
          status,
        );
      app.get(path, async (request, reply) => render(request, reply, 200));
      app.post(path, { onRequest: limits.linkRequest }, async (request, reply) => {
        const body = request.body as Body;
        const form = parseForm(EmailForm, body, locale);
        if (!form.ok) return render(request, reply, 400, rawString(body, 'email'), form.errors);
        const r = await requestLink(ctx, kind, form.value.email, locale);
        if (r.outcome === 'rate_limited') return tooMany(reply, locale, a.tooManyLinks, 3600);
        // The same answer whether or not there is an account.
        const email = form.value.email.toLowerCase();
        return messagePage(reply, a.checkMailTitle, kind === 'magic_link' ? a.linkSent(email) : a.resetSent(email), 200, undefined, paths);
      });
    }

    // ---------- using the links ----------
    // A sign-in link's GET only checks the token and shows one button; the button's POST uses it. Mail
    // scanners open every link in a mail, and would otherwise use the link up before the person clicks.
    const linkPath = PATHS.signInLink[locale];
    const linkAgain = { href: linkPath, label: a.requestNewLink };

    app.get(`${linkPath}/:token`, { onRequest: limits.linkUse }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const r = await checkAuthToken(ctx.db, token, 'magic_link');
      if (!r.ok) return linkProblem(reply, locale, r.problem, linkAgain);
      return noStore(reply).page({
        title: a.linkConfirmTitle,
        alternate: withToken(PATHS.signInLink, token),
        body: signInLinkView({ locale, csrf: request.csrfToken(), action: `${linkPath}/${token}`, email: r.email }),
      });
    });

    app.post(`${linkPath}/:token`, { onRequest: limits.linkUse }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const r = await consumeSignInLink(ctx.db, token);
      if (r.outcome !== 'ok') return linkProblem(reply, locale, r.outcome, linkAgain);
      await startSession(request, reply, r.userId, 'link');
      return reply.redirect(homePath(locale), 303);
    });

    const resetPath = PATHS.resetPassword[locale];
    const renderReset = (request: FastifyRequest, reply: FastifyReply, token: string, status: number, errors?: Record<string, string>) =>
      noStore(reply).page(
        {
          title: a.resetTitle,
          alternate: withToken(PATHS.resetPassword, token),
          body: resetPasswordView({ locale, csrf: request.csrfToken(), action: `${resetPath}/${token}`, errors }),
        },
        status,
      );
    const resetAgain = { href: PATHS.forgotPassword[locale], label: a.requestNewReset };

    app.get(`${resetPath}/:token`, { onRequest: limits.linkUse }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const r = await checkAuthToken(ctx.db, token, 'password_reset');
      if (!r.ok) return linkProblem(reply, locale, r.problem, resetAgain);
      return renderReset(request, reply, token, 200);
    });

    app.post(`${resetPath}/:token`, { onRequest: limits.linkUse }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const form = parseForm(ResetPasswordForm, request.body, locale);
      if (!form.ok) {
        const r = await checkAuthToken(ctx.db, token, 'password_reset');
        if (!r.ok) return linkProblem(reply, locale, r.problem, resetAgain);
        return renderReset(request, reply, token, 400, form.errors);
      }
      const r = await resetPassword(ctx.db, token, form.value.password);
      if (r.outcome !== 'ok') return linkProblem(reply, locale, r.outcome, resetAgain);
      await startSession(request, reply, r.userId, 'password_reset');
      return reply.redirect(`${PATHS.account[locale]}?done=password_reset`, 303);
    });

    app.get(`${PATHS.verifyEmail[locale]}/:token`, { onRequest: limits.linkUse }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const r = await verifyEmail(ctx.db, token);
      const signedIn = request.actor.kind === 'user';
      const onward = signedIn ? { href: PATHS.account[locale], label: a.toAccount } : { href: PATHS.signIn[locale], label: a.toSignIn };
      if (r.outcome === 'already_verified') return messagePage(reply, a.verifyTitle, a.alreadyVerified, 200, onward);
      if (r.outcome !== 'ok') {
        const msg = r.outcome === 'expired' ? a.linkExpired : r.outcome === 'used' ? a.linkUsed : a.linkInvalid;
        return messagePage(reply, a.linkProblemTitle, [msg, ' ', signedIn ? '' : a.requestNewVerification], r.outcome === 'invalid' ? 404 : 410, onward);
      }
      return messagePage(reply, a.verifyTitle, a.verified, 200, onward);
    });
  }

  // ---------- sign-out ----------
  app.post('/logout', async (request, reply) => {
    const sid = request.cookies[SESSION_COOKIE];
    if (sid) await destroySession(ctx.db, sid);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect(homePath(request.locale), 303);
  });

  // ---------- staff sign-in by OpenID Connect ----------
  const oidcFailed = (reply: FastifyReply, locale: Locale, message: string, status: number) => {
    const a = authMessages(locale);
    return messagePage(reply, a.oidcFailedTitle, message, status, { href: PATHS.signIn[locale], label: a.tryAgain });
  };

  app.post(OIDC_START, { onRequest: limits.oidc }, async (request, reply) => {
    const form = parseForm(OidcStartForm, request.body, 'sv');
    const locale: Locale = form.ok && form.value.lang === 'en' ? 'en' : 'sv';
    request.locale = locale;
    const a = authMessages(locale);
    const cfg = ctx.config.oidc;
    if (!cfg) return oidcFailed(reply, locale, a.oidcNotConfigured, 404);
    const next = safeNext(form.ok ? form.value.next : undefined, homePath(locale));
    let start: { url: string; cookie: string };
    try {
      start = await startOidc(cfg, ctx.secret, ctx.config.baseUrl, { next, locale });
    } catch (e) {
      ctx.log(`OIDC discovery failed: ${(e as Error).message}`);
      return oidcFailed(reply, locale, a.oidcUnavailable, 502);
    }
    reply.setCookie(OIDC_COOKIE, start.cookie, { path: OIDC_COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: ctx.config.secureCookies, maxAge: OIDC_ATTEMPT_SECONDS });
    return noStore(reply).redirect(start.url, 303);
  });

  app.get(OIDC_CALLBACK, { onRequest: limits.oidc }, async (request, reply) => {
    const attempt = readAttempt(ctx.secret, request.cookies[OIDC_COOKIE]);
    reply.clearCookie(OIDC_COOKIE, { path: OIDC_COOKIE_PATH });
    const cfg = ctx.config.oidc;
    if (!attempt) return oidcFailed(reply, request.locale, authMessages(request.locale).oidcStateError, 400);
    const locale = attempt.locale;
    request.locale = locale;
    const a = authMessages(locale);
    if (!cfg) return oidcFailed(reply, locale, a.oidcNotConfigured, 404);
    const result = await finishOidc(cfg, attempt, new URL(request.url, ctx.config.baseUrl), ctx.log);
    if (!result.ok) {
      if (result.reason === 'idp_error') return oidcFailed(reply, locale, a.oidcIdpError(result.code), 400);
      if (result.reason === 'unavailable') return oidcFailed(reply, locale, a.oidcUnavailable, 502);
      return oidcFailed(reply, locale, a.oidcStateError, 400);
    }
    const r = await oidcSignIn(ctx.db, result.identity, locale);
    if (r.outcome === 'no_email') return oidcFailed(reply, locale, a.oidcNoEmail, 400);
    if (r.outcome === 'conflict') return oidcFailed(reply, locale, a.oidcConflict, 409);
    if (r.outcome === 'email_unverified') return oidcFailed(reply, locale, a.oidcUnverified, 409);
    if (r.outcome === 'disabled') return oidcFailed(reply, locale, a.oidcDisabled, 403);
    await startSession(request, reply, r.userId, 'oidc');
    return reply.redirect(safeNext(attempt.next, homePath(locale)), 303);
  });

  await app.register(accountPageRoutes, { ctx });
};
