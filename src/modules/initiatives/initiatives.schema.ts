// Vocabularies and input schemas of the initiatives module (forms, query strings, JSON). Imports nothing of ours.
import { Type, type Static, type TLiteral } from '@sinclair/typebox';

/** Helsingborg's portfolio stages: Idé → Pilot → Skala upp → Realiserad, or Avbruten from any stage. */
export const STAGES = ['idea', 'pilot', 'scale_up', 'realised', 'stopped'] as const;
export type Stage = (typeof STAGES)[number];
/** Ended initiatives: no further moves; lessons learned are required to get here. */
export const ENDED_STAGES: readonly Stage[] = ['realised', 'stopped'];
/** The forward order; `stopped` is reachable from every stage that has not ended. */
export const STAGE_ORDER: Record<Stage, number> = { idea: 0, pilot: 1, scale_up: 2, realised: 3, stopped: 4 };

/** The six aims of a smarter city from the H22 FAQ ("Vad menar vi med en smartare stad?"). */
export const AIMS = ['quality_of_life', 'global_goals', 'innovation', 'technology', 'engagement', 'enabler'] as const;
export type Aim = (typeof AIMS)[number];

export const SECTORS = [
  'welfare',
  'education',
  'urban_development',
  'environment',
  'mobility',
  'energy',
  'water_waste',
  'housing',
  'culture_leisure',
  'business',
  'digital_services',
  'safety',
] as const;
export type Sector = (typeof SECTORS)[number];

export const TECHNOLOGIES = [
  'ai',
  'iot',
  'sensors',
  'digital_twin',
  'vr_ar',
  'robotics',
  'open_data',
  'data_platform',
  'e_service',
  'welfare_tech',
  'energy_tech',
  'drones',
] as const;
export type Technology = (typeof TECHNOLOGIES)[number];

/** What kind of collaboration an initiative is looking for. */
export const COLLABORATION_KINDS = ['partner', 'testbed', 'academia', 'residents', 'public_sector', 'funding'] as const;
export type CollaborationKind = (typeof COLLABORATION_KINDS)[number];

export const SDG_NUMBERS = Array.from({ length: 17 }, (_, i) => i + 1);
/** A UN SDG target such as "11.2" or "12.a". */
export const SDG_TARGET_RE = /^(1[0-7]|[1-9])\.([1-9]|1[0-9]|[a-d])$/;

export const FOLLOW_UP_STATUSES = ['green', 'yellow', 'red'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
export const MOVE_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type MoveStatus = (typeof MOVE_STATUSES)[number];

const str = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const choice = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)) as TLiteral<T[number]>[]);
/** Numbers typed by people: "12", "12,5", "1 200" — parsed by the command, which reports the field. */
const numberText = Type.Optional(Type.String({ maxLength: 40 }));

/** The editor form (create and edit), in Swedish and English. */
export const InitiativeForm = Type.Object({
  title_sv: Type.String({ minLength: 1, maxLength: 200 }),
  title_en: str(200),
  summary_sv: str(500),
  summary_en: str(500),
  what_sv: str(10000),
  what_en: str(10000),
  why_sv: str(10000),
  why_en: str(10000),
  how_sv: str(10000),
  how_en: str(10000),
  expected_impact_sv: str(5000),
  expected_impact_en: str(5000),
  innovation_potential_sv: str(5000),
  innovation_potential_en: str(5000),
  challenge_id: Type.Optional(Type.String({ maxLength: 20 })),
  owner_organisation_id: Type.String({ minLength: 1, maxLength: 20 }),
  owner_unit: str(200),
  contact_name: str(200),
  contact_email: Type.Optional(Type.String({ maxLength: 254, format: 'email' })),
  participant_ids: Type.Array(Type.String({ maxLength: 20 }), { maxItems: 100 }),
  other_partners: str(2000),
  sector: Type.Optional(choice(SECTORS)),
  technologies: Type.Array(choice(TECHNOLOGIES), { maxItems: TECHNOLOGIES.length }),
  sdgs: Type.Array(Type.String({ maxLength: 2 }), { maxItems: 17 }),
  sdg_targets: str(500),
  aims: Type.Array(choice(AIMS), { maxItems: AIMS.length }),
  collaboration_kinds: Type.Array(choice(COLLABORATION_KINDS), { maxItems: COLLABORATION_KINDS.length }),
  collaboration_sought_sv: str(2000),
  collaboration_sought_en: str(2000),
  resident_involvement_sv: str(5000),
  resident_involvement_en: str(5000),
  testbeds: str(1000),
  location_name: str(200),
  location_lat: numberText,
  location_lng: numberText,
  /** An area: "lat, lng" per line or a GeoJSON Polygon; checked by the command (parseArea). */
  location_area: Type.Optional(Type.String({ maxLength: 40000 })),
  estimated_budget_sek: numberText,
  version: Type.Optional(Type.String({ maxLength: 12 })),
});
export type InitiativeFormValue = Static<typeof InitiativeForm>;

