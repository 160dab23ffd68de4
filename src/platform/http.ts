// The request pipeline shared by all modules: locale, actor, CSRF, HTML replies, errors in the
// visitor's language (HTML pages) or as problem details (/api), 404s, and 503 when the database is away.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, isConcurrentChange, isDatabaseDown, notFound, problem, type ErrorCode } from './errors.ts';
import { html, type SafeHtml } from './html.ts';
import { page, homePath, type PageContext, type PageProps } from './layout.ts';
import { platformMessages } from './i18n/messages.ts';
import { isLocale, type Locale } from './i18n/i18n.ts';
import { ANONYMOUS, type Actor } from './auth/actor.ts';
import { actorFromApiToken, actorFromSession, SESSION_COOKIE } from './auth/sessions.ts';
import { hmac, randomToken, safeEqual } from './auth/tokens.ts';
import type { AppContext } from './context.ts';
import type { Config } from '../config.ts';
import { acceptsGzip, variantFor, worthCompressing, type CachedResponse, type CachedVariant, type RenderCache } from './cache.ts';

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
    /** The front cache when the server was built with one (buildServer); undefined otherwise. */
    frontCache: FrontCache | undefined;
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

/** The language of a visitor who is not signed in, where the path does not say: cookie, then browser. */
function anonymousLocale(langCookie: string | undefined, acceptLanguage: string | undefined): Locale {
  return isLocale(langCookie) ? langCookie : localeFromAcceptLanguage(acceptLanguage);
}

export function isApiPath(url: string): boolean {
  return url.startsWith('/api/');
}

