// /api/v1 for FAQ entries and pages: public cached reads, and writes with a personal API token that
// go through the same policy and commands as the admin pages.
import type { FastifyPluginAsync, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.ts';
import { API_PREFIX, problemResponses, requireApiUser } from '../../platform/api.ts';
import { cachedPage } from '../../platform/http.ts';
import { AppError, notFound, type FieldErrors } from '../../platform/errors.ts';
import { contentPolicy } from './content.policy.ts';
import { issueMessages, type FieldIssues } from './content.messages.ts';
import { FaqCreateBody, FaqEntry, FaqPatchBody, FaqPublic, LangQuery, PageCreateBody, PageEntry, PagePatchBody, PagePublic, SlugParams } from './content.schema.ts';
import { getFaqBySlug, getPageByAnySlug, listFaq, listPages } from './content.queries.ts';
import { createFaq, createPage, updateFaq, updatePage } from './content.commands.ts';
import { faqEntryJson, faqPublicJson, pageEntryJson, pagePublicJson } from './views/api.ts';

const JSON_TYPE = 'application/json; charset=utf-8';
const bearer = [{ bearer: [] }];

/** Schema errors of a write, as 422 problem details with a message per field. */
function schemaProblem(request: FastifyRequest): AppError | undefined {
  const err = request.validationError as (Error & { validation?: FastifySchemaValidationError[] }) | undefined;
  if (!err) return undefined;
  const fields: FieldErrors = {};
  const allowed: Record<string, string[]> = {};
  for (const v of err.validation ?? []) {
    const params = v.params as Record<string, unknown>;
    const field = v.instancePath.replace(/^\//, '').replace(/\//g, '.') || String(params.missingProperty ?? params.additionalProperty ?? 'body');
    // A union of literals reports one `const` error per choice and an `anyOf`: say which values are allowed instead.
    if (v.keyword === 'const') (allowed[field] ??= []).push(String(params.allowedValue));
    else if (v.keyword !== 'anyOf' && !fields[field]) fields[field] = v.keyword === 'additionalProperties' ? 'is not a known property' : (v.message ?? 'is invalid');
  }
  for (const [f, values] of Object.entries(allowed)) fields[f] ??= `must be one of: ${values.join(', ')}`;
  return new AppError('validation_failed', 'The request body does not match the schema', fields);
}

function rejected(issues: FieldIssues): AppError {
  return new AppError('validation_failed', 'The content was not accepted', issueMessages(issues, 'en'));
}

export const contentApiRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (plain, { ctx }) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const base = ctx.config.baseUrl;

  // ---------- FAQ ----------

  app.get(
    `${API_PREFIX}/faq`,
    {
      schema: {
        tags: ['FAQ'],
        summary: 'Published questions and answers',
        description: 'In the order of the public page (category, then position). No token needed. Answers with an ETag; send If-None-Match for a 304.',
        querystring: LangQuery,
        response: { 200: Type.Object({ items: Type.Array(FaqPublic) }), ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const lang = request.query.lang ?? 'sv';
      return cachedPage(request, reply, `api:faq:${lang}`, ['content', 'faq'], async () => {
        const rows = await listFaq(ctx.db, { publishedOnly: true });
        return { body: JSON.stringify({ items: rows.map((r) => faqPublicJson(r, lang, base)) }), contentType: JSON_TYPE };
      });
    },
  );

  app.get(
    `${API_PREFIX}/faq/:slug`,
    {
      schema: {
        tags: ['FAQ'],
        summary: 'One published question and answer, by its anchor',
        querystring: LangQuery,
        params: SlugParams,
        response: { 200: FaqPublic, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const lang = request.query.lang ?? 'sv';
      const { slug } = request.params;
      // A miss renders; an unknown slug throws before anything is stored, so junk slugs never fill the cache.
      return cachedPage(request, reply, `api:faq:${lang}:${slug}`, ['content', 'faq'], async () => {
        const row = await getFaqBySlug(ctx.db, slug, { publishedOnly: true });
        if (!row) throw notFound(`No published FAQ entry "${slug}"`);
        return { body: JSON.stringify(faqPublicJson(row, lang, base)), contentType: JSON_TYPE };
      });
    },
  );

  app.post(
    `${API_PREFIX}/faq`,
    {
      attachValidation: true,
      schema: {
        tags: ['FAQ'],
        summary: 'Create a question and answer',
        description: 'Needs a personal API token of the programme team. Created as a draft unless `published` is true. Without `slug` the anchor is made from the Swedish question.',
        security: bearer,
        body: FaqCreateBody,
        response: { 201: FaqEntry, ...problemResponses(401, 403, 422) },
      },
    },
    async (request, reply) => {
      const actor = requireApiUser(request);
      contentPolicy.authorize(actor, 'faq.create', undefined);
      const bad = schemaProblem(request);
      if (bad) throw bad;
      const r = await createFaq(ctx, actor, request.body);
      if (r.outcome === 'invalid') throw rejected(r.issues);
      if (r.outcome === 'not_found') throw notFound();
      reply.header('location', `${API_PREFIX}/faq/${r.entry.slug}`);
      return reply.code(201).send(faqEntryJson(r.entry));
    },
  );

  app.patch(
    `${API_PREFIX}/faq/:slug`,
    {
      attachValidation: true,
      schema: {
        tags: ['FAQ'],
        summary: 'Change a question and answer (drafts too)',
        description: 'Only the fields sent change. Changing `slug` moves the answer\'s anchor: old links to it stop working. Changing `published` needs the right to publish.',
        security: bearer,
        params: SlugParams,
        body: FaqPatchBody,
        response: { 200: FaqEntry, ...problemResponses(401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = requireApiUser(request);
      contentPolicy.authorize(actor, 'faq.edit', undefined);
      const entry = await getFaqBySlug(ctx.db, request.params.slug, { publishedOnly: false });
      if (!entry) throw notFound(`No FAQ entry "${request.params.slug}"`);
      const bad = schemaProblem(request);
      if (bad) throw bad;
      const r = await updateFaq(ctx, actor, entry.id, request.body);
      if (r.outcome === 'invalid') throw rejected(r.issues);
      if (r.outcome === 'not_found') throw notFound();
      return reply.code(200).send(faqEntryJson(r.entry));
    },
  );

  // ---------- pages ----------

  app.get(
    `${API_PREFIX}/pages`,
    {
      schema: {
        tags: ['Pages'],
        summary: 'Published pages',
        description: 'Sorted by Swedish title. No token needed. Answers with an ETag; send If-None-Match for a 304.',
        querystring: LangQuery,
        response: { 200: Type.Object({ items: Type.Array(PagePublic) }), ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const lang = request.query.lang ?? 'sv';
      return cachedPage(request, reply, `api:pages:${lang}`, ['content', 'pages'], async () => {
        const rows = await listPages(ctx.db, { publishedOnly: true });
        return { body: JSON.stringify({ items: rows.map((r) => pagePublicJson(r, lang, base)) }), contentType: JSON_TYPE };
      });
    },
  );

  app.get(
    `${API_PREFIX}/pages/:slug`,
    {
      schema: {
        tags: ['Pages'],
        summary: 'One published page, by its Swedish or English slug',
        description: 'Without `lang`, the language is the one of the slug that matched.',
        querystring: LangQuery,
        params: SlugParams,
        response: { 200: PagePublic, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { slug } = request.params;
      return cachedPage(request, reply, `api:page:${request.query.lang ?? 'auto'}:${slug}`, ['content', 'pages'], async () => {
        const row = await getPageByAnySlug(ctx.db, slug, { publishedOnly: true });
        if (!row) throw notFound(`No published page "${slug}"`);
        const lang = request.query.lang ?? (row.slug_sv === slug ? 'sv' : 'en');
        return { body: JSON.stringify(pagePublicJson(row, lang, base)), contentType: JSON_TYPE };
      });
    },
  );

  app.post(
    `${API_PREFIX}/pages`,
    {
      attachValidation: true,
      schema: {
        tags: ['Pages'],
        summary: 'Create a page',
        description: 'Needs a personal API token of the programme team. Created as a draft unless `published` is true. Without slugs they are made from the titles.',
        security: bearer,
        body: PageCreateBody,
        response: { 201: PageEntry, ...problemResponses(401, 403, 422) },
      },
    },
    async (request, reply) => {
      const actor = requireApiUser(request);
      contentPolicy.authorize(actor, 'page.create', undefined);
      const bad = schemaProblem(request);
      if (bad) throw bad;
      const r = await createPage(ctx, actor, request.body);
      if (r.outcome === 'invalid') throw rejected(r.issues);
      if (r.outcome === 'not_found') throw notFound();
      reply.header('location', `${API_PREFIX}/pages/${r.entry.slug_sv}`);
      return reply.code(201).send(pageEntryJson(r.entry));
    },
  );

  app.patch(
    `${API_PREFIX}/pages/:slug`,
    {
      attachValidation: true,
      schema: {
        tags: ['Pages'],
        summary: 'Change a page (drafts too), by its Swedish or English slug',
        description: 'Only the fields sent change. The accessibility statement cannot be unpublished or moved.',
        security: bearer,
        params: SlugParams,
        body: PagePatchBody,
        response: { 200: PageEntry, ...problemResponses(401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = requireApiUser(request);
      contentPolicy.authorize(actor, 'page.edit', undefined);
      const entry = await getPageByAnySlug(ctx.db, request.params.slug, { publishedOnly: false });
      if (!entry) throw notFound(`No page "${request.params.slug}"`);
      const bad = schemaProblem(request);
      if (bad) throw bad;
      const r = await updatePage(ctx, actor, entry.id, request.body);
      if (r.outcome === 'invalid') throw rejected(r.issues);
      if (r.outcome === 'not_found') throw notFound();
      return reply.code(200).send(pageEntryJson(r.entry));
    },
  );
};