export const StageMoveForm = Type.Object({
  to_stage: choice(STAGES),
  reason: Type.String({ minLength: 1, maxLength: 2000 }),
  lessons_learned_sv: str(10000),
  lessons_learned_en: str(10000),
});
export type StageMoveFormValue = Static<typeof StageMoveForm>;

export const StageDecisionForm = Type.Object({
  decision: choice(['approve', 'reject'] as const),
  decision_comment: str(2000),
});
export type StageDecisionFormValue = Static<typeof StageDecisionForm>;

export const ImpactGoalForm = Type.Object({
  indicator_sv: Type.String({ minLength: 1, maxLength: 300 }),
  indicator_en: str(300),
  unit: str(50),
  baseline_value: Type.String({ minLength: 1, maxLength: 40 }),
  baseline_date: Type.String({ minLength: 1, maxLength: 10 }),
  target_value: Type.String({ minLength: 1, maxLength: 40 }),
  target_date: Type.String({ minLength: 1, maxLength: 10 }),
  follow_up_months: numberText,
});
export type ImpactGoalFormValue = Static<typeof ImpactGoalForm>;

export const FollowUpForm = Type.Object({
  measured_on: Type.String({ minLength: 1, maxLength: 10 }),
  value: Type.String({ minLength: 1, maxLength: 40 }),
  status: choice(FOLLOW_UP_STATUSES),
  comment: Type.String({ minLength: 1, maxLength: 2000 }),
});
export type FollowUpFormValue = Static<typeof FollowUpForm>;

/** A city challenge, kept by the programme team. An empty slug is made from the Swedish title. */
export const ChallengeForm = Type.Object({
  slug: Type.Optional(Type.String({ maxLength: 80 })),
  title_sv: Type.String({ minLength: 1, maxLength: 200 }),
  title_en: str(200),
  description_sv: str(2000),
  description_en: str(2000),
});
export type ChallengeFormValue = Static<typeof ChallengeForm>;

export const CommentForm = Type.Object({ body: Type.String({ minLength: 1, maxLength: 5000 }) });

export const ImageForm = Type.Object({
  image_url: Type.String({ minLength: 1, maxLength: 1000 }),
  alt_sv: Type.String({ minLength: 1, maxLength: 300 }),
  alt_en: str(300),
});
export type ImageFormValue = Static<typeof ImageForm>;

export const LinkForm = Type.Object({
  link_url: Type.String({ minLength: 1, maxLength: 1000, format: 'uri' }),
  label_sv: Type.String({ minLength: 1, maxLength: 200 }),
  label_en: str(200),
});
export type LinkFormValue = Static<typeof LinkForm>;

/** Public list filters, shared by the HTML list, the API and the exports. Unknown values are ignored. */
export const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Free text (Swedish or English stemming, typo tolerant)' })),
  stage: Type.Optional(Type.String({ maxLength: 20, description: `One of ${STAGES.join(', ')}` })),
  sdg: Type.Optional(Type.String({ maxLength: 2, description: 'SDG number 1–17' })),
  aim: Type.Optional(Type.String({ maxLength: 30, description: `One of ${AIMS.join(', ')}` })),
  org: Type.Optional(Type.String({ maxLength: 120, description: 'Organisation slug (owner or participant)' })),
  sector: Type.Optional(Type.String({ maxLength: 40, description: `One of ${SECTORS.join(', ')}` })),
  tech: Type.Optional(Type.String({ maxLength: 40, description: `One of ${TECHNOLOGIES.join(', ')}` })),
  collab: Type.Optional(Type.String({ maxLength: 40, description: `Collaboration sought: one of ${COLLABORATION_KINDS.join(', ')}` })),
  sort: Type.Optional(Type.String({ maxLength: 20, description: 'updated (default), name or relevance' })),
  lang: Type.Optional(Type.String({ maxLength: 2, description: 'sv (default) or en: the language of texts and search' })),
});
export type ListQueryValue = Static<typeof ListQuery>;

// ---------- the JSON API ----------

const lit = <T extends readonly string[]>(values: T, description?: string) => Type.Union(values.map((v) => Type.Literal(v)) as TLiteral<T[number]>[], description ? { description } : {});

/** Strict filters for /api/v1/initiatives (the HTML list ignores unknown values; the API says what is wrong). */
export const ApiListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Free text: Swedish and English stemming; when no word matches exactly, similar spellings' })),
    stage: Type.Optional(lit(STAGES)),
    sdg: Type.Optional(Type.Integer({ minimum: 1, maximum: 17, description: 'UN Sustainable Development Goal 1–17' })),
    aim: Type.Optional(lit(AIMS, 'A smarter-city aim from the H22 FAQ')),
    org: Type.Optional(Type.String({ maxLength: 120, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'Organisation slug: owner or participant' })),
    sector: Type.Optional(lit(SECTORS)),
    tech: Type.Optional(lit(TECHNOLOGIES)),
    collab: Type.Optional(lit(COLLABORATION_KINDS, 'Kind of collaboration sought')),
    sort: Type.Optional(lit(['updated', 'name'] as const, 'updated (newest first, default) or name (Swedish alphabetical order)')),
    lang: Type.Optional(lit(['sv', 'en'] as const, 'Language of texts (default sv); English falls back to Swedish where missing')),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 500, description: 'next_cursor from the previous page' })),
  },
  { additionalProperties: false },
);
export type ApiListQueryValue = Static<typeof ApiListQuery>;

