// Public pages of the programme (sv at /program, en at /en/program), the map assets, and the
// registration of the feed, API and admin routes. Public pages read only the published snapshot.
import path from 'node:path';
import { createRequire } from 'node:module';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { AppContext } from '../../platform/context.ts';
import { cachedPage } from '../../platform/http.ts';
import { page } from '../../platform/layout.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { html } from '../../platform/html.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { expoMessages } from './expo.messages.ts';
import {
  changesOfReleases,
  currentEdition,
  expoDays,
  findPublishedEvent,
  findPublishedOccurrences,
  latestRelease,
  listAreas,
  listReleases,
  listVenues,
  loadPlaces as loadPlacesOf,
  publishedSlugsOf,
  starredEventIds,
  type Places,
} from './expo.queries.ts';
import type { EditionInfo } from './expo.rules.ts';
import { filterQuery, readFilter, withQuery } from './expo.filters.ts';
import { clock, localDate } from './expo.time.ts';
import { titleIn } from './expo.publish-data.ts';
import {
  EXPO_STYLES,
  MAP_SCRIPTS,
  MAP_STYLES,
  STAR_SCRIPTS,
  areaView,
  areasView,
  changelogView,
  eventView,
  programmeView,
  venueView,
  type StarState,
} from './views/public.ts';
import { myStarsPath } from './views/my.ts';
import { currentSlugFor } from './expo.places.queries.ts';
import { areaPath, areasPath, changesPath, dayLabel, eventPath, programmePath, venuePath } from './views/format.ts';
import { expoFeedRoutes, eventIcs } from './expo.feeds.routes.ts';
import { expoApiRoutes } from './expo.api.routes.ts';
import { expoAdminRoutes } from './expo.admin.routes.ts';
import { initiativeLinksOf } from './expo.links.ts';
import { INITIATIVES_CACHE_TAG } from '../initiatives/index.ts';
import { expoMyRoutes } from './expo.my.routes.ts';
import { registrationStates } from '../registrations/index.ts';

const LOCALES: Locale[] = ['sv', 'en'];
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const loadPlaces = (ctx: AppContext, edition: EditionInfo): Promise<Places> => loadPlacesOf(ctx.db, edition.id);

/** Both language versions of a path with the same query. */
export function alternates(request: FastifyRequest, sv: string, en: string): { sv: string; en: string } {
  const q = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
  return { sv: sv + q, en: en + q };
}

// The day view needs the edition before it can build its cache key; a cache hit must not wait for the
// database, so the edition is remembered for a few seconds (it changes once per expo, if ever).
const EDITION_TTL_MS = 5_000;
const editionMemo = new WeakMap<AppContext, { at: number; value: EditionInfo | undefined }>();

async function findEdition(ctx: AppContext): Promise<EditionInfo | undefined> {
  const memo = editionMemo.get(ctx);
  let e = memo && Date.now() - memo.at < EDITION_TTL_MS ? memo.value : undefined;
  if (!e) {
    e = await currentEdition(ctx.db);
    editionMemo.set(ctx, { at: Date.now(), value: e });
  }
  return e;
}

async function requireEdition(ctx: AppContext): Promise<EditionInfo> {
  const e = await findEdition(ctx);
  if (!e) throw notFound('No expo edition');
  return e;
}

/** Serves a place page; when the slug is a renamed area's or venue's former one, answers 301 to the current address. */
async function orFormerSlug(ctx: AppContext, reply: FastifyReply, kind: 'area' | 'venue', locale: Locale, slug: string, serve: () => Promise<FastifyReply>): Promise<FastifyReply> {
  try {
    return await serve();
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'not_found') throw e;
    const edition = await requireEdition(ctx);
    const current = await currentSlugFor(ctx.db, kind, edition.id, slug);
    if (!current || current === slug) throw e;
    return reply.redirect((kind === 'area' ? areaPath : venuePath)(locale, current), 301);
  }
}

/** The day to show: the asked one if it is an expo day; otherwise today during the expo, else the first day. */
export function chooseDay(edition: EditionInfo, asked: string | undefined, now: Date): { date: string; today: string } {
  const days = expoDays(edition);
  const today = localDate(now, edition.time_zone);
  if (asked && days.includes(asked)) return { date: asked, today };
  return { date: days.includes(today) ? today : (days[0] as string), today };
}

