// A deterministic demo portfolio: the same seed gives the same initiatives, stage histories, impact
// goals and follow-ups (dates are relative to `now`). Pure: the seed command writes what this returns.
import type { Aim, CollaborationKind, FollowUpStatus, Sector, Stage, Technology } from './initiatives.schema.ts';
import { CONCEPTS, CONTACT_NAMES, GOAL_TEMPLATES, LESSONS, PLACES, STOP_REASONS, UNITS, type Concept, type Place } from './initiatives.seed-data.ts';
import { slugify } from './initiatives.values.ts';

/** A rectangle of about 670 × 620 m around a place: enough to show a district on the map. */
function districtAround(p: Place): [number, number][] {
  const r = (n: number) => Math.round(n * 1e5) / 1e5;
  const corners: [number, number][] = [
    [r(p.lat + 0.003), r(p.lng - 0.005)],
    [r(p.lat + 0.003), r(p.lng + 0.005)],
    [r(p.lat - 0.003), r(p.lng + 0.005)],
    [r(p.lat - 0.003), r(p.lng - 0.005)],
  ];
  return [...corners, corners[0]!];
}

/** mulberry32: a tiny, good-enough deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoMove {
  from: Stage | null;
  to: Stage;
  at: Date;
  reason_sv: string;
  lessons_sv: string;
  lessons_en: string;
  requestedBy: string;
  status: 'approved' | 'pending';
}

export interface DemoFollowUp {
  measured_on: string;
  value: number;
  status: FollowUpStatus;
  comment: string;
}

export interface DemoGoal {
  indicator_sv: string;
  indicator_en: string;
  unit: string;
  baseline_value: number;
  baseline_date: string;
  target_value: number;
  target_date: string;
  follow_up_months: number;
  followUps: DemoFollowUp[];
}

export interface DemoInitiative {
  slug: string;
  title_sv: string;
  title_en: string;
  summary_sv: string;
  summary_en: string;
  what_sv: string;
  what_en: string;
  why_sv: string;
  why_en: string;
  how_sv: string;
  how_en: string;
  expected_impact_sv: string;
  expected_impact_en: string;
  challengeSlug: string;
  ownerSlug: string;
  participantSlugs: string[];
  owner_unit: string;
  contact_name: string;
  sector: Sector;
  technologies: Technology[];
  sdgs: number[];
  sdg_targets: string[];
  aims: Aim[];
  collaboration_kinds: CollaborationKind[];
  collaboration_sought_sv: string;
  collaboration_sought_en: string;
  resident_involvement_sv: string;
  resident_involvement_en: string;
  testbeds: string;
  location_name: string;
  location_lat: number;
  location_lng: number;
  /** The district around the place, for the named initiatives that are about a whole area ([lat, lng] ring). */
  location_area: [number, number][] | null;
  estimated_budget_ore: number;
  stage: Stage;
  stage_changed_at: Date;
  lessons_learned_sv: string;
  lessons_learned_en: string;
  published: boolean;
  created_at: Date;
  updated_at: Date;
  moves: DemoMove[];
  goals: DemoGoal[];
}

const DAY = 86_400_000;
const HOW: Record<Stage, [string, string]> = {
  idea: ['Vi utforskar idén: behov, kostnader, möjliga partner och en testgrupp.', 'We are exploring the idea: needs, costs, possible partners and a test group.'],
  pilot: ['Vi testar lösningen i en avgränsad pilot tillsammans med en testgrupp.', 'We are testing the solution in a limited pilot with a test group.'],
  scale_up: ['Piloten gav resultat och lösningen sprids nu till fler verksamheter.', 'The pilot delivered and the solution is now spreading to more services.'],
  realised: ['Lösningen är införd i ordinarie verksamhet och följs upp löpande.', 'The solution is part of everyday operations and is followed up regularly.'],
  stopped: ['Initiativet avbröts. Det vi lärde oss finns beskrivet nedan.', 'The initiative was stopped. What we learned is described below.'],
};
const FORWARD_REASONS: Record<string, string> = {
  pilot: 'Utforskningen visade att idén håller – dags att pilotera.',
  scale_up: 'Piloten nådde sina effektmål och fler verksamheter vill använda lösningen.',
  realised: 'Lösningen är överlämnad till linjeverksamheten.',
};
const TESTBEDS = ['Hbg Works', 'RecoLab', 'Den (ut)forskande staden', 'Havoteket', 'Idéslussen'];

function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}
function addMonths(d: string, months: number): string {
  const [y, m, dd] = d.split('-').map(Number) as [number, number, number];
  const x = new Date(Date.UTC(y, m - 1 + months, Math.min(dd, 28)));
  return day(x);
}

