// Keeps the programme's cached views (events API, event pages, day view) honest about registration,
// which changes with every sign-up while those views are cached per release (ADR 020):
// - a seat change invalidates the views of that occurrence, coalesced to one invalidation per tag
//   per second, so a rush of sign-ups costs one re-render a second, not one per sign-up;
// - a view whose words change by the clock (registration opens, closes) is cached only until then
//   (the event page gives the render cache that moment; see expo.routes.ts).
import type { AppContext } from '../../platform/context.ts';
import type { RenderCache } from '../../platform/cache.ts';
import { cacheTagsOf } from './registrations.queries.ts';

/** Carried by the events API's multi-day views (a day's views carry expo's day tag instead). */
export const SEATS_TAG = 'registration:seats';

const WINDOW_MS = 1000;
// Occurrence → tags is asked once per sign-up batch; a rush asks it for the same occurrence often. An answer
// is kept two seconds, and never across a release (which may move the occurrence to other days).
const TAGS_TTL_MS = 2000;
const RELEASE_TAG = 'expo:release';

interface State {
  /** Tags invalidated in the current window, and whether they changed again since. */
  recent: Map<string, boolean>;
  timer: NodeJS.Timeout | undefined;
  tagsOf: Map<number, { tags: string[]; at: number; release: number }>;
}

const states = new WeakMap<RenderCache, State>();

function stateOf(cache: RenderCache): State {
  let s = states.get(cache);
  if (!s) states.set(cache, (s = { recent: new Map(), timer: undefined, tagsOf: new Map() }));
  return s;
}

/**
 * Invalidates each tag at once if it was quiet for a second; otherwise at the end of its window.
 * Every window ends with one more invalidation, which also drops a page rendered from counts read
 * just before the commit and stored just after the first invalidation.
 */
export function invalidateCoalesced(cache: RenderCache, tags: string[]): void {
  const s = stateOf(cache);
  const now: string[] = [];
  for (const t of tags) {
    if (s.recent.has(t)) s.recent.set(t, true);
    else {
      s.recent.set(t, false);
      now.push(t);
    }
  }
  if (now.length) cache.invalidate(...now);
  if (!s.timer && s.recent.size) s.timer = setTimeout(() => endWindow(cache, s), WINDOW_MS).unref();
}

function endWindow(cache: RenderCache, s: State): void {
  s.timer = undefined;
  const due = [...s.recent];
  s.recent = new Map(due.filter(([, again]) => again).map(([t]) => [t, false]));
  // The cache bus splits a long list into notifications that fit.
  cache.invalidate(...due.map(([t]) => t));
  if (s.recent.size) s.timer = setTimeout(() => endWindow(cache, s), WINDOW_MS).unref();
}

/** After a commit that changed seats or registration settings of these occurrences. */
export async function seatsChanged(ctx: AppContext, occurrenceIds: number[]): Promise<void> {
  const ids = [...new Set(occurrenceIds)];
  if (ids.length === 0) return;
  const s = stateOf(ctx.cache);
  const at = Date.now();
  const release = ctx.cache.generation(RELEASE_TAG);
  const tags = new Set<string>([SEATS_TAG]);
  const unknown: number[] = [];
  for (const id of ids) {
    const known = s.tagsOf.get(id);
    if (known && at - known.at < TAGS_TTL_MS && known.release === release) known.tags.forEach((t) => tags.add(t));
    else unknown.push(id);
  }
  try {
    if (unknown.length === 1) {
      const found = await cacheTagsOf(ctx.db, unknown);
      s.tagsOf.set(unknown[0] as number, { tags: found, at, release });
      found.forEach((t) => tags.add(t));
    } else if (unknown.length) (await cacheTagsOf(ctx.db, unknown)).forEach((t) => tags.add(t));
  } catch (e) {
    // The seats are decided and committed; a failed lookup must not fail the sign-up. Drop all expo views instead.
    ctx.log(`registrations: cache tags lookup failed (${(e as Error).message}); invalidating the programme`);
    tags.add('expo');
  }
  for (const [id, v] of s.tagsOf) if (at - v.at >= TAGS_TTL_MS) s.tagsOf.delete(id);
  invalidateCoalesced(ctx.cache, [...tags]);
}
