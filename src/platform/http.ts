// The request pipeline shared by all modules: locale, actor, CSRF, HTML replies, errors in the
// visitor's language (HTML pages) or as problem details (/api), 404s, and 503 when the database is away.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, isDatabaseDown, problem, type ErrorCode } from './errors.ts';
import { html, type SafeHtml } from './html.ts';
import { page, homePath, type PageContext, type PageProps } from './layout.ts';
import { platformMessages } from './i18n/messages.ts';
import { isLocale, type Locale } from './i18n/i18n.ts';
import { ANONYMOUS, type Actor } from './auth/actor.ts';
import { actorFromApiToken, actorFromSession, SESSION_COOKIE } from './auth/sessions.ts';
import { hmac, randomToken, safeEqual } from './auth/tokens.ts';
import type { AppContext } from './context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    actor: Actor;
    /** A CSRF token for forms on this page (sets the CSRF cookie when needed). */
    csrfToken(): string;
    /** The page context for the layout. */
    pageContext(alternate?: { sv: string; en: string }): PageContext;
    /** Locale switch target computed by routes: the same page in the other language. */
    isApi: boolean;
  }
  interface FastifyReply {
    html(body: SafeHtml, status?: number): FastifyReply;
    page(props: PageProps & { alternate?: { sv: string; en: string } }, status?: number): FastifyReply;
  }
  interface FastifyInstance {
    ctx: AppContext;
  }
}

export const CSRF_COOKIE = 'h22_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Paths that answer in English. */
export function localeOfPath(path: string): Locale | undefined {
  if (path === '/en' || path.startsWith('/en/')) return 'en';
  if (path.startsWith('/admin') || path.startsWith('/api') || path === '/logout') return undefined;
  return 'sv';
}

function localeFromAcceptLanguage(h: string | undefined): Locale {
  if (!h) return 'sv';
  const first = h.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'sv';
}

export function isApiPath(url: string): boolean {
  return url.startsWith('/api/');
}

