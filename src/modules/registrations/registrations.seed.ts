// Demo registration: turns sign-up on for a handful of published programme items, among them small
// ones (10 seats), and fills one small occurrence to show a full session with a waiting list.
//
// The expo is in 2022, so enrolment windows taken from the programme would all be closed by now.
// The demo windows are therefore open both now and in a demo run on the expo's own dates: opening
// 60 days before the expo (or the day before seeding, if that is earlier), closing a year after
// seeding. Idempotent: items that already have settings are left alone.
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import { generateTicketCode, manageToken, manageTokenHash } from './registrations.rules.ts';
import type { Question } from './registrations.schema.ts';

const SEED_SOURCE = 'h22-seed';

interface Plan {
  eventId: number;
  capacity: number;
  maxGroup: number;
  waitlist: number;
  questions: Question[];
  /** At most this many occurrences (the first ones), so long weekly series stay small. */
  occurrences: number;
}

const ACCESS_QUESTION: Question = { id: 'q1', label_sv: 'Behöver du något för att kunna delta (till exempel rullstolsplats eller hörslinga)?', label_en: 'Do you need anything to take part (for example a wheelchair space or a hearing loop)?', required: false };
const ORG_QUESTION: Question = { id: 'q1', label_sv: 'Organisation', label_en: 'Organisation', required: false };

const DEMO_PEOPLE = ['Alva Lindqvist', 'Omar Haddad', 'Maja Persson', 'Elias Nyberg', 'Sofia Karlsson', 'Noah Ek', 'Ebba Holm', 'Liam Berg', 'Ines Sandberg'];

export async function seedRegistrations(ctx: AppContext, now: Date = new Date()): Promise<void> {
  const real = await ctx.db
    .selectFrom('expo_events')
    .select(['id', 'external_id'])
    .where('source', '=', SEED_SOURCE)
    .where('external_id', 'in', ['urban-brilliance', 'silviabo'])
    .execute();
  const id = (key: string) => real.find((r) => r.external_id === key)?.id;
  const plans: Plan[] = [];
  const ub = id('urban-brilliance');
  if (ub) plans.push({ eventId: ub, capacity: 250, maxGroup: 4, waitlist: 100, questions: [ORG_QUESTION], occurrences: 10 });
  const silvia = id('silviabo');
  if (silvia) plans.push({ eventId: silvia, capacity: 10, maxGroup: 2, waitlist: 10, questions: [ACCESS_QUESTION], occurrences: 6 });
  // A few invented items that ask for registration, in programme order: two small, two larger.
  const demo = await sql<{ event_id: number; capacity: number | null }>`
    SELECT e.id AS event_id, min(v.capacity) AS capacity
    FROM expo_events e
    JOIN expo_pub_occurrences po ON po.event_id = e.id
    JOIN expo_venues v ON v.id = po.venue_id
    WHERE e.is_demo AND e.booking_mode = 'registration' AND e.source = ${SEED_SOURCE} AND NOT po.all_day
    GROUP BY e.id
    ORDER BY min(po.starts_at), e.id
    LIMIT 4`.execute(ctx.db);
  demo.rows.forEach((d, i) =>
    plans.push({ eventId: d.event_id, capacity: i < 2 ? 10 : Math.min(d.capacity ?? 60, 60), maxGroup: i < 2 ? 2 : 4, waitlist: i < 2 ? 5 : 20, questions: i % 2 ? [ACCESS_QUESTION] : [], occurrences: 3 }),
  );
  if (plans.length === 0) return;

  const edition = await ctx.db.selectFrom('expo_editions').select(sql<string>`starts_on::text`.as('starts_on')).where('is_current', '=', true).executeTakeFirst();
  const expoStart = edition ? Date.parse(`${edition.starts_on}T00:00:00Z`) : now.getTime();
  const opensAt = new Date(Math.min(now.getTime() - 86400_000, expoStart - 60 * 86400_000));
  const closesAt = new Date(now.getTime() + 365 * 86400_000);
  await ctx.db.transaction().execute(async (trx) => {
    for (const p of plans) {
      const inserted = await trx
        .insertInto('registration_events')
        .values({ event_id: p.eventId, max_group_size: p.maxGroup, waitlist_capacity: p.waitlist, questions: JSON.stringify(p.questions) })
        .onConflict((oc) => oc.column('event_id').doNothing())
        .returning('event_id')
        .executeTakeFirst();
      if (!inserted) continue;
      const occs = await trx
        .selectFrom('expo_pub_occurrences')
        .select('occurrence_id')
        .where('event_id', '=', p.eventId)
        .orderBy('starts_at')
        .limit(p.occurrences)
        .execute();
      if (occs.length === 0) continue;
      await trx
        .insertInto('registration_occurrences')
        .values(occs.map((o) => ({ occurrence_id: o.occurrence_id, event_id: p.eventId, capacity: p.capacity, opens_at: opensAt, closes_at: closesAt })))
        .onConflict((oc) => oc.column('occurrence_id').doNothing())
        .execute();
    }
    // The first SilviaBo tour: full, with two people waiting (marked as already told, so nobody is mailed).
    if (!silvia) return;
    const first = await trx.selectFrom('registration_occurrences').select('occurrence_id').where('event_id', '=', silvia).orderBy('occurrence_id').executeTakeFirst();
    if (!first) return;
    const any = await trx.selectFrom('registrations').select('id').where('occurrence_id', '=', first.occurrence_id).limit(1).executeTakeFirst();
    if (any) return;
    // 2+1+2+1+1+2+1 = 10 seats confirmed; the last two wait.
    const seats = [2, 1, 2, 1, 1, 2, 1, 1, 2];
    let held = 0;
    const rows = DEMO_PEOPLE.map((name, i) => {
      const s = seats[i] ?? 1;
      const status = held + s <= 10 ? ('confirmed' as const) : ('waitlisted' as const);
      if (status === 'confirmed') held += s;
      const code = generateTicketCode();
      return {
        occurrence_id: first.occurrence_id,
        arrival: i + 1,
        status,
        name,
        email: `demo.${name.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z]+/g, '.')}@example.org`,
        seats: s,
        answers: JSON.stringify({}),
        ticket_code: code,
        manage_token_hash: manageTokenHash(manageToken(ctx.secret, code)),
        confirmed_at: status === 'confirmed' ? now : null,
        notified_status: status,
        created_at: new Date(now.getTime() - (DEMO_PEOPLE.length - i) * 600_000),
      };
    });
    await trx.insertInto('registrations').values(rows).execute();
  });
  ctx.log(`registrations: registration on for ${plans.length} demo programme items`);
}
