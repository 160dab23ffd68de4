// The initiatives module's tables, merged into the Kysely Database type.
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Json, Timestamp } from '../../db/types.ts';
import type { Aim, FollowUpStatus, MoveStatus, Stage } from './initiatives.schema.ts';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Generated_<T> = ColumnType<T, never, never>;
/** `date` columns are read as Date by node-postgres and written as 'YYYY-MM-DD'. */
type DateColumn = ColumnType<Date, string, string>;

export interface ChallengesTable {
  id: Generated<number>;
  slug: string;
  title_sv: string;
  title_en: Defaulted<string>;
  description_sv: Defaulted<string>;
  description_en: Defaulted<string>;
  position: Defaulted<number>;
  is_demo: Defaulted<boolean>;
  /** Retired: no longer offered for new initiatives, still shown on those that answer it. */
  retired_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InitiativesTable {
  id: Generated<number>;
  slug: string;
  title_sv: string;
  title_en: Defaulted<string>;
  summary_sv: Defaulted<string>;
  summary_en: Defaulted<string>;
  what_sv: Defaulted<string>;
  what_en: Defaulted<string>;
  why_sv: Defaulted<string>;
  why_en: Defaulted<string>;
  how_sv: Defaulted<string>;
  how_en: Defaulted<string>;
  expected_impact_sv: Defaulted<string>;
  expected_impact_en: Defaulted<string>;
  innovation_potential_sv: Defaulted<string>;
  innovation_potential_en: Defaulted<string>;
  challenge_id: number | null;
  owner_organisation_id: number;
  owner_unit: Defaulted<string>;
  contact_name: Defaulted<string>;
  contact_email: string | null;
  other_partners: Defaulted<string>;
  sector: string | null;
  technologies: Defaulted<string[]>;
  sdgs: Defaulted<number[]>;
  sdg_targets: Defaulted<string[]>;
  aims: Defaulted<Aim[]>;
  collaboration_kinds: Defaulted<string[]>;
  collaboration_sought_sv: Defaulted<string>;
  collaboration_sought_en: Defaulted<string>;
  resident_involvement_sv: Defaulted<string>;
  resident_involvement_en: Defaulted<string>;
  testbeds: Defaulted<string>;
  location_name: Defaulted<string>;
  location_lat: number | null;
  location_lng: number | null;
  /** An optional area: a closed ring of [latitude, longitude] positions (see parseArea). */
  location_area: Json<[number, number][] | null>;
  estimated_budget_ore: number | null;
  stage: Defaulted<Stage>;
  stage_changed_at: Timestamp;
  lessons_learned_sv: Defaulted<string>;
  lessons_learned_en: Defaulted<string>;
  published: Defaulted<boolean>;
  first_published_at: Date | null;
  is_demo: Defaulted<boolean>;
  /** The id in the city's previous system, for repeatable CSV imports. */
  external_id: ColumnType<string | null, string | null | undefined, string | null>;
  version: Defaulted<number>;
  /** Owner and participants, kept by a trigger from initiative_organisations (bigint[]: read as strings). */
  organisation_ids: Generated_<string[]>;
  created_by: number | null;
  updated_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  search_sv: Generated_<string>;
  search_en: Generated_<string>;
  /** Swedish and English together, for matching; search_sv/search_en rank by the page's language. */
  search_all: Generated_<string>;
  trgm_sv: Generated_<string>;
  trgm_en: Generated_<string>;
}

export interface InitiativeOrganisationsTable {
  initiative_id: number;
  organisation_id: number;
}

export interface InitiativeImagesTable {
  id: Generated<number>;
  initiative_id: number;
  url: string;
  alt_sv: string;
  alt_en: Defaulted<string>;
  position: Defaulted<number>;
  created_at: Timestamp;
}

export interface InitiativeLinksTable {
  id: Generated<number>;
  initiative_id: number;
  url: string;
  label_sv: string;
  label_en: Defaulted<string>;
  position: Defaulted<number>;
  created_at: Timestamp;
}

export interface InitiativeStageMovesTable {
  id: Generated<number>;
  initiative_id: number;
  from_stage: Stage | null;
  to_stage: Stage;
  reason: Defaulted<string>;
  lessons_learned_sv: Defaulted<string>;
  lessons_learned_en: Defaulted<string>;
  status: MoveStatus;
  requested_by: number | null;
  requested_by_name: Defaulted<string>;
  requested_at: Timestamp;
  decided_by: number | null;
  decided_by_name: Defaulted<string>;
  decided_at: Date | null;
  decision_comment: Defaulted<string>;
}

export interface ImpactGoalsTable {
  id: Generated<number>;
  initiative_id: number;
  indicator_sv: string;
  indicator_en: Defaulted<string>;
  unit: Defaulted<string>;
  baseline_value: ColumnType<number, number | string, number | string>;
  baseline_date: DateColumn;
  target_value: ColumnType<number, number | string, number | string>;
  target_date: DateColumn;
  follow_up_months: Defaulted<number>;
  position: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ImpactFollowUpsTable {
  id: Generated<number>;
  goal_id: number;
  measured_on: DateColumn;
  value: ColumnType<number, number | string, number | string>;
  status: FollowUpStatus;
  comment: Defaulted<string>;
  recorded_by: number | null;
  recorded_by_name: Defaulted<string>;
  recorded_at: Timestamp;
}

export interface InitiativeCommentsTable {
  id: Generated<number>;
  initiative_id: number;
  author_id: number | null;
  author_name: Defaulted<string>;
  body: string;
  created_at: Timestamp;
}

declare module '../../db/types.ts' {
  interface Database {
    challenges: ChallengesTable;
    initiatives: InitiativesTable;
    initiative_organisations: InitiativeOrganisationsTable;
    initiative_images: InitiativeImagesTable;
    initiative_links: InitiativeLinksTable;
    initiative_stage_moves: InitiativeStageMovesTable;
    impact_goals: ImpactGoalsTable;
    impact_follow_ups: ImpactFollowUpsTable;
    initiative_comments: InitiativeCommentsTable;
  }
}

export type InitiativeRow = Selectable<InitiativesTable>;
export type StageMoveRow = Selectable<InitiativeStageMovesTable>;
export type ImpactGoalRow = Selectable<ImpactGoalsTable>;
export type FollowUpRow = Selectable<ImpactFollowUpsTable>;
export type ChallengeRow = Selectable<ChallengesTable>;
