// /api/v1/initiatives: the public portfolio as JSON (same filters as the list page, cursor pages),
// one initiative, and CSV/XLSX exports of a selection. Documented in the OpenAPI document.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.ts';
import { API_PREFIX, decodeCursor, encodeCursor, problemResponses } from '../../platform/api.ts';
import { cachedPage } from '../../platform/http.ts';
import { notFound } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { ApiListQuery, ExportQuery, InitiativeList, InitiativePublic, LangQuery, SlugParams, type ApiListQueryValue } from './initiatives.schema.ts';
import { filtersToQuery, getInitiative, listForExport, listPublicAfter, parseListFilters, resolveTextSearch, scanPortfolio, type ListFilters } from './initiatives.queries.ts';
import { initiativePolicy } from './initiatives.policy.ts';
import { eventsCacheTags, eventsShowing } from './initiatives.links.ts';
import { detailJson, exportRow, summaryJson, toCsv, toXlsx } from './views/api.ts';

const JSON_TYPE = 'application/json; charset=utf-8';
const TAGS = ['Initiatives'];

function filtersOf(q: Omit<ApiListQueryValue, 'limit' | 'cursor'>): ListFilters {
  const f = parseListFilters({ ...q, sdg: q.sdg === undefined ? undefined : String(q.sdg) });
  // The API orders by a stable key so cursors work: relevance is a list-page convenience only.
  return { ...f, sort: q.sort === 'name' ? 'name' : 'updated' };
}

export const initiativesApiRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (plain, { ctx }) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const base = ctx.config.baseUrl;
  const filterDocs = 'Filters combine (AND). `org` matches the owner or a participating organisation. Unknown filter values are a 400.';

  app.get(
    `${API_PREFIX}/initiatives`,
    {
      schema: {
        tags: TAGS,
        summary: 'Published initiatives, filtered and paged',
        description: `The same selection as the public list /initiativ. ${filterDocs} Pages with \`limit\` and \`next_cursor\`. No token needed; answers carry an ETag.`,
        querystring: ApiListQuery,
        response: { 200: InitiativeList, ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const { limit = 50, cursor, lang = 'sv', ...rest } = request.query;
      const locale: Locale = lang;
      const f = filtersOf(rest);
      const after = decodeCursor(cursor, 2);
      const key = `api:initiatives:${locale}:${filtersToQuery(f)}:${limit}:${cursor ?? ''}`;
      return cachedPage(request, reply, key, ['initiatives'], async () => {
        const { filters: resolved, counts } = await scanPortfolio(ctx.db, f, locale);
        const rows = await listPublicAfter(ctx.db, resolved, locale, limit + 1, after);
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        const next = rows.length > limit && last ? encodeCursor(resolved.sort === 'name' ? [last.title, last.id] : [last.updatedAt.toISOString(), last.id]) : null;
        return { body: JSON.stringify({ items: page.map((i) => summaryJson(i, locale, base)), total: counts.total, next_cursor: next }), contentType: JSON_TYPE };
      });
    },
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `${API_PREFIX}/initiatives.${format}`,
      {
        schema: {
          tags: TAGS,
          summary: format === 'csv' ? 'Export a selection as CSV' : 'Export a selection as an Excel workbook',
          description: `Every published initiative matching the filters (at most 20 000), newest first. ${filterDocs} ${format === 'csv' ? 'UTF-8 with a byte order mark, comma-separated (RFC 4180).' : 'One sheet, one row per initiative.'}`,
          querystring: ExportQuery,
          produces: [format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
          response: {
            200: Type.Unsafe<string | Buffer>({ type: 'string', description: format === 'csv' ? 'CSV text' : 'XLSX file', ...(format === 'xlsx' ? { format: 'binary' } : {}) }),
            ...problemResponses(400),
          },
        },
      },
      async (request, reply) => {
        const { lang = 'sv', ...rest } = request.query;
        const locale: Locale = lang;
        const f = await resolveTextSearch(ctx.db, filtersOf(rest), locale);
        const rows = (await listForExport(ctx.db, f, locale)).map((r) => exportRow(r, locale, base));
        const name = locale === 'sv' ? 'initiativ' : 'initiatives';
        reply.header('content-disposition', `attachment; filename="${name}.${format}"`);
        reply.header('cache-control', 'public, max-age=60');
        if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(rows));
        return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx(rows, name));
      },
    );
  }

  app.get(
    `${API_PREFIX}/initiatives/:slug`,
    {
      schema: {
        tags: TAGS,
        summary: 'One published initiative, with impact goals, stage history and the expo events that show it',
        querystring: LangQuery,
        params: SlugParams,
        response: { 200: InitiativePublic, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const locale: Locale = request.query.lang ?? 'sv';
      const { slug } = request.params;
      return cachedPage(request, reply, `api:initiative:${locale}:${slug}`, ['initiatives', ...eventsCacheTags()], async () => {
        const d = await getInitiative(ctx.db, { slug });
        if (!d || !d.row.published || !initiativePolicy.can(request.actor, 'view', d.access)) throw notFound(`No published initiative "${slug}"`);
        return { body: JSON.stringify(detailJson(d, locale, base, await eventsShowing(ctx.db, d.row.id, locale))), contentType: JSON_TYPE };
      });
    },
  );
};