export const platformHttp = fp(async function platformHttp(app: FastifyInstance, opts: { ctx: AppContext; front?: FrontCache }) {
  const { ctx } = opts;
  app.decorate('ctx', ctx);
  app.decorate('frontCache', opts.front);
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

  // Callback style, so the common case (no session cookie, no token) finishes synchronously: no promise,
  // no microtask, no database. Only a cookie or a bearer token costs a query.
  app.addHook('onRequest', (request, reply, done) => {
    request.actor = ANONYMOUS;
    const url = request.url;
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    request.isApi = isApiPath(path);
    const pathLocale = localeOfPath(path);
    // Set before anything touches the database, so a 503 page during an outage is in the right language.
    request.locale = pathLocale ?? anonymousLocale(request.cookies.h22_lang, request.headers['accept-language']);

    const finish = () => {
      if (request.actor.kind === 'user' && !pathLocale) request.locale = request.actor.locale;
      const sessionId = request.actor.kind === 'user' ? request.actor.sessionId : undefined;
      let csrfCookie: string | undefined = request.cookies[CSRF_COOKIE];
      request.csrfToken = () => {
        if (!csrfCookie) {
          csrfCookie = randomToken(18);
          reply.setCookie(CSRF_COOKIE, csrfCookie, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.config.secureCookies });
        }
        return hmac(ctx.secret, `${csrfCookie}|${sessionId ?? ''}`);
      };
      request.pageContext = (alternate) => {
        const pc: PageContext = { locale: request.locale, actor: request.actor, currentPath: path };
        if (alternate) pc.alternate = alternate;
        if (request.actor.kind === 'user') pc.csrfToken = request.csrfToken();
        return pc;
      };
      done();
    };

    // Actor: API tokens on /api, the session cookie elsewhere.
    const auth = request.headers.authorization;
    if (request.isApi && auth && /^Bearer\s+/i.test(auth)) {
      actorFromApiToken(ctx.db, auth.replace(/^Bearer\s+/i, '').trim()).then((actor) => {
        if (!actor) return done(new AppError('unauthorized', 'Invalid or revoked API token'));
        request.actor = actor;
        finish();
      }, done);
      return;
    }
    const sid = !request.isApi || request.method === 'GET' ? request.cookies[SESSION_COOKIE] : undefined;
    if (sid) {
      actorFromSession(ctx.db, sid).then((actor) => {
        if (actor) request.actor = actor;
        else reply.clearCookie(SESSION_COOKIE, { path: '/' });
        finish();
      }, done);
      return;
    }
    finish();
  });

  // CSRF on every state-changing request that is not an API call with a bearer token.
  app.addHook('preHandler', (request, _reply, done) => {
    if (!UNSAFE.has(request.method)) return done();
    if (request.isApi && request.actor.kind === 'user' && request.actor.via === 'token') return done();
    if (request.isApi && !request.cookies[SESSION_COOKIE]) return done(); // API without cookies: nothing to forge
    const body = request.body as Record<string, unknown> | undefined;
    const sent = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? (request.headers['x-csrf-token'] as string | undefined);
    const cookie = request.cookies[CSRF_COOKIE];
    const sessionId = request.actor.kind === 'user' ? request.actor.sessionId : undefined;
    if (!sent || !cookie || !safeEqual(sent, hmac(ctx.secret, `${cookie}|${sessionId ?? ''}`))) {
      return done(new AppError('csrf_invalid', 'Missing or invalid CSRF token'));
    }
    done();
  });

  app.addHook('onSend', compressUncached);

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
    } else if (isConcurrentChange(e)) {
      code = 'conflict';
      detail = 'Something this request refers to was changed at the same time; reload and try again';
      request.log.warn({ pgCode: e.code }, 'concurrent change');
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
      conflict: [t.conflictTitle, t.conflictBody],
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

/** A positive id that fits a bigint column and a JS number; anything else (a typed URL) is a 404. */
export function parseId(raw: unknown): number {
  if (typeof raw !== 'string' || !/^[1-9]\d{0,14}$/.test(raw)) throw notFound();
  return Number(raw);
}

/** The id in a path parameter (`:id` by default), or a 404. */
export function idParam(request: FastifyRequest, name = 'id'): number {
  return parseId((request.params as Record<string, unknown> | undefined)?.[name]);
}

/** Safe redirect target: only local paths. */
export function safeNext(next: unknown, fallback: string): string {
  if (typeof next !== 'string') return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

/** How long browsers and shared caches may keep a cached public response (ADR 010). */
export const PUBLIC_MAX_AGE = 60;
const publicCacheControl = (maxAge: number) => `public, max-age=${maxAge}, stale-while-revalidate=300`;
const PUBLIC_VARY = 'Cookie, Accept-Encoding';

/** Sends a cached public response with ETag/304 and Cache-Control. */
export function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  entry: CachedResponse,
  maxAge = PUBLIC_MAX_AGE,
): FastifyReply {
  const v = variantFor(entry, request.headers['accept-encoding']);
  reply.header('etag', v.etag);
  reply.header('cache-control', publicCacheControl(maxAge));
  reply.header('vary', PUBLIC_VARY);
  if (request.headers['if-none-match'] === v.etag) return reply.code(304).send();
  if (v.encoding) reply.header('content-encoding', v.encoding);
  return reply.code(200).type(entry.contentType).send(v.body);
}

/**
 * Serves a public page from the render cache for anonymous visitors; signed-in visitors get a
 * fresh render (their header differs). `render` is called on a miss. The render must not set
 * cookies or headers: its bytes are sent to every anonymous visitor.
 */
export async function cachedPage(
  request: FastifyRequest,
  reply: FastifyReply,
  key: string,
  tags: string[],
  render: () => Promise<{
    body: SafeHtml | string;
    contentType?: string;
    /** Tags known only after reading the data. */
    tags?: string[];
    /** When the page's words change by the clock (epoch ms, wall clock): it is rendered again after that. */
    expiresAt?: number | undefined;
  }>,
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
    entry = cache.set(key, r.tags?.length ? [...tags, ...r.tags] : tags, typeof r.body === 'string' ? r.body : r.body.value, r.contentType ?? 'text/html; charset=utf-8', r.expiresAt);
  }
  request.server.frontCache?.remember(request, reply, key, PUBLIC_MAX_AGE);
  return sendCached(request, reply, entry);
}

// ---------- compression of responses the render cache does not hold ----------

const gzip = promisify(zlib.gzip);