export const platformHttp = fp(async function platformHttp(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { ctx } = opts;
  app.decorate('ctx', ctx);
  app.decorateRequest('locale', 'sv');
  app.decorateRequest('actor', null as never);
  app.decorateRequest('isApi', false);
  app.decorateRequest('csrfToken', function (this: FastifyRequest) {
    return '';
  });
  app.decorateRequest('pageContext', function (this: FastifyRequest) {
    return { locale: 'sv', actor: ANONYMOUS } as PageContext;
  });
  app.decorateReply('html', function (this: FastifyReply, body: SafeHtml, status = 200) {
    return this.code(status).type('text/html; charset=utf-8').send(body.value);
  });
  app.decorateReply('page', function (this: FastifyReply, props: PageProps & { alternate?: { sv: string; en: string } }, status = 200) {
    const ctxPage = this.request.pageContext(props.alternate);
    return this.html(page(ctxPage, props), status);
  });

  app.addHook('onRequest', async (request, reply) => {
    request.actor = ANONYMOUS;
    const path = request.url.split('?')[0] ?? '/';
    request.isApi = isApiPath(path);
    // Set before anything touches the database, so a 503 page during an outage is in the right language.
    request.locale = localeOfPath(path) ?? (isLocale(request.cookies.h22_lang) ? request.cookies.h22_lang : localeFromAcceptLanguage(request.headers['accept-language']));
    let csrfCookie: string | undefined = request.cookies[CSRF_COOKIE];
    const csrfFor = (sessionId: string | undefined) => (cookie: string) => hmac(ctx.secret, `${cookie}|${sessionId ?? ''}`);

    // Actor: API tokens on /api, the session cookie elsewhere. No cookie, no database round trip.
    const auth = request.headers.authorization;
    if (request.isApi && auth && /^Bearer\s+/i.test(auth)) {
      const actor = await actorFromApiToken(ctx.db, auth.replace(/^Bearer\s+/i, '').trim());
      if (!actor) throw new AppError('unauthorized', 'Invalid or revoked API token');
      request.actor = actor;
    } else if (!request.isApi || request.method === 'GET') {
      const sid = request.cookies[SESSION_COOKIE];
      if (sid) {
        const actor = await actorFromSession(ctx.db, sid);
        if (actor) request.actor = actor;
        else reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
    }

    const pathLocale = localeOfPath(path);
    const langCookie = request.cookies.h22_lang;
    request.locale =
      pathLocale ??
      (request.actor.kind === 'user' ? request.actor.locale : isLocale(langCookie) ? langCookie : localeFromAcceptLanguage(request.headers['accept-language']));

    const sessionId = request.actor.kind === 'user' ? request.actor.sessionId : undefined;
    request.csrfToken = () => {
      if (!csrfCookie) {
        csrfCookie = randomToken(18);
        reply.setCookie(CSRF_COOKIE, csrfCookie, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.config.secureCookies });
      }
      return csrfFor(sessionId)(csrfCookie);
    };
    request.pageContext = (alternate) => {
      const pc: PageContext = { locale: request.locale, actor: request.actor, currentPath: path };
      if (alternate) pc.alternate = alternate;
      if (request.actor.kind === 'user') pc.csrfToken = request.csrfToken();
      return pc;
    };
  });

  // CSRF on every state-changing request that is not an API call with a bearer token.
  app.addHook('preHandler', async (request) => {
    if (!UNSAFE.has(request.method)) return;
    if (request.isApi && request.actor.kind === 'user' && request.actor.via === 'token') return;
    if (request.isApi && !request.cookies[SESSION_COOKIE]) return; // API without cookies: nothing to forge
    const body = request.body as Record<string, unknown> | undefined;
    const sent = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? (request.headers['x-csrf-token'] as string | undefined);
    const cookie = request.cookies[CSRF_COOKIE];
    const sessionId = request.actor.kind === 'user' ? request.actor.sessionId : undefined;
    if (!sent || !cookie || !safeEqual(sent, hmac(ctx.secret, `${cookie}|${sessionId ?? ''}`))) {
      throw new AppError('csrf_invalid', 'Missing or invalid CSRF token');
    }
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.isApi) {
      return reply.code(404).type('application/problem+json').send(problem('not_found', `No route ${request.method} ${request.url.split('?')[0]}`));
    }
    const t = platformMessages(request.locale);
    return reply.page({ title: t.notFoundTitle, body: html`<p>${t.notFoundBody}</p><p><a href="${homePath(request.locale)}">${t.goHome}</a></p>` }, 404);
  });

  app.setErrorHandler((err, request, reply) => {
    const e = err as Error & { statusCode?: number; code?: string; validation?: { instancePath: string; message?: string; params?: Record<string, unknown> }[] };
    let code: ErrorCode;
    let detail: string | undefined;
    let fields: Record<string, string> | undefined;
    if (e instanceof AppError) {
      code = e.code;
      detail = e.message;
      fields = e.fields;
    } else if (isDatabaseDown(e)) {
      code = 'database_unavailable';
      detail = 'The database is not reachable right now';
    } else if (e.validation) {
      code = 'validation_failed';
      detail = 'The request did not match the schema';
      fields = {};
      for (const v of e.validation) {
        const key = (v.instancePath.replace(/^\//, '').replace(/\//g, '.') || String(v.params?.missingProperty ?? 'body'));
        fields[key] = v.message ?? 'invalid';
      }
      if (e.statusCode === 400) code = 'bad_request';
    } else if (e.statusCode === 413 || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      code = 'payload_too_large';
      detail = 'The request body is too large';
    } else if (e.statusCode === 429) {
      code = 'rate_limited';
      detail = 'Too many requests';
    } else if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      code = e.statusCode === 404 ? 'not_found' : e.statusCode === 415 ? 'bad_request' : 'bad_request';
      detail = e.message;
    } else {
      code = 'internal';
      request.log.error({ err: e }, 'unhandled error');
    }
    const p = problem(code, code === 'internal' ? undefined : detail, fields);
    if (code === 'database_unavailable') reply.header('retry-after', '5');
    if (code === 'rate_limited' && !reply.getHeader('retry-after')) reply.header('retry-after', '60');
    if (request.isApi || (request.headers.accept ?? '').startsWith('application/json')) {
      return reply.code(p.status).type('application/problem+json').send(p);
    }
    const t = platformMessages(request.locale);
    const msg: Record<ErrorCode, [string, string]> = {
      not_found: [t.notFoundTitle, t.notFoundBody],
      forbidden: [t.forbiddenTitle, t.forbiddenBody],
      unauthorized: [t.forbiddenTitle, t.forbiddenBody],
      csrf_invalid: [t.csrfTitle, t.csrfBody],
      validation_failed: [t.badRequestTitle, t.badRequestBody],
      bad_request: [t.badRequestTitle, t.badRequestBody],
      conflict: [t.badRequestTitle, t.badRequestBody],
      payload_too_large: [t.tooLargeTitle, t.tooLargeBody],
      rate_limited: [t.tooManyTitle, t.tooManyBody],
      database_unavailable: [t.unavailableTitle, t.unavailableBody],
      internal: [t.errorTitle, t.errorBody],
    };
    const [title, body] = msg[code];
    if (code === 'unauthorized' && request.method === 'GET') {
      const next = encodeURIComponent(request.url);
      return reply.redirect(`${request.locale === 'en' ? '/en/sign-in' : '/logga-in'}?next=${next}`, 303);
    }
    // The error page must not need the database: render it with the anonymous layout if the actor is unknown.
    return reply.page({ title, body: html`<p>${body}</p><p><a href="${homePath(request.locale)}">${t.goHome}</a></p>` }, p.status);
  });
});

/** Safe redirect target: only local paths. */
export function safeNext(next: unknown, fallback: string): string {
  if (typeof next !== 'string') return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

/** Sends a cached public response with ETag/304 and Cache-Control. */
export function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  entry: { body: Buffer; etag: string; contentType: string },
  maxAge = 60,
): FastifyReply {
  reply.header('etag', entry.etag);
  reply.header('cache-control', `public, max-age=${maxAge}, stale-while-revalidate=300`);
  reply.header('vary', 'Cookie, Accept-Encoding');
  if (request.headers['if-none-match'] === entry.etag) return reply.code(304).send();
  return reply.code(200).type(entry.contentType).send(entry.body);
}

/**
 * Serves a public page from the render cache for anonymous visitors; signed-in visitors get a
 * fresh render (their header differs). `render` is called on a miss.
 */
export async function cachedPage(
  request: FastifyRequest,
  reply: FastifyReply,
  key: string,
  tags: string[],
  render: () => Promise<{ body: SafeHtml | string; contentType?: string }>,
): Promise<FastifyReply> {
  const cache = request.server.ctx.cache;
  if (request.actor.kind === 'user') {
    const r = await render();
    reply.header('cache-control', 'private, no-cache');
    return reply.type(r.contentType ?? 'text/html; charset=utf-8').send(typeof r.body === 'string' ? r.body : r.body.value);
  }
  let entry = cache.get(key);
  if (!entry) {
    const r = await render();
    entry = cache.set(key, tags, typeof r.body === 'string' ? r.body : r.body.value, r.contentType ?? 'text/html; charset=utf-8');
  }
  return sendCached(request, reply, entry);
}