/** `count` initiatives; the first five cover every stage, published. */
export function generateDemoPortfolio(count: number, opts: { seed?: number; now?: Date } = {}): DemoInitiative[] {
  const rnd = prng(opts.seed ?? 22);
  const now = opts.now ?? new Date();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const between = (a: number, b: number) => a + rnd() * (b - a);

  // Every named one-off concept at its own place first, then the others at shuffled places.
  const combos: [Concept, Place][] = [];
  for (const c of CONCEPTS) if (c.place) combos.push([c, PLACES.find((p) => p.sv === c.place) ?? PLACES[0]!]);
  const rest: [Concept, Place][] = [];
  for (const c of CONCEPTS) if (!c.place) for (const p of PLACES) rest.push([c, p]);
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
  }
  combos.push(...rest);

  const forced: Stage[] = ['idea', 'pilot', 'scale_up', 'realised', 'stopped'];
  const out: DemoInitiative[] = [];
  for (let i = 0; i < count; i++) {
    const [concept, place] = combos[i % combos.length]!;
    const round = Math.floor(i / combos.length);
    const suffix = round > 0 ? ` ${round + 1}` : '';
    const named = !!concept.place;
    const title_sv = (named ? concept.sv : `${concept.sv} ${place.prep} ${place.sv}`) + suffix;
    const title_en = (named ? concept.en : `${concept.en} in ${place.en}`) + suffix;
    const r = rnd();
    const stage: Stage = i < forced.length ? forced[i]! : r < 0.28 ? 'idea' : r < 0.58 ? 'pilot' : r < 0.73 ? 'scale_up' : r < 0.88 ? 'realised' : 'stopped';
    const ownerSlug = pick(concept.owners);
    const participants = new Set(concept.partners.filter((p) => p !== ownerSlug && rnd() < 0.8));
    const contact = pick(CONTACT_NAMES);

    // The stage path: forward through the model; a stopped one ends wherever it was stopped.
    const path: Stage[] = ['idea'];
    if (stage === 'stopped') {
      const reached = Math.floor(rnd() * 3);
      for (let k = 1; k <= reached; k++) path.push((['idea', 'pilot', 'scale_up'] as const)[k]!);
      path.push('stopped');
    } else {
      for (const s of ['pilot', 'scale_up', 'realised'] as const) {
        if (path[path.length - 1] === stage) break;
        path.push(s);
      }
    }
    const createdAt = new Date(now.getTime() - between(30 + path.length * 60, 2200) * DAY);
    const moves: DemoMove[] = [];
    let at = createdAt;
    const lessonA = pick(LESSONS);
    const lessonB = pick(LESSONS);
    const lessons: [string, string] = lessonA === lessonB ? lessonA : [`${lessonA[0]} ${lessonB[0]}`, `${lessonA[1]} ${lessonB[1]}`];
    path.forEach((s, k) => {
      if (k > 0) at = new Date(at.getTime() + (now.getTime() - at.getTime()) * between(0.15, 0.55));
      const ended = s === 'realised' || s === 'stopped';
      moves.push({
        from: k === 0 ? null : path[k - 1]!,
        to: s,
        at,
        reason_sv: k === 0 ? '' : s === 'stopped' ? pick(STOP_REASONS)[0] : (FORWARD_REASONS[s] ?? ''),
        lessons_sv: ended ? lessons[0] : '',
        lessons_en: ended ? lessons[1] : '',
        requestedBy: contact,
        status: 'approved',
      });
    });
    const ended = stage === 'realised' || stage === 'stopped';
    if (!ended && rnd() < 0.06) {
      const next: Stage = stage === 'idea' ? 'pilot' : stage === 'pilot' ? 'scale_up' : 'realised';
      if (next !== 'realised') {
        moves.push({ from: stage, to: next, at: new Date(at.getTime() + (now.getTime() - at.getTime()) * 0.5), reason_sv: FORWARD_REASONS[next] ?? '', lessons_sv: '', lessons_en: '', requestedBy: contact, status: 'pending' });
      }
    }
    const stageChangedAt = at;
    const updatedAt = new Date(Math.max(stageChangedAt.getTime(), now.getTime() - between(0, 420) * DAY));

    // Impact goals with follow-ups; a few skipped follow-ups leave goals overdue.
    const goals: DemoGoal[] = [];
    const goalCount = stage === 'idea' ? (rnd() < 0.3 ? 1 : 0) : 1 + Math.floor(rnd() * 2);
    const today = day(now);
    const endDay = ended ? day(stageChangedAt) : today;
    for (let g = 0; g < goalCount; g++) {
      const tpl = pick(GOAL_TEMPLATES);
      const baseline = Math.round(between(...tpl.baseline));
      const target = Math.round(between(...tpl.target));
      const baselineDate = day(createdAt);
      const months = pick([3, 6, 6, 12]);
      const followUps: DemoFollowUp[] = [];
      const skipLast = rnd() < 0.3;
      let d = addMonths(baselineDate, months);
      const dates: string[] = [];
      while (d <= endDay && dates.length < 12) {
        dates.push(d);
        d = addMonths(d, months);
      }
      if (skipLast && dates.length > 1) dates.pop();
      dates.forEach((md, k) => {
        const progress = (k + 1) / (dates.length + 1);
        const noise = between(-0.25, 0.15);
        const value = Math.round((baseline + (target - baseline) * Math.max(0, progress + noise)) * 10) / 10;
        const onTrack = progress + noise >= progress - 0.05;
        const status: FollowUpStatus = onTrack ? 'green' : noise > -0.18 ? 'yellow' : 'red';
        followUps.push({ measured_on: md, value, status, comment: status === 'green' ? 'Enligt plan.' : status === 'yellow' ? 'Något efter plan, åtgärder pågår.' : 'Avviker från plan; vi ser över upplägget.' });
      });
      goals.push({
        indicator_sv: tpl.sv,
        indicator_en: tpl.en,
        unit: tpl.unit,
        baseline_value: baseline,
        baseline_date: baselineDate,
        target_value: target,
        target_date: addMonths(baselineDate, 12 * (1 + Math.floor(rnd() * 3))),
        follow_up_months: months,
        followUps,
      });
    }

    const seeking = !ended && rnd() < 0.6;
    const involvesResidents = concept.collab.includes('residents') || concept.aims.includes('engagement');
    const where_sv = named ? '' : ` Arbetet sker ${place.prep} ${place.sv}.`;
    const where_en = named ? '' : ` The work takes place in ${place.en}.`;
    out.push({
      slug: slugify(title_sv),
      title_sv,
      title_en,
      summary_sv: concept.what_sv,
      summary_en: concept.what_en,
      what_sv: `${concept.what_sv}${where_sv}`,
      what_en: `${concept.what_en}${where_en}`,
      why_sv: concept.why_sv,
      why_en: concept.why_en,
      how_sv: HOW[stage][0],
      how_en: HOW[stage][1],
      expected_impact_sv: 'Bättre service för invånarna och lägre kostnader över tid.',
      expected_impact_en: 'Better services for residents and lower costs over time.',
      challengeSlug: concept.challenge,
      ownerSlug,
      participantSlugs: [...participants],
      owner_unit: pick(UNITS[ownerSlug] ?? UNITS.default!),
      contact_name: contact,
      sector: concept.sector,
      technologies: concept.tech,
      sdgs: [...concept.sdgs].sort((a, b) => a - b),
      sdg_targets: rnd() < 0.5 ? concept.sdgs.slice(0, 2).map((s) => `${s}.${1 + Math.floor(rnd() * 5)}`) : [],
      aims: concept.aims,
      collaboration_kinds: seeking ? concept.collab : [],
      collaboration_sought_sv: seeking ? 'Hör av dig om du vill vara med och utveckla eller testa lösningen.' : '',
      collaboration_sought_en: seeking ? 'Get in touch if you want to help develop or test the solution.' : '',
      resident_involvement_sv: involvesResidents ? 'Invånare deltar i workshoppar och testar lösningen i vardagen.' : '',
      resident_involvement_en: involvesResidents ? 'Residents take part in workshops and test the solution in everyday life.' : '',
      testbeds: concept.collab.includes('testbed') ? pick(TESTBEDS) : '',
      location_name: place.sv,
      location_lat: Math.round((place.lat + between(-0.004, 0.004)) * 1e5) / 1e5,
      location_lng: Math.round((place.lng + between(-0.006, 0.006)) * 1e5) / 1e5,
      location_area: named ? districtAround(place) : null,
      estimated_budget_ore: Math.round(between(5, 500)) * 10_000 * 100,
      stage,
      stage_changed_at: stageChangedAt,
      lessons_learned_sv: ended ? lessons[0] : '',
      lessons_learned_en: ended ? lessons[1] : '',
      published: i < forced.length || rnd() < 0.92,
      created_at: createdAt,
      updated_at: updatedAt,
      moves,
      goals,
    });
  }
  return out;
}