/**
 * Gzips what is rendered per request (pages for signed-in visitors, API answers for token holders, staff
 * pages, exports) for clients that accept it, on libuv's thread pool. A day of the programme is 244 kB of
 * HTML and 20 kB gzipped; a signed-in resident on a phone should not wait for the difference. Responses
 * with an ETag come from the render cache, which keeps its own gzip variant with its own ETag (ADR 010),
 * and are left alone, as are streams (static files) and answers without a body.
 */
export async function compressUncached(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
  if (reply.hasHeader('content-encoding') || reply.hasHeader('etag')) return payload;
  if (reply.statusCode < 200 || reply.statusCode === 204 || reply.statusCode === 304) return payload;
  const bytes = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  if (!worthCompressing(String(reply.getHeader('content-type') ?? ''), bytes)) return payload;
  // The answer differs by Accept-Encoding whether or not this client gets gzip.
  const vary = reply.getHeader('vary');
  if (!vary) reply.header('vary', 'Accept-Encoding');
  else if (!/accept-encoding/i.test(String(vary))) reply.header('vary', `${String(vary)}, Accept-Encoding`);
  if (request.method === 'HEAD' || !acceptsGzip(request.headers['accept-encoding'])) return payload;
  const body = await gzip(payload, { level: 6 });
  if (body.length >= bytes) return payload;
  reply.header('content-encoding', 'gzip');
  reply.removeHeader('content-length');
  return body;
}

// ---------- security headers ----------

/**
 * The security headers of every response: a strict CSP (no inline scripts or styles; map tiles and the
 * OIDC provider allowed where needed) and the usual hardening headers. Computed once at boot.
 */
export function securityHeaders(config: Config): [string, string][] {
  const tileOrigin = new URL(config.tileUrl.replace(/\{[a-z]\}/g, 'a')).origin;
  const formAction = ["'self'", ...(config.oidc ? [new URL(config.oidc.issuer).origin] : [])].join(' ');
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: ${tileOrigin}`,
    "font-src 'self'",
    "connect-src 'self'",
    `form-action ${formAction}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join(';');
  return [
    ['Content-Security-Policy', csp],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Origin-Agent-Cluster', '?1'],
    ['Referrer-Policy', 'no-referrer'],
    ...(config.secureCookies ? ([['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']] as [string, string][]) : []),
    ['X-Content-Type-Options', 'nosniff'],
    ['X-DNS-Prefetch-Control', 'off'],
    ['X-Download-Options', 'noopen'],
    ['X-Frame-Options', 'SAMEORIGIN'],
    ['X-Permitted-Cross-Domain-Policies', 'none'],
    ['X-XSS-Protection', '0'],
  ];
}

/** Sets the security headers on every response (first hook, so error pages and assets have them too). */
export function securityHeadersHook(headers: [string, string][]) {
  return (_request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const raw = reply.raw;
    for (let i = 0; i < headers.length; i++) raw.setHeader(headers[i]![0], headers[i]![1]);
    done();
  };
}

// ---------- the front cache ----------

/**
 * A shared cache in front of Fastify for anonymous GETs of public pages. `cachedPage` records which
 * request (URL, the visitor's language inputs, Accept) led to which render-cache key; for one second
 * after that, the same request is answered from the render cache directly — the same bytes and headers
 * `sendCached` sends — without routing, hooks or logging. That is far stricter than what the response
 * itself allows any shared cache (public, max-age=60). Anything else (a session cookie, a token, another
 * method, an invalidated entry, a route with a rate limit) goes to Fastify.
 */
export interface FrontCache {
  /** Called by cachedPage for an anonymous response served from the render cache. */
  remember(request: FastifyRequest, reply: FastifyReply, key: string, maxAge: number): void;
  /** Fastify's `serverFactory`: an HTTP server whose requests pass the front cache first. */
  serverFactory(handler: (req: IncomingMessage, res: ServerResponse) => void, opts: FrontServerOptions): Server;
  /** How many requests it answered (tests and the bench read this). */
  readonly hits: number;
}

interface FrontServerOptions {
  keepAliveTimeout?: number;
  requestTimeout?: number;
  connectionTimeout?: number;
  maxRequestsPerSocket?: number | null;
}

