// What other modules may know of initiatives: links to published ones (for pages that show them), a
// picker for staff forms, and an extension point through which pages elsewhere that show an initiative
// (the expo programme) are listed on it — so this module never imports the one that shows it.
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/db.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { Stage } from './initiatives.schema.ts';
import { STAGE_LABELS } from './initiatives.messages.ts';
import { initiativePaths } from './initiatives.paths.ts';

type Reader = Db | Tx;

/**
 * The render-cache tag every public change to an initiative invalidates (title, stage, publishing);
 * a page elsewhere that shows initiative links carries it so it never shows a stale or dangling link.
 */
export const INITIATIVES_CACHE_TAG = 'initiatives';

export interface InitiativeLink {
  id: number;
  slug: string;
  title: string;
  stage: Stage;
  stageLabel: string;
  /** Site-relative address of the public page in the locale. */
  path: string;
}

const titleIn = (locale: Locale) => (locale === 'en' ? sql<string>`coalesce(nullif(i.title_en, ''), i.title_sv)` : sql<string>`i.title_sv`);

/** The published initiatives among `ids`, in the order of `ids`; unknown and unpublished ones are left out. */
export async function publicInitiativeLinks(db: Reader, ids: readonly number[], locale: Locale): Promise<InitiativeLink[]> {
  const wanted = [...new Set(ids.filter((id) => Number.isSafeInteger(id) && id > 0))];
  if (wanted.length === 0) return [];
  const rows = await db
    .selectFrom('initiatives as i')
    .select(['i.id', 'i.slug', 'i.stage', titleIn(locale).as('title')])
    .where('i.id', 'in', wanted)
    .where('i.published', '=', true)
    .execute();
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return wanted.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ id, slug: r.slug, title: r.title, stage: r.stage, stageLabel: STAGE_LABELS[r.stage][locale], path: initiativePaths.item(locale, r.slug) }] : [];
  });
}

/** Which of `ids` are published initiatives. */
export async function publishedInitiativeIds(db: Reader, ids: readonly number[]): Promise<Set<number>> {
  const wanted = [...new Set(ids.filter((id) => Number.isSafeInteger(id) && id > 0))];
  if (wanted.length === 0) return new Set();
  const rows = await db.selectFrom('initiatives').select('id').where('id', 'in', wanted).where('published', '=', true).execute();
  return new Set(rows.map((r) => Number(r.id)));
}

/** The published initiatives with these slugs (demo data links by slug), by slug. */
export async function publishedInitiativesBySlug(db: Reader, slugs: readonly string[]): Promise<Map<string, number>> {
  if (slugs.length === 0) return new Map();
  const rows = await db.selectFrom('initiatives').select(['id', 'slug']).where('slug', 'in', [...slugs]).where('published', '=', true).execute();
  return new Map(rows.map((r) => [r.slug, Number(r.id)]));
}

export interface InitiativeOption {
  id: number;
  title: string;
  stageLabel: string;
  owner: string;
  published: boolean;
}

export interface InitiativePicker {
  /** The ones linked now (even if unpublished since, so staff see why they no longer show). */
  selected: InitiativeOption[];
  /** Published initiatives of the person's own organisations (owner or participant). */
  own: InitiativeOption[];
  /** Published initiatives whose title matches the search. */
  found: InitiativeOption[];
}

const PICKER_LIMIT = 30;

/** Choices for a staff form that links published initiatives: the linked ones, the organisation's own, and a title search. */
export async function initiativePicker(db: Reader, o: { locale: Locale; selectedIds: readonly number[]; organisationIds: readonly number[]; q?: string | undefined }): Promise<InitiativePicker> {
  const base = () =>
    db
      .selectFrom('initiatives as i')
      .innerJoin('organisations as o', 'o.id', 'i.owner_organisation_id')
      .select(['i.id', 'i.stage', 'i.published', 'o.name as owner', titleIn(o.locale).as('title')])
      .orderBy(sql`${titleIn(o.locale)} COLLATE sv`)
      .orderBy('i.id');
  const option = (r: { id: number; stage: Stage; published: boolean; owner: string; title: string }): InitiativeOption => ({
    id: Number(r.id),
    title: r.title,
    stageLabel: STAGE_LABELS[r.stage][o.locale],
    owner: r.owner,
    published: r.published,
  });
  const selectedIds = [...new Set(o.selectedIds.filter((id) => Number.isSafeInteger(id) && id > 0))];
  const orgIds = [...new Set(o.organisationIds)];
  const q = (o.q ?? '').trim().slice(0, 100);
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const [selected, own, found] = await Promise.all([
    selectedIds.length ? base().where('i.id', 'in', selectedIds).execute() : [],
    orgIds.length
      ? base()
          .where('i.published', '=', true)
          .where(sql<boolean>`i.organisation_ids && ${sql.val(orgIds)}::bigint[]`)
          .limit(PICKER_LIMIT)
          .execute()
      : [],
    q
      ? base()
          .where('i.published', '=', true)
          .where((eb) => eb.or([eb('i.title_sv', 'ilike', pattern), eb('i.title_en', 'ilike', pattern)]))
          .limit(PICKER_LIMIT)
          .execute()
      : [],
  ]);
  return { selected: selected.map(option), own: own.map(option), found: found.map(option) };
}

// ---------- the extension point: events that show an initiative ----------

export interface InitiativeEvent {
  id: number;
  slug: string;
  title: string;
  /** Site-relative address of the event page in the locale. */
  path: string;
  /** The first date the event is on. */
  startsAt: Date;
  /** Where it is (the area's name), or ''. */
  place: string;
}

export interface InitiativeEventsProvider {
  /** Render-cache tags that are invalidated when the list may change (e.g. a programme release). */
  cacheTags: readonly string[];
  /** The published events that show the initiative, first date first. */
  eventsShowing(db: Reader, initiativeId: number, locale: Locale): Promise<InitiativeEvent[]>;
}

let eventsProvider: InitiativeEventsProvider | undefined;

/** Called once by the module that publishes events (expo) when it is loaded. */
export function registerInitiativeEvents(provider: InitiativeEventsProvider): void {
  eventsProvider = provider;
}

/** The events that show an initiative, and the cache tags a page listing them needs ([] and [] without a provider). */
export async function eventsShowing(db: Reader, initiativeId: number, locale: Locale): Promise<InitiativeEvent[]> {
  return eventsProvider ? eventsProvider.eventsShowing(db, initiativeId, locale) : [];
}

export function eventsCacheTags(): string[] {
  return eventsProvider ? [...eventsProvider.cacheTags] : [];
}
