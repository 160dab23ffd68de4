// Fixtures for the registrations tests: a published programme item with occurrences and registration
// turned on, made through the same commands the app uses (expo's release, our settings command).
import crypto from 'node:crypto';
import type { AppContext } from '../src/platform/context.ts';
import type { UserActor } from '../src/platform/auth/actor.ts';
import type { Question } from '../src/modules/registrations/registrations.schema.ts';
import { publishRelease } from '../src/modules/expo/expo.commands.ts';
import { saveEventSettings } from '../src/modules/registrations/registrations.commands.ts';
import { makeOrganisation, makeUser } from './factories.ts';

/** A programme-team actor (a real user row, so audit entries point at someone). */
export async function teamActor(ctx: AppContext): Promise<UserActor> {
  const u = await makeUser(ctx, { roles: ['programme_team'], name: 'Tova Team' });
  return { kind: 'user', id: u.id, email: u.email, name: 'Tova Team', locale: 'sv', globalRoles: ['programme_team'], memberships: [], via: 'session' };
}

async function ensurePlace(ctx: AppContext): Promise<{ editionId: number; venueId: number }> {
  await ctx.db
    .insertInto('expo_editions')
    .values({ slug: 'testexpo', acronym: 'testexpo', name_sv: 'Testmässan', starts_on: '2026-01-01', ends_on: '2027-12-31', is_current: true })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const edition = await ctx.db.selectFrom('expo_editions').select('id').where('is_current', '=', true).executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('expo_areas')
    .values({ edition_id: edition.id, slug: 'testomradet', kind: 'main', name_sv: 'Testområdet', geometry: JSON.stringify({ type: 'Point', coordinates: [12.69, 56.04] }) })
    .onConflict((oc) => oc.columns(['edition_id', 'slug']).doNothing())
    .execute();
  const area = await ctx.db.selectFrom('expo_areas').select('id').where('edition_id', '=', edition.id).orderBy('id').executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('expo_venues')
    .values({ edition_id: edition.id, area_id: area.id, slug: 'testsalen', name_sv: 'Testsalen', name_en: 'The Test Hall', street: 'Kungsgatan 11', lat: 56.04, lon: 12.69, opening_hours: JSON.stringify({}) })
    .onConflict((oc) => oc.columns(['edition_id', 'slug']).doNothing())
    .execute();
  const venue = await ctx.db.selectFrom('expo_venues').select('id').where('edition_id', '=', edition.id).where('slug', '=', 'testsalen').executeTakeFirstOrThrow();
  return { editionId: edition.id, venueId: venue.id };
}

export interface RegistrableOptions {
  capacity?: number;
  waitlist?: number;
  maxGroup?: number;
  offerHours?: number;
  occurrences?: number;
  startsAt?: Date;
  opensAt?: Date | null;
  closesAt?: Date | null;
  questions?: Question[];
  accountRequired?: boolean;
  titleSv?: string;
  titleEn?: string;
  actor?: UserActor;
}

export interface Registrable {
  eventId: number;
  slug: string;
  occurrenceIds: number[];
  organisationId: number;
  title: string;
}

/** A published item with `occurrences` sessions (one a day from startsAt) and registration on. */
export async function makeRegistrable(ctx: AppContext, o: RegistrableOptions = {}): Promise<Registrable> {
  const { editionId, venueId } = await ensurePlace(ctx);
  const org = await makeOrganisation(ctx);
  const u = crypto.randomBytes(4).toString('hex');
  const title = o.titleSv ?? `Guidad tur ${u}`;
  const event = await ctx.db
    .insertInto('expo_events')
    .values({ edition_id: editionId, slug: `tur-${u}`, state: 'accepted', type: 'guided_tour', title_sv: title, title_en: o.titleEn ?? `Guided tour ${u}`, booking_mode: 'registration', prices: JSON.stringify([]) })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  await ctx.db.insertInto('expo_event_organisers').values({ event_id: event.id, organisation_id: org.id, is_main: true }).execute();
  const start = o.startsAt ?? new Date(Date.now() + 10 * 86400_000);
  const occ = await ctx.db
    .insertInto('expo_occurrences')
    .values(
      Array.from({ length: o.occurrences ?? 1 }, (_, i) => ({
        event_id: event.id,
        venue_id: venueId,
        starts_at: new Date(start.getTime() + i * 86400_000),
        ends_at: new Date(start.getTime() + i * 86400_000 + 3600_000),
      })),
    )
    .returning('id')
    .execute();
  const pub = await publishRelease(ctx, { kind: 'anonymous' });
  if (pub.outcome !== 'ok') throw new Error(`publish: ${pub.outcome}`);
  const actor = o.actor ?? (await teamActor(ctx));
  const r = await saveEventSettings(ctx, actor, event.id, {
    capacity: o.capacity ?? 10,
    max_group_size: o.maxGroup ?? 4,
    waitlist_capacity: o.waitlist ?? 20,
    offer_hours: o.offerHours ?? 12,
    erase_after_days: 30,
    account_required: o.accountRequired ?? false,
    opens_at: o.opensAt ?? null,
    closes_at: o.closesAt ?? null,
    questions: o.questions ?? [],
    applyToAll: true,
  });
  if (r.outcome !== 'ok') throw new Error(`settings: ${JSON.stringify(r)}`);
  return { eventId: event.id, slug: event.slug, occurrenceIds: occ.map((x) => x.id).sort((a, b) => a - b), organisationId: org.id, title };
}
