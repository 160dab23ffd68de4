// The signed-in person's own account page (/konto, /en/account) and GET /api/v1/me.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { parseForm, rawString } from '../../platform/forms.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { problemResponses, API_PREFIX } from '../../platform/api.ts';
import { SESSION_COOKIE } from '../../platform/auth/sessions.ts';
import type { UserActor } from '../../platform/auth/actor.ts';
import { platformMessages } from '../../platform/i18n/messages.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { ApiTokenForm, ChangePasswordForm, MeResponse, ProfileForm } from './accounts.auth.schema.ts';
import { countSessions, getAccount, getMe, listApiTokens } from './accounts.auth.queries.ts';
import { changePassword, resendVerification, revokeApiToken, signOutEverywhere, updateProfile } from './accounts.auth.commands.ts';
import { createApiToken } from './accounts.commands.ts';
import { authMessages } from './accounts.auth.messages.ts';
import { PATHS, revokeTokenPath } from './accounts.paths.ts';
import { accountView, type AccountViewProps } from './views/account.ts';

const LOCALES: Locale[] = ['sv', 'en'];
type Body = Record<string, unknown>;

/** The account page is for signed-in people only; others are sent to sign in (GET) or refused. */
function accountHolder(request: FastifyRequest): UserActor {
  const a = request.actor;
  if (a.kind !== 'user') throw new AppError('unauthorized', 'Sign in first');
  return a;
}

export const accountPageRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  for (const locale of LOCALES) {
    const a = authMessages(locale);
    const accountPath = PATHS.account[locale];

    const render = async (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      extra: Pick<AccountViewProps, 'info' | 'newToken' | 'failed'> = {},
    ) => {
      const actor = accountHolder(request);
      const [user, tokens, sessions] = await Promise.all([getAccount(ctx.db, actor.id), listApiTokens(ctx.db, actor.id), countSessions(ctx.db, actor.id)]);
      if (!user) throw notFound();
      reply.header('cache-control', 'private, no-store');
      return reply.page(
        {
          title: a.accountTitle,
          alternate: PATHS.account,
          body: accountView({
            locale,
            csrf: request.csrfToken(),
            user: { name: user.name, email: user.email, locale: user.locale, emailVerifiedAt: user.email_verified_at, hasPassword: !!user.has_password },
            tokens: tokens.map((k) => ({ id: k.id, name: k.name, prefix: k.prefix, createdAt: new Date(k.created_at), lastUsedAt: k.last_used_at, revokedAt: k.revoked_at })),
            sessions,
            ...extra,
          }),
        },
        status,
      );
    };

    app.get(accountPath, async (request, reply) => {
      const actor = accountHolder(request);
      const done = (request.query as Record<string, unknown>).done;
      const info: Record<string, string> = {
        welcome: a.signedUp(actor.email),
        profile: a.profileSaved,
        password: a.passwordChanged,
        password_reset: a.passwordResetDone,
        verification: a.verificationSent(actor.email),
        verified: a.alreadyVerified,
        revoked: a.tokenRevoked,
      };
      return render(request, reply, 200, typeof done === 'string' && info[done] ? { info: info[done] } : {});
    });

    app.post(PATHS.accountProfile[locale], async (request, reply) => {
      const actor = accountHolder(request);
      const body = request.body as Body;
      const form = parseForm(ProfileForm, body, locale);
      if (!form.ok) return render(request, reply, 400, { failed: { form: 'profile', values: { name: rawString(body, 'name'), locale: rawString(body, 'locale') }, errors: form.errors } });
      await updateProfile(ctx.db, actor, form.value);
      // The page follows the language just chosen.
      return reply.redirect(`${PATHS.account[form.value.locale]}?done=profile`, 303);
    });

    app.post(PATHS.accountPassword[locale], async (request, reply) => {
      const actor = accountHolder(request);
      const form = parseForm(ChangePasswordForm, request.body, locale);
      if (!form.ok) return render(request, reply, 400, { failed: { form: 'password', values: {}, errors: form.errors } });
      const r = await changePassword(ctx.db, actor, form.value.current_password, form.value.new_password);
      if (r.outcome === 'wrong_password') return render(request, reply, 400, { failed: { form: 'password', values: {}, errors: { current_password: a.wrongPassword } } });
      if (r.outcome === 'no_password') return render(request, reply, 400, { failed: { form: 'password', values: {}, errors: { current_password: a.noPasswordYet } } });
      return reply.redirect(`${accountPath}?done=password`, 303);
    });

    app.post(PATHS.accountVerification[locale], { onRequest: app.rateLimit({ max: 10, timeWindow: '10 minutes' }) }, async (request, reply) => {
      const actor = accountHolder(request);
      const r = await resendVerification(ctx, actor, locale);
      if (r.outcome === 'rate_limited') {
        reply.header('retry-after', '3600');
        return reply.header('cache-control', 'private, no-store').page({ title: platformMessages(locale).tooManyTitle, alternate: PATHS.account, body: a.tooManyLinks }, 429);
      }
      return reply.redirect(`${accountPath}?done=${r.outcome === 'sent' ? 'verification' : 'verified'}`, 303);
    });

    app.post(PATHS.accountTokens[locale], async (request, reply) => {
      const actor = accountHolder(request);
      const body = request.body as Body;
      const form = parseForm(ApiTokenForm, body, locale);
      if (!form.ok) return render(request, reply, 400, { failed: { form: 'token', values: { token_name: rawString(body, 'token_name') }, errors: form.errors } });
      const { token } = await createApiToken(ctx.db, actor, actor.id, form.value.token_name);
      // Rendered, not redirected: the token must never appear in a URL or be shown twice.
      return render(request, reply, 201, { newToken: { name: form.value.token_name, token } });
    });

    app.post(revokeTokenPath(locale, ':id'), async (request, reply) => {
      const actor = accountHolder(request);
      const { id } = request.params as { id: string };
      if (!/^\d{1,15}$/.test(id)) throw notFound();
      const r = await revokeApiToken(ctx.db, actor, Number(id));
      if (r.outcome === 'not_found') throw notFound();
      return reply.redirect(`${accountPath}?done=revoked`, 303);
    });

    app.post(PATHS.accountSignOutAll[locale], async (request, reply) => {
      const actor = accountHolder(request);
      await signOutEverywhere(ctx.db, actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect(`${PATHS.signIn[locale]}?signed_out=all`, 303);
    });
  }

  app.get(
    `${API_PREFIX}/me`,
    {
      schema: {
        summary: 'The person the token belongs to',
        description: 'Id, name, e-mail, global roles and organisation memberships of the owner of the personal API token sent as `Authorization: Bearer …`.',
        tags: ['accounts'],
        security: [{ bearer: [] }],
        response: { 200: MeResponse, ...problemResponses(401) },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (actor.kind !== 'user') throw new AppError('unauthorized', 'Send a personal API token as "Authorization: Bearer <token>"');
      const me = await getMe(ctx.db, actor.id);
      if (!me) throw new AppError('unauthorized', 'The account no longer exists');
      reply.header('cache-control', 'private, no-store');
      return me;
    },
  );
};
