// "My programme": stars kept in the browser (expo-stars.js) or, when signed in, in the account;
// a calendar file of the starred items, and a personal ICS feed behind a secret token.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { safeNext } from '../../platform/http.ts';
import { notFound } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { UserActor } from '../../platform/auth/actor.ts';
import { expoMessages } from './expo.messages.ts';
import { programmePolicy } from './expo.policy.ts';
import { currentEdition, findPublishedOccurrences, hasFeedToken, latestRelease, loadPlaces, publishedEventsBySlugs, publishedSlugsOf, starredEventIds, userIdForFeedToken, type PublishedOccurrence } from './expo.queries.ts';
import { addStars, createFeedToken, feedTokenHash, removeStar } from './expo.commands.ts';
import type { EditionInfo } from './expo.rules.ts';
import { buildIcs } from './expo.formats.ts';
import { myProgrammePath, programmePath } from './views/format.ts';
import { EXPO_STYLES, STAR_SCRIPTS } from './views/public.ts';
import { feedPath, myFeedCreatePath, myIcsPath, myStarsPath, myView } from './views/my.ts';

const LOCALES: Locale[] = ['sv', 'en'];
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_STARS = 200;

/** Slugs from "?s=a,b,c" or repeated fields: valid ones only, at most 200. */
export function readSlugs(v: unknown): string[] {
  const list = (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((x) => (typeof x === 'string' ? x.split(',') : []));
  return [...new Set(list.map((s) => s.trim()).filter((s) => s.length <= 120 && SLUG.test(s)))].slice(0, MAX_STARS);
}

async function starredSlugs(ctx: AppContext, userId: number): Promise<string[]> {
  return publishedSlugsOf(ctx.db, await starredEventIds(ctx.db, userId));
}

/** Published occurrences of the given items, grouped per item in order of their first date. */
async function occurrencesOf(ctx: AppContext, edition: EditionInfo, slugs: string[]) {
  const found = await publishedEventsBySlugs(ctx.db, slugs);
  const occ = await findPublishedOccurrences(ctx.db, { filter: {}, tz: edition.time_zone, editionId: edition.id, eventIds: found.map((f) => f.event_id) });
  const bySlug = new Map<string, PublishedOccurrence[]>();
  for (const o of occ) bySlug.set(o.data.slug, [...(bySlug.get(o.data.slug) ?? []), o]);
  const events = [...bySlug.entries()].map(([slug, occurrences]) => ({ slug, occurrences }));
  events.sort((a, b) => (a.occurrences[0]?.starts_at.getTime() ?? 0) - (b.occurrences[0]?.starts_at.getTime() ?? 0));
  return { events, occ, slugs: events.map((e) => e.slug) };
}

export const expoMyRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const edition = async () => {
    const e = await currentEdition(ctx.db);
    if (!e) throw notFound('No expo edition');
    return e;
  };

  for (const locale of LOCALES) {
    const t = expoMessages(locale);

    const renderMy = async (request: FastifyRequest, reply: FastifyReply, feedUrl?: string) => {
      const e = await edition();
      const user = request.actor.kind === 'user' ? request.actor : undefined;
      const wanted = user ? await starredSlugs(ctx, user.id) : readSlugs((request.query as Record<string, unknown>).s);
      const [{ events, slugs }, places, hasFeed] = await Promise.all([occurrencesOf(ctx, e, wanted), loadPlaces(ctx.db, e.id), user ? hasFeedToken(ctx.db, user.id) : Promise.resolve(false)]);
      reply.header('cache-control', 'private, no-store');
      return reply.page({
        title: t.myTitle,
        alternate: { sv: myProgrammePath('sv'), en: myProgrammePath('en') },
        breadcrumbs: [{ label: t.programmeTitle, href: programmePath(locale) }, { label: t.myTitle }],
        styles: EXPO_STYLES,
        scripts: STAR_SCRIPTS,
        body: myView({ locale, tz: e.time_zone, signedIn: !!user, csrf: user ? request.csrfToken() : undefined, events, places, slugs, hasFeed, feedUrl, baseUrl: ctx.config.baseUrl }),
      });
    };

    app.get(myProgrammePath(locale), async (request, reply) => renderMy(request, reply));

    // Star and unstar in the account: a plain form post (works without JavaScript) or fetch from expo-stars.js.
    app.post(myStarsPath(locale), async (request, reply) => {
      programmePolicy.authorize(request.actor, 'star', undefined);
      const user = request.actor as UserActor;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const add = readSlugs(body.add);
      const remove = readSlugs(body.remove);
      if (add.length) {
        const found = await publishedEventsBySlugs(ctx.db, add);
        await addStars(ctx.db, user.id, found.map((f) => f.event_id));
      }
      if (remove.length) {
        const found = await publishedEventsBySlugs(ctx.db, remove);
        for (const f of found) await removeStar(ctx.db, user.id, f.event_id);
      }
      if ((request.headers.accept ?? '').includes('application/json')) {
        return reply.header('cache-control', 'no-store').send({ starred: await starredSlugs(ctx, user.id) });
      }
      return reply.redirect(safeNext(body.back, myProgrammePath(locale)), 303);
    });

    app.post(myFeedCreatePath(locale), async (request, reply) => {
      programmePolicy.authorize(request.actor, 'star', undefined);
      const token = await createFeedToken(ctx, request.actor, (request.actor as UserActor).id);
      // Shown once in the answer to the post, never put in a redirect URL.
      return renderMy(request, reply, `${ctx.config.baseUrl}${feedPath(locale, token)}`);
    });

    // A calendar file of stars kept in the browser (the list travels in the query).
    app.get(myIcsPath(locale), async (request, reply) => {
      const e = await edition();
      const { occ } = await occurrencesOf(ctx, e, readSlugs((request.query as Record<string, unknown>).s));
      const [places, release] = await Promise.all([loadPlaces(ctx.db, e.id), latestRelease(ctx.db, e.id)]);
      reply.header('content-disposition', 'attachment; filename="mitt-h22-program.ics"');
      return reply
        .type('text/calendar; charset=utf-8')
        .send(buildIcs({ name: t.myCalendarName, locale, baseUrl: ctx.config.baseUrl, tz: e.time_zone, occurrences: occ, places, stamp: release?.published_at ?? new Date(0) }));
    });

    // The personal feed: the secret token is the only credential, so it is compared by its hash.
    app.get(feedPath(locale, ':token'), { logLevel: 'warn' }, async (request, reply) => {
      const { token } = request.params as { token: string };
      if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) throw notFound();
      const userId = await userIdForFeedToken(ctx.db, feedTokenHash(ctx.secret, token));
      if (userId === undefined) throw notFound();
      const e = await edition();
      const { occ } = await occurrencesOf(ctx, e, await starredSlugs(ctx, userId));
      const [places, release] = await Promise.all([loadPlaces(ctx.db, e.id), latestRelease(ctx.db, e.id)]);
      reply.header('cache-control', 'private, no-store');
      return reply
        .type('text/calendar; charset=utf-8')
        .send(buildIcs({ name: t.myCalendarName, locale, baseUrl: ctx.config.baseUrl, tz: e.time_zone, occurrences: occ, places, stamp: release?.published_at ?? new Date(0) }));
    });
  }
};