/** How long a remembered route decision is trusted. */
const FRONT_TTL_MS = 1000;
const FRONT_MAX_ENTRIES = 10_000;
const SESSION_MARK = `${SESSION_COOKIE}=`;
const LANG_COOKIE_RE = /(?:^|;)\s*h22_lang=([^;]*)/;

/** Everything besides the URL that decides which page an anonymous visitor gets. */
function frontKey(url: string, headers: IncomingHttpHeaders): string {
  const q = url.indexOf('?');
  const pathLocale = localeOfPath(q === -1 ? url : url.slice(0, q));
  // Paths without a language in them: the raw language inputs, uninterpreted, so equal keys mean equal inputs.
  const lang = pathLocale ?? `${(headers.cookie && LANG_COOKIE_RE.exec(headers.cookie)?.[1]) ?? ''}|${headers['accept-language'] ?? ''}`;
  return `${url}\n${lang}\n${headers.accept ?? ''}`;
}

export function createFrontCache(cache: RenderCache, security: [string, string][]): FrontCache {
  const routes = new Map<string, { key: string; maxAge: number; until: number }>();
  const securityNames = new Set(security.map(([k]) => k.toLowerCase()));
  const prepared = new WeakMap<CachedVariant, { maxAge: number; ok: string[]; notModified: string[] }>();
  let hits = 0;

  const headersFor = (entry: CachedResponse, v: CachedVariant, maxAge: number) => {
    let p = prepared.get(v);
    if (!p || p.maxAge !== maxAge) {
      // The order Fastify sends them in: hook headers first, then the reply's own.
      const common = [...security.flat(), 'etag', v.etag, 'cache-control', publicCacheControl(maxAge), 'vary', PUBLIC_VARY];
      const encoding = v.encoding ? ['content-encoding', v.encoding] : [];
      p = { maxAge, ok: [...common, ...encoding, 'content-type', entry.contentType, 'content-length', String(v.body.length)], notModified: common };
      prepared.set(v, p);
    }
    return p;
  };

  const front: FrontCache = {
    get hits() {
      return hits;
    },
    remember(request, reply, key, maxAge) {
      if (request.method !== 'GET' || request.headers.authorization !== undefined) return;
      if (request.headers.cookie?.includes(SESSION_MARK)) return;
      if ((request.routeOptions.config as { rateLimit?: unknown }).rateLimit !== undefined) return;
      // Only when the reply carries nothing the front cache would not send (a cookie, a custom header).
      for (const name of Object.keys(reply.getHeaders())) if (!securityNames.has(name)) return;
      if (routes.size >= FRONT_MAX_ENTRIES) routes.clear();
      routes.set(frontKey(request.url, request.headers), { key, maxAge, until: Date.now() + FRONT_TTL_MS });
    },
    serverFactory(handler, opts) {
      const server = createServer((req, res) => {
        if (req.method === 'GET' && req.headers.authorization === undefined && !req.headers.cookie?.includes(SESSION_MARK) && req.url) {
          const route = routes.get(frontKey(req.url, req.headers));
          if (route !== undefined && route.until > Date.now()) {
            const entry = cache.get(route.key);
            if (entry !== undefined) {
              hits++;
              const v = variantFor(entry, req.headers['accept-encoding']);
              const h = headersFor(entry, v, route.maxAge);
              if (req.headers['if-none-match'] === v.etag) res.writeHead(304, h.notModified).end();
              else res.writeHead(200, h.ok).end(v.body);
              return;
            }
          }
        }
        handler(req, res);
      });
      // What Fastify sets on the servers it makes itself.
      if (opts.keepAliveTimeout !== undefined) server.keepAliveTimeout = opts.keepAliveTimeout;
      if (opts.requestTimeout !== undefined) server.requestTimeout = opts.requestTimeout;
      if (opts.connectionTimeout !== undefined) server.setTimeout(opts.connectionTimeout);
      if (opts.maxRequestsPerSocket) server.maxRequestsPerSocket = opts.maxRequestsPerSocket;
      return server;
    },
  };
  return front;
}
