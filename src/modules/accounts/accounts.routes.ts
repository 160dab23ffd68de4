// Sign-in and sign-out. Thin: parse, call a command or query, render.
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { parseForm, rawString } from '../../platform/forms.ts';
import { verifyPassword } from '../../platform/auth/password.ts';
import { createSession, destroySession, SESSION_COOKIE, SESSION_DAYS } from '../../platform/auth/sessions.ts';
import { safeNext } from '../../platform/http.ts';
import { lp } from '../../platform/layout.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { SignInForm } from './accounts.schema.ts';
import { findUserByEmail } from './accounts.queries.ts';
import { accountsMessages } from './accounts.messages.ts';
import { signInView } from './views/sign-in.ts';

const signInPaths = { sv: '/logga-in', en: '/en/sign-in' };

export const accountsRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  for (const locale of ['sv', 'en'] as Locale[]) {
    const path = signInPaths[locale];
    app.get(path, async (request, reply) => {
      const t = accountsMessages(locale);
      const next = (request.query as Record<string, unknown>).next;
      return reply.page({
        title: t.signInTitle,
        alternate: signInPaths,
        body: signInView({ locale, csrf: request.csrfToken(), action: path, next: typeof next === 'string' ? next : undefined }),
      });
    });

    app.post(path, { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
      const t = accountsMessages(locale);
      const form = parseForm(SignInForm, request.body, locale);
      const render = (status: number, errors?: Record<string, string>, formError?: string) =>
        reply.page(
          {
            title: t.signInTitle,
            alternate: signInPaths,
            body: signInView({
              locale,
              csrf: request.csrfToken(),
              action: path,
              email: rawString(request.body as Record<string, unknown>, 'email'),
              next: rawString(request.body as Record<string, unknown>, 'next'),
              errors,
              formError,
            }),
          },
          status,
        );
      if (!form.ok) return render(400, form.errors);
      const user = await findUserByEmail(ctx.db, form.value.email);
      const ok = await verifyPassword(user && !user.disabled_at ? user.password_hash : null, form.value.password);
      if (!user || !ok) return render(401, undefined, t.badCredentials);
      const token = await createSession(ctx.db, user.id, 'password', request.headers['user-agent']);
      reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.config.secureCookies, maxAge: SESSION_DAYS * 86400 });
      return reply.redirect(safeNext(form.value.next, lp(locale, '/')), 303);
    });
  }

  app.post('/logout', async (request, reply) => {
    const sid = request.cookies[SESSION_COOKIE];
    if (sid) await destroySession(ctx.db, sid);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect(request.locale === 'en' ? '/en/' : '/', 303);
  });
};
