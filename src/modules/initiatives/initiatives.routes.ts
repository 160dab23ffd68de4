// Public pages of the portfolio: /initiativ and /en/initiatives (list, map, lessons, one initiative).
// Thin: read the query, call queries, render; anonymous responses come from the render cache.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { cachedPage } from '../../platform/http.ts';
import { page } from '../../platform/layout.ts';
import { notFound } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { initiativePolicy } from './initiatives.policy.ts';
import { initiativesMessages } from './initiatives.messages.ts';
import type { ListQueryValue } from './initiatives.schema.ts';
import { filterOrganisations, filtersToQuery, getInitiative, lessonsLibrary, mapPoints, parseListFilters, scanPortfolio } from './initiatives.queries.ts';
import { initiativePaths } from './initiatives.paths.ts';
import { eventsCacheTags, eventsShowing } from './initiatives.links.ts';
import { detailView, lessonsView, listView, mapView } from './views/public.ts';

export const PAGE_SIZE = 24;
/** Leaflet as served by the expo module's static route; without JavaScript or tiles the page is the list of places. */
const mapAssets = { styles: ['/assets/vendor/leaflet/leaflet.css'], scripts: ['/assets/vendor/leaflet/leaflet.js', '/assets/initiatives-map.js'] };
const LOCALES: Locale[] = ['sv', 'en'];
const SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Query-string values as the list schema expects them; anything else is ignored. */
export function listQueryOf(request: FastifyRequest): ListQueryValue & { page?: string } {
  const raw = (request.query ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const k of ['q', 'stage', 'sdg', 'aim', 'org', 'sector', 'tech', 'collab', 'sort', 'page', 'lang']) {
    const v = Array.isArray(raw[k]) ? (raw[k] as unknown[])[0] : raw[k];
    if (typeof v === 'string') out[k] = v.slice(0, 200);
  }
  return out;
}

export const initiativesPublicRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  for (const locale of LOCALES) {
    const t = initiativesMessages(locale);
    const listPath = initiativePaths.list(locale);

    app.get(listPath, async (request, reply) => {
      const query = listQueryOf(request);
      const parsed = parseListFilters(query);
      const pageNo = /^\d{1,4}$/.test(query.page ?? '') ? Math.max(1, Number(query.page)) : 1;
      const canonical = filtersToQuery(parsed, { page: pageNo > 1 ? pageNo : undefined });
      const alternate = { sv: initiativePaths.list('sv') + canonical, en: initiativePaths.list('en') + canonical };
      return cachedPage(request, reply, `initiatives:list:${locale}:${canonical}`, ['initiatives'], async () => {
        const [{ filters: f, counts, items }, organisations] = await Promise.all([
          scanPortfolio(ctx.db, parsed, locale, { limit: PAGE_SIZE, offset: (pageNo - 1) * PAGE_SIZE }),
          filterOrganisations(ctx.db),
        ]);
        return {
          body: page(request.pageContext(alternate), {
            title: f.q ? `${t.listTitle}: ${f.q}` : t.listTitle,
            heading: t.listTitle,
            description: t.listLead,
            wide: true,
            body: listView({ locale, filters: f, counts, options: { organisations }, items, page: pageNo, pageSize: PAGE_SIZE }),
          }),
        };
      });
    });

    const mapPath = initiativePaths.map(locale);
    app.get(mapPath, async (request, reply) => {
      const parsed = parseListFilters(listQueryOf(request));
      const canonical = filtersToQuery({ ...parsed, sort: parsed.q ? 'relevance' : 'updated' });
      const alternate = { sv: initiativePaths.map('sv') + canonical, en: initiativePaths.map('en') + canonical };
      return cachedPage(request, reply, `initiatives:map:${locale}:${canonical}`, ['initiatives'], async () => {
        const [{ filters: f, counts }, organisations] = await Promise.all([scanPortfolio(ctx.db, parsed, locale), filterOrganisations(ctx.db)]);
        const points = await mapPoints(ctx.db, f, locale);
        return {
          body: page(request.pageContext(alternate), {
            title: t.mapTitle,
            description: t.mapLead,
            wide: true,
            ...mapAssets,
            breadcrumbs: [{ label: t.listTitle, href: listPath }, { label: t.mapTitle }],
            body: mapView({ locale, filters: f, counts, options: { organisations }, points, tileUrl: ctx.config.tileUrl }),
          }),
        };
      });
    });

    const lessonsPath = initiativePaths.lessons(locale);
    app.get(lessonsPath, async (request, reply) => {
      const s = listQueryOf(request).stage;
      const stage = s === 'realised' || s === 'stopped' ? s : undefined;
      const q = stage ? `?stage=${stage}` : '';
      return cachedPage(request, reply, `initiatives:lessons:${locale}:${q}`, ['initiatives'], async () => {
        const items = await lessonsLibrary(ctx.db, locale, stage ? { stage } : {});
        return {
          body: page(request.pageContext({ sv: initiativePaths.lessons('sv') + q, en: initiativePaths.lessons('en') + q }), {
            title: t.lessonsTitle,
            description: t.lessonsLead,
            breadcrumbs: [{ label: t.listTitle, href: listPath }, { label: t.lessonsTitle }],
            body: lessonsView(locale, items, stage),
          }),
        };
      });
    });

    app.get(`${listPath}/:slug`, async (request, reply) => {
      const { slug } = request.params as { slug: string };
      if (!SLUG_RE.test(slug) || slug.length > 120) throw notFound();
      const alternate = initiativePaths.both(initiativePaths.item, slug);
      // The expo events shown with it change with programme releases: their tags too.
      return cachedPage(request, reply, `initiatives:item:${locale}:${slug}`, ['initiatives', ...eventsCacheTags()], async () => {
        const d = await getInitiative(ctx.db, { slug });
        // Drafts exist only in the staff area; the public address answers 404 until published.
        if (!d || !d.row.published || !initiativePolicy.can(request.actor, 'view', d.access)) throw notFound();
        const v = detailView(locale, d, ctx.config.baseUrl, await eventsShowing(ctx.db, d.row.id, locale), { tileUrl: ctx.config.tileUrl });
        const hasPlace = d.row.location_lat !== null || d.row.location_area !== null;
        return {
          body: page(request.pageContext(alternate), {
            title: v.title,
            description: v.description || undefined,
            head: v.head,
            ...(hasPlace ? mapAssets : {}),
            breadcrumbs: [{ label: t.listTitle, href: listPath }, { label: v.title }],
            body: v.body,
          }),
        };
      });
    });
  }
};