export const ExportQuery = Type.Omit(ApiListQuery, ['limit', 'cursor', 'sort']);

export const SlugParams = Type.Object({ slug: Type.String({ maxLength: 120, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }) });
export const LangQuery = Type.Object({ lang: Type.Optional(lit(['sv', 'en'] as const)) }, { additionalProperties: false });

const OrgRef = Type.Object({ slug: Type.String(), name: Type.String() });
const Location = Type.Union([Type.Object({ name: Type.String(), lat: Type.Number(), lng: Type.Number() }), Type.Null()]);
const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[longitude, latitude] (WGS 84)' });
const PointGeometry = Type.Object({ type: Type.Literal('Point'), coordinates: Position });
const PolygonGeometry = Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Type.Array(Position, { minItems: 4 }), { description: 'One closed ring' }) });
/** RFC 7946 GeoJSON geometry of the place: a point, an area, or both. */
const Geometry = Type.Union(
  [PointGeometry, PolygonGeometry, Type.Object({ type: Type.Literal('GeometryCollection'), geometries: Type.Array(Type.Union([PointGeometry, PolygonGeometry])) }), Type.Null()],
  { description: 'GeoJSON geometry (RFC 7946): Point, Polygon, or a GeometryCollection of both; null when the initiative has no place' },
);

export const InitiativeSummary = Type.Object(
  {
    id: Type.Integer(),
    slug: Type.String(),
    url: Type.String({ description: 'The public page' }),
    title: Type.String(),
    summary: Type.String(),
    stage: lit(STAGES),
    owner: OrgRef,
    sdgs: Type.Array(Type.Integer()),
    location: Location,
    geometry: Geometry,
    updated_at: Type.String({ format: 'date-time' }),
    is_demo: Type.Boolean({ description: 'Invented demo data' }),
  },
  { description: 'An initiative in a list' },
);

export const InitiativeList = Type.Object({
  items: Type.Array(InitiativeSummary),
  total: Type.Integer({ description: 'How many match the filters' }),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});

export const InitiativePublic = Type.Object(
  {
    id: Type.Integer(),
    slug: Type.String(),
    url: Type.String(),
    lang: lit(['sv', 'en'] as const),
    title: Type.String(),
    summary: Type.String(),
    what: Type.String(),
    why: Type.String(),
    how: Type.String(),
    expected_impact: Type.String(),
    innovation_potential: Type.String(),
    stage: lit(STAGES),
    stage_changed_at: Type.String({ format: 'date-time' }),
    challenge: Type.Union([Type.Object({ slug: Type.String(), title: Type.String() }), Type.Null()]),
    owner: Type.Object({ slug: Type.String(), name: Type.String(), unit: Type.String() }),
    contact_name: Type.String(),
    participants: Type.Array(OrgRef),
    other_partners: Type.String(),
    sector: Type.Union([lit(SECTORS), Type.Null()]),
    technologies: Type.Array(Type.String()),
    sdgs: Type.Array(Type.Integer()),
    sdg_targets: Type.Array(Type.String()),
    aims: Type.Array(lit(AIMS)),
    collaboration: Type.Object({ kinds: Type.Array(Type.String()), text: Type.String() }),
    resident_involvement: Type.String(),
    testbeds: Type.String(),
    location: Location,
    geometry: Geometry,
    estimated_budget_ore: Type.Union([Type.Integer(), Type.Null()], { description: 'Estimated budget in öre (1/100 SEK)' }),
    lessons_learned: Type.String(),
    images: Type.Array(Type.Object({ url: Type.String(), alt: Type.String() })),
    links: Type.Array(Type.Object({ url: Type.String(), label: Type.String() })),
    expo_events: Type.Array(
      Type.Object({ id: Type.Integer(), slug: Type.String(), url: Type.String(), title: Type.String(), first_starts_at: Type.String({ format: 'date-time' }), place: Type.String() }),
      { description: 'Published H22 City Expo programme items that show the initiative, first date first' },
    ),
    impact_goals: Type.Array(
      Type.Object({
        indicator: Type.String(),
        unit: Type.String(),
        baseline: Type.Object({ value: Type.Number(), date: Type.String({ format: 'date' }) }),
        target: Type.Object({ value: Type.Number(), date: Type.String({ format: 'date' }) }),
        next_follow_up: Type.String({ format: 'date' }),
        overdue: Type.Boolean(),
        follow_ups: Type.Array(Type.Object({ date: Type.String({ format: 'date' }), value: Type.Number(), status: lit(FOLLOW_UP_STATUSES), comment: Type.String() })),
      }),
    ),
    stage_history: Type.Array(Type.Object({ from: Type.Union([lit(STAGES), Type.Null()]), to: lit(STAGES), at: Type.String({ format: 'date-time' }), reason: Type.String() })),
    first_published_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    updated_at: Type.String({ format: 'date-time' }),
    is_demo: Type.Boolean(),
  },
  { description: 'Everything public about one initiative' },
);