export const expoRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  // Signed-in visitors get a fresh render (never cached) with their own stars.
  const starStateFor = async (request: FastifyRequest, locale: Locale): Promise<StarState | undefined> => {
    if (request.actor.kind !== 'user') return undefined;
    const starred = await publishedSlugsOf(ctx.db, await starredEventIds(ctx.db, request.actor.id));
    return { syncUrl: myStarsPath(locale), csrf: request.csrfToken(), starred };
  };

  // Leaflet from the installed package: no CDN.
  const leafletDist = path.join(path.dirname(createRequire(import.meta.url).resolve('leaflet/package.json')), 'dist');
  await app.register(fastifyStatic, { root: leafletDist, prefix: '/assets/vendor/leaflet/', decorateReply: false, maxAge: '7d', allowedPath: (p) => /^\/(leaflet\.(js|css)|images\/[a-z0-9-]+\.png)$/.test(p) });

  for (const locale of LOCALES) {
    const t = expoMessages(locale);

    app.get(programmePath(locale), async (request, reply) => {
      const edition = await findEdition(ctx);
      // Before any expo is set up the nav still links here: say so rather than answer 404.
      if (!edition) {
        return reply.page({ title: t.programmeTitle, alternate: { sv: programmePath('sv'), en: programmePath('en') }, body: html`<p>${t.noEditionYet}</p>` });
      }
      const tz = edition.time_zone;
      const filter = readFilter(request.query);
      const now = clock.now();
      const { date, today } = chooseDay(edition, filter.date, now);
      filter.date = date;
      delete filter.from;
      delete filter.to;
      const qs = filterQuery(filter);
      // "Now and next" changes with the clock: today's page is cached for five minutes at most.
      const bucket = date === today ? `:now${Math.floor(now.getTime() / 300_000)}` : '';
      const alternate = { sv: withQuery(programmePath('sv'), qs), en: withQuery(programmePath('en'), qs) };
      return cachedPage(request, reply, `expo:program:${locale}:${qs}${bucket}`, ['expo', `expo:day:${date}`], async () => {
        const [places, release, occurrences] = await Promise.all([
          loadPlaces(ctx, edition),
          latestRelease(ctx.db, edition.id),
          findPublishedOccurrences(ctx.db, { filter, tz, editionId: edition.id }),
        ]);
        const areaOrder = new Map([...places.areas.values()].map((a, i) => [a.id, i]));
        const timed = occurrences.filter((o) => !o.all_day);
        const ongoing = occurrences
          .filter((o) => o.all_day)
          .sort((a, b) => (areaOrder.get(a.area_id) ?? 0) - (areaOrder.get(b.area_id) ?? 0) || titleIn(a.data, locale).localeCompare(titleIn(b.data, locale), locale));
        const [stars, registration] = await Promise.all([starStateFor(request, locale), registrationStates(ctx.db, occurrences.map((o) => o.occurrence_id), now)]);
        const body = programmeView({ locale, tz, days: expoDays(edition), date, filter, timed, ongoing, places, now: date === today ? now : undefined, released: !!release, stars, registration });
        return {
          body: page(request.pageContext(alternate), {
            title: `${t.programmeTitle} – ${dayLabel(date, locale)}`,
            heading: t.programmeTitle,
            description: t.programmeLead,
            body,
            styles: EXPO_STYLES,
            scripts: STAR_SCRIPTS,
            wide: true,
            head: html`<link rel="alternate" type="application/atom+xml" href="${changesPath(locale)}.atom" title="${t.changelogTitle}">`,
          }),
        };
      });
    });

    app.get(`${eventPath(locale, ':slug')}`, async (request, reply) => {
      const { slug } = request.params as { slug: string };
      if (slug.endsWith('.ics')) return eventIcs(ctx, request, reply, slug.slice(0, -4), locale);
      if (!SLUG.test(slug)) throw notFound();
      const alternate = { sv: eventPath('sv', slug), en: eventPath('en', slug) };
      return cachedPage(request, reply, `expo:event:${locale}:${slug}`, ['expo', `expo:event:${slug}`], async () => {
        const edition = await requireEdition(ctx);
        const ev = await findPublishedEvent(ctx.db, slug);
        if (!ev) throw notFound();
        const [places, occurrences] = await Promise.all([loadPlaces(ctx, edition), findPublishedOccurrences(ctx.db, { filter: {}, tz: edition.time_zone, editionId: edition.id, eventIds: [ev.event_id] })]);
        const now = clock.now();
        const [stars, registration] = await Promise.all([starStateFor(request, locale), registrationStates(ctx.db, occurrences.map((o) => o.occurrence_id), now)]);
        // Registration words change by the clock (opens, closes, the session passes): the cached page expires
        // then — on the wall clock, so a test or demo clock only shifts when.
        const turns = [...registration].flatMap(([id, r]) => [r.changesAt, occurrences.find((o) => o.occurrence_id === id)?.ends_at].filter((d): d is Date => !!d && d > now));
        const expiresAt = turns.length ? Date.now() + Math.min(...turns.map((d) => d.getTime())) - now.getTime() : undefined;
        // Initiative titles and stages are read live; a page with links is dropped whenever an initiative changes.
        const initiativeIds = ev.data.initiative_ids ?? [];
        const initiatives = await initiativeLinksOf(ctx.db, initiativeIds, locale);
        const { body, head } = eventView({ initiatives, locale, tz: edition.time_zone, baseUrl: ctx.config.baseUrl, event: ev.data, occurrences, places, tileUrl: ctx.config.tileUrl, stars, registration, now });
        return {
          tags: initiativeIds.length ? [INITIATIVES_CACHE_TAG] : [],
          expiresAt,
          body: page(request.pageContext(alternate), {
            title: titleIn(ev.data, locale),
            description: t.programmeTitle,
            body,
            head,
            styles: MAP_STYLES,
            scripts: [...MAP_SCRIPTS, ...STAR_SCRIPTS],
            breadcrumbs: [{ label: t.programmeTitle, href: programmePath(locale) }, { label: titleIn(ev.data, locale) }],
          }),
        };
      });
    });

    app.get(areasPath(locale), async (request, reply) =>
      cachedPage(request, reply, `expo:areas:${locale}`, ['expo', 'expo:places'], async () => {
        const edition = await requireEdition(ctx);
        const [areas, venues] = await Promise.all([listAreas(ctx.db, edition.id), listVenues(ctx.db, edition.id)]);
        return {
          body: page(request.pageContext({ sv: areasPath('sv'), en: areasPath('en') }), {
            title: t.areasTitle,
            body: areasView(locale, areas, venues, ctx.config.tileUrl),
            styles: MAP_STYLES,
            scripts: MAP_SCRIPTS,
            breadcrumbs: [{ label: t.programmeTitle, href: programmePath(locale) }, { label: t.areasTitle }],
          }),
        };
      }),
    );

    app.get(areaPath(locale, ':slug'), async (request, reply) => {
      const { slug } = request.params as { slug: string };
      if (!SLUG.test(slug)) throw notFound();
      return orFormerSlug(ctx, reply, 'area', locale, slug, () => cachedPage(request, reply, `expo:area:${locale}:${slug}`, ['expo', 'expo:places', `expo:area:${slug}`], async () => {
        const edition = await requireEdition(ctx);
        const [areas, venues] = await Promise.all([listAreas(ctx.db, edition.id), listVenues(ctx.db, edition.id)]);
        const area = areas.find((a) => a.slug === slug);
        if (!area) throw notFound();
        const name = locale === 'en' && area.name_en ? area.name_en : area.name_sv;
        return {
          body: page(request.pageContext({ sv: areaPath('sv', slug), en: areaPath('en', slug) }), {
            title: name,
            body: areaView(locale, area, venues.filter((v) => v.area_id === area.id), ctx.config.tileUrl),
            styles: MAP_STYLES,
            scripts: MAP_SCRIPTS,
            breadcrumbs: [{ label: t.programmeTitle, href: programmePath(locale) }, { label: t.areasTitle, href: areasPath(locale) }, { label: name }],
          }),
        };
      }));
    });

    app.get(venuePath(locale, ':slug'), async (request, reply) => {
      const { slug } = request.params as { slug: string };
      if (!SLUG.test(slug)) throw notFound();
      return orFormerSlug(ctx, reply, 'venue', locale, slug, () => cachedPage(request, reply, `expo:venue:${locale}:${slug}`, ['expo', 'expo:places', `expo:venue:${slug}`], async () => {
        const edition = await requireEdition(ctx);
        const places = await loadPlaces(ctx, edition);
        const venue = [...places.venues.values()].find((v) => v.slug === slug);
        if (!venue) throw notFound();
        const occurrences = await findPublishedOccurrences(ctx.db, { filter: {}, tz: edition.time_zone, editionId: edition.id, venueId: venue.id, limit: 1000 });
        const area = places.areas.get(venue.area_id);
        const name = locale === 'en' && venue.name_en ? venue.name_en : venue.name_sv;
        const { body, head } = venueView({ locale, tz: edition.time_zone, venue, area, occurrences, places, tileUrl: ctx.config.tileUrl });
        return {
          body: page(request.pageContext({ sv: venuePath('sv', slug), en: venuePath('en', slug) }), {
            title: name,
            body,
            head,
            styles: MAP_STYLES,
            scripts: MAP_SCRIPTS,
            breadcrumbs: [
              { label: t.programmeTitle, href: programmePath(locale) },
              ...(area ? [{ label: locale === 'en' && area.name_en ? area.name_en : area.name_sv, href: areaPath(locale, area.slug) }] : []),
              { label: name },
            ],
          }),
        };
      }));
    });

    app.get(changesPath(locale), async (request, reply) =>
      cachedPage(request, reply, `expo:changes:${locale}`, ['expo', 'expo:release'], async () => {
        const edition = await requireEdition(ctx);
        const releases = await listReleases(ctx.db, edition.id, 20);
        const changes = await changesOfReleases(ctx.db, releases.map((r) => r.id));
        return {
          body: page(request.pageContext({ sv: changesPath('sv'), en: changesPath('en') }), {
            title: t.changelogTitle,
            body: changelogView(locale, releases, changes, edition.time_zone),
            styles: EXPO_STYLES,
            breadcrumbs: [{ label: t.programmeTitle, href: programmePath(locale) }, { label: t.changelogTitle }],
          }),
        };
      }),
    );
  }

  await app.register(expoFeedRoutes, { ctx });
  await app.register(expoApiRoutes, { ctx });
  await app.register(expoMyRoutes, { ctx });
  await app.register(expoAdminRoutes, { ctx });
};
