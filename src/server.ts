// Builds the Fastify app: platform plugins first, then each module.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import type { AppContext } from './platform/context.ts';
import { createFrontCache, platformHttp, securityHeaders, securityHeadersHook } from './platform/http.ts';
import { ProblemSchema } from './platform/api.ts';
import { isDatabaseDown } from './platform/errors.ts';
import { modules } from './modules/index.ts';
import { registerAdminNav } from './platform/admin.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface BuildOptions {
  logger?: boolean;
}

export async function buildServer(ctx: AppContext, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const security = securityHeaders(ctx.config);
  // Anonymous GETs of cached public pages are answered in front of Fastify (platform/http.ts, ADR 010).
  const front = createFrontCache(ctx.cache, security);
  const app = Fastify({
    serverFactory: (handler, options) => front.serverFactory(handler, options),
    logger: opts.logger
      ? {
          level: ctx.config.logLevel,
          redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
        }
      : false,
    bodyLimit: 1_048_576,
    trustProxy: process.env.TRUST_PROXY === 'true',
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Security headers (strict CSP) on every response, computed once; see platform/http.ts.
  app.addHook('onRequest', securityHeadersHook(security));
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 1_048_576 });
  await app.register(rateLimit, { global: false });
  await app.register(fastifyStatic, {
    root: path.join(here, 'platform', 'assets'),
    prefix: '/assets/',
    maxAge: '1h',
    decorateReply: false,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'H22 API',
        version: '1.0.0',
        description: 'Open data and write access for the H22 platform. Public reads need no token; writes need a personal API token sent as `Authorization: Bearer …`. Errors are RFC 9457 problem details.',
      },
      servers: [{ url: ctx.config.baseUrl }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    // Shared schemas keep their $id as their name in components (`Problem`, not `def-0`).
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transform: ({ schema, url, route }) => {
      const s = { ...(schema as Record<string, unknown> | undefined) };
      // Only /api routes belong in the API document (swagger honours `hide` on the schema only).
      if (!url.startsWith('/api/')) return { schema: { ...s, hide: true }, url } as never;
      // Writes need a personal API token: declared for every write route unless it says otherwise.
      const methods = ([] as string[]).concat(route.method);
      if (s.security === undefined && methods.some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m))) s.security = [{ bearer: [] }];
      return { schema: s, url } as never;
    },
  });
  app.addSchema(ProblemSchema);
  await app.register(platformHttp, { ctx, front });

  app.get('/healthz', async (_req, reply) => {
    try {
      await sql`SELECT 1`.execute(ctx.db);
      return reply.code(200).send({ status: 'ok' });
    } catch (e) {
      const reason = isDatabaseDown(e) ? 'database unreachable' : (e as Error).message;
      return reply.code(503).send({ status: 'unavailable', reason });
    }
  });

  for (const m of modules) {
    if (m.adminNav) registerAdminNav(m.adminNav);
    await app.register(m.routes, { ctx });
  }
  await app.ready();
  return app;
}
