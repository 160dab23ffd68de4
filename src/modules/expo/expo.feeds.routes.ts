// Downloads of the published programme: ICS (per item and per filtered view), CSV, the frab
// schedule (JSON and XML) and the Atom feed of changes. All cached per release × language × query.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { cachedPage } from '../../platform/http.ts';
import { notFound } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { expoMessages } from './expo.messages.ts';
import { changesOfReleases, currentEdition, findPublishedEvent, findPublishedOccurrences, latestRelease, listReleases, loadPlaces as loadPlacesOf, type Places } from './expo.queries.ts';
import type { EditionInfo } from './expo.rules.ts';
import { filterQuery, readFilter } from './expo.filters.ts';
import { apiItem, buildAtom, buildCsv, buildFrab, buildIcs, frabToXml } from './expo.formats.ts';
import { titleIn } from './expo.publish-data.ts';
import { changesFeedPath, programmeCsvPath, programmeIcsPath } from './views/format.ts';

const LOCALES: Locale[] = ['sv', 'en'];
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ICS_TYPE = 'text/calendar; charset=utf-8';

const loadPlaces = (ctx: AppContext, edition: EditionInfo): Promise<Places> => loadPlacesOf(ctx.db, edition.id);

async function requireEdition(ctx: AppContext): Promise<EditionInfo> {
  const e = await currentEdition(ctx.db);
  if (!e) throw notFound('No expo edition');
  return e;
}

/** Tags for a filtered view: one day's tag when it is a single day, else the whole programme. */
function viewTags(date: string | undefined): string[] {
  return date ? ['expo', `expo:day:${date}`] : ['expo', 'expo:all'];
}

export async function eventIcs(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, slug: string, locale: Locale): Promise<FastifyReply> {
  if (!SLUG.test(slug)) throw notFound();
  reply.header('content-disposition', `attachment; filename="${slug}.ics"`);
  return cachedPage(request, reply, `expo:event-ics:${locale}:${slug}`, ['expo', `expo:event:${slug}`], async () => {
    const edition = await requireEdition(ctx);
    const ev = await findPublishedEvent(ctx.db, slug);
    if (!ev) throw notFound();
    const [places, occurrences, release] = await Promise.all([
      loadPlaces(ctx, edition),
      findPublishedOccurrences(ctx.db, { filter: {}, tz: edition.time_zone, editionId: edition.id, eventIds: [ev.event_id] }),
      latestRelease(ctx.db, edition.id),
    ]);
    const body = buildIcs({ name: titleIn(ev.data, locale), locale, baseUrl: ctx.config.baseUrl, tz: edition.time_zone, occurrences, places, stamp: release?.published_at ?? new Date(0) });
    return { body, contentType: ICS_TYPE };
  });
}

export const expoFeedRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  for (const locale of LOCALES) {
    const t = expoMessages(locale);

    app.get(programmeIcsPath(locale), async (request, reply) => {
      const filter = readFilter(request.query);
      const qs = filterQuery(filter);
      reply.header('content-disposition', 'attachment; filename="h22-program.ics"');
      return cachedPage(request, reply, `expo:ics:${locale}:${qs}`, viewTags(filter.date), async () => {
        const edition = await requireEdition(ctx);
        const [places, occurrences, release] = await Promise.all([
          loadPlaces(ctx, edition),
          findPublishedOccurrences(ctx.db, { filter, tz: edition.time_zone, editionId: edition.id, limit: 20_000 }),
          latestRelease(ctx.db, edition.id),
        ]);
        const body = buildIcs({ name: t.calendarName, locale, baseUrl: ctx.config.baseUrl, tz: edition.time_zone, occurrences, places, stamp: release?.published_at ?? new Date(0) });
        return { body, contentType: ICS_TYPE };
      });
    });

    app.get(programmeCsvPath(locale), async (request, reply) => {
      const filter = readFilter(request.query);
      const qs = filterQuery(filter);
      reply.header('content-disposition', 'attachment; filename="h22-program.csv"');
      return cachedPage(request, reply, `expo:csv:${locale}:${qs}`, viewTags(filter.date), async () => {
        const edition = await requireEdition(ctx);
        const [places, occurrences] = await Promise.all([loadPlaces(ctx, edition), findPublishedOccurrences(ctx.db, { filter, tz: edition.time_zone, editionId: edition.id, limit: 50_000 })]);
        return { body: buildCsv(occurrences.map((o) => apiItem(o, places, locale, ctx.config.baseUrl)), edition.time_zone), contentType: 'text/csv; charset=utf-8' };
      });
    });

    app.get(changesFeedPath(locale), async (request, reply) =>
      cachedPage(request, reply, `expo:atom:${locale}`, ['expo', 'expo:release'], async () => {
        const edition = await requireEdition(ctx);
        const releases = await listReleases(ctx.db, edition.id, 20);
        const changes = await changesOfReleases(ctx.db, releases.map((r) => r.id));
        return { body: buildAtom({ locale, baseUrl: ctx.config.baseUrl, releases, changes, tz: edition.time_zone, editionSlug: edition.slug }), contentType: 'application/atom+xml; charset=utf-8' };
      }),
    );
  }

  const frab = async (locale: Locale) => {
    const edition = await requireEdition(ctx);
    const [places, occurrences, release] = await Promise.all([
      loadPlaces(ctx, edition),
      findPublishedOccurrences(ctx.db, { filter: {}, tz: edition.time_zone, editionId: edition.id }),
      latestRelease(ctx.db, edition.id),
    ]);
    return buildFrab({ edition, release, baseUrl: ctx.config.baseUrl, occurrences, places, locale });
  };
  const frabLocale = (request: FastifyRequest): Locale => ((request.query as Record<string, unknown>).lang === 'en' ? 'en' : 'sv');

  app.get('/schedule.json', async (request, reply) => {
    const locale = frabLocale(request);
    return cachedPage(request, reply, `expo:frab-json:${locale}`, ['expo', 'expo:all'], async () => ({ body: JSON.stringify(await frab(locale)), contentType: 'application/json; charset=utf-8' }));
  });
  app.get('/schedule.xml', async (request, reply) => {
    const locale = frabLocale(request);
    return cachedPage(request, reply, `expo:frab-xml:${locale}`, ['expo', 'expo:all'], async () => ({ body: frabToXml(await frab(locale)), contentType: 'application/xml; charset=utf-8' }));
  });
};
