// /api/v1 for the published programme: occurrences with filters and cursor pagination, CSV of the
// same view, and the areas and venues as GeoJSON. No token needed; answers carry ETags.
// Occurrences with registration carry its live counts (ADR 020: seat changes invalidate these views).
import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../platform/context.ts';
import { API_PREFIX, decodeCursor, encodeCursor, problemResponses } from '../../platform/api.ts';
import { cachedPage } from '../../platform/http.ts';
import { notFound } from '../../platform/errors.ts';
import { ApiEventsPage, ApiEventsQuery, ApiOccurrence, GeoJsonCollection, type ProgrammeFilter } from './expo.schema.ts';
import { currentEdition, findPublishedOccurrences, latestRelease, listAreas, listVenues, loadPlaces } from './expo.queries.ts';
import { filterQuery } from './expo.filters.ts';
import { apiItem, areasGeoJson, buildCsv, venuesGeoJson } from './expo.formats.ts';
import { apiInitiativeLinks } from './expo.links.ts';
import { INITIATIVES_CACHE_TAG } from '../initiatives/index.ts';
import { OccurrenceRegistrationSchema, SEATS_TAG, registrationSummaries } from '../registrations/index.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

const ApiOccurrenceWithRegistration = Type.Object(
  {
    ...ApiOccurrence.properties,
    registration: Type.Union([OccurrenceRegistrationSchema, Type.Null()], { description: 'Sign-up on the platform: seats and window; null when the occurrence has no registration turned on' }),
  },
  { description: ApiOccurrence.description },
);
const ApiEventsPageWithRegistration = Type.Object({ ...ApiEventsPage.properties, items: Type.Array(ApiOccurrenceWithRegistration) });
const GEOJSON_TYPE = 'application/geo+json; charset=utf-8';

export const expoApiRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (plain, { ctx }) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  const edition = async () => {
    const e = await currentEdition(ctx.db);
    if (!e) throw notFound('No expo edition');
    return e;
  };

  const list = (format: 'json' | 'csv') => async (request: { query: typeof ApiEventsQuery.static }, reply: Parameters<typeof cachedPage>[1], req: Parameters<typeof cachedPage>[0]) => {
    const q = request.query;
    const filter: ProgrammeFilter = { ...q };
    delete (filter as Record<string, unknown>).locale;
    delete (filter as Record<string, unknown>).limit;
    delete (filter as Record<string, unknown>).cursor;
    if (filter.access) filter.access = [...new Set(filter.access)].sort();
    const locale = q.locale ?? 'sv';
    const limit = format === 'csv' ? 50_000 : (q.limit ?? 100);
    const after = decodeCursor(q.cursor, 2);
    const key = `expo:api:${format}:${locale}:${limit}:${q.cursor ?? ''}:${filterQuery(filter)}`;
    // A day's JSON is dropped with the day's tag when seats change; the other JSON views carry SEATS_TAG.
    // The CSV has no registration columns: it stays a snapshot of the release.
    const tags = filter.date && !filter.from && !filter.to ? ['expo', `expo:day:${filter.date}`] : ['expo', 'expo:all', ...(format === 'json' ? [SEATS_TAG] : [])];
    return cachedPage(req, reply, key, tags, async () => {
      const e = await edition();
      const [places, rows, release] = await Promise.all([
        loadPlaces(ctx.db, e.id),
        findPublishedOccurrences(ctx.db, {
          filter,
          tz: e.time_zone,
          editionId: e.id,
          limit: limit + 1,
          after: after ? { startsAt: String(after[0]), id: Number(after[1]) } : undefined,
        }),
        latestRelease(ctx.db, e.id),
      ]);
      const page = rows.slice(0, limit);
      // The published initiatives each item shows (read live; such a page is dropped when an initiative changes).
      const links = format === 'json' ? await apiInitiativeLinks(ctx.db, page.map((o) => o.data), locale, ctx.config.baseUrl) : undefined;
      const linkTags = page.some((o) => o.data.initiative_ids?.length) ? [INITIATIVES_CACHE_TAG] : [];
      const items = page.map((o) => ({ ...apiItem(o, places, locale, ctx.config.baseUrl), ...(links ? { initiatives: links.get(o.data.id) ?? [] } : {}) }));
      if (format === 'csv') return { body: buildCsv(items, e.time_zone), contentType: 'text/csv; charset=utf-8' };
      const registration = await registrationSummaries(ctx.db, page.map((o) => o.occurrence_id));
      const withRegistration = items.map((item, i) => ({ ...item, registration: registration.get(page[i]!.occurrence_id) ?? null }));
      const last = page[page.length - 1];
      const next = rows.length > limit && last ? encodeCursor([last.starts_at.toISOString(), last.occurrence_id]) : null;
      return { body: JSON.stringify({ items: withRegistration, next_cursor: next, release: release?.number ?? null }), contentType: JSON_TYPE, tags: linkTags };
    });
  };

  app.get(
    `${API_PREFIX}/events`,
    {
      schema: {
        tags: ['Programme'],
        summary: 'The published City Expo programme, one item per dated occurrence',
        description:
          'Only published data (the latest release). Filters combine with AND; `access` may repeat and all listed features must be present (on the item or its venue). Ordered by start time; follow `next_cursor` for the next page. Answers with an ETag; send If-None-Match for a 304.',
        querystring: ApiEventsQuery,
        response: { 200: ApiEventsPageWithRegistration, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => list('json')(request, reply, request),
  );

  app.get(
    `${API_PREFIX}/events.csv`,
    {
      schema: {
        tags: ['Programme'],
        summary: 'The same view as /api/v1/events, as CSV (UTF-8 with BOM, comma-separated)',
        querystring: ApiEventsQuery,
        produces: ['text/csv'],
        response: { 200: { type: 'string', description: 'CSV' }, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => list('csv')(request, reply, request),
  );

  app.get(
    `${API_PREFIX}/areas.geojson`,
    { schema: { tags: ['Programme'], summary: 'The expo areas as GeoJSON (polygons or points, WGS 84)', response: { 200: GeoJsonCollection } } },
    async (request, reply) =>
      cachedPage(request, reply, 'expo:api:areas', ['expo', 'expo:places'], async () => {
        const e = await edition();
        return { body: JSON.stringify(areasGeoJson(await listAreas(ctx.db, e.id), ctx.config.baseUrl)), contentType: GEOJSON_TYPE };
      }),
  );

  app.get(
    `${API_PREFIX}/venues.geojson`,
    { schema: { tags: ['Programme'], summary: 'The expo venues as GeoJSON points with address, opening hours and accessibility', response: { 200: GeoJsonCollection } } },
    async (request, reply) =>
      cachedPage(request, reply, 'expo:api:venues', ['expo', 'expo:places'], async () => {
        const e = await edition();
        const [areas, venues] = await Promise.all([listAreas(ctx.db, e.id), listVenues(ctx.db, e.id)]);
        return { body: JSON.stringify(venuesGeoJson(venues, new Map(areas.map((a) => [a.id, a])), ctx.config.baseUrl)), contentType: GEOJSON_TYPE };
      }),
  );
};
