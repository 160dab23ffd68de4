// The registrations module's tables, merged into the Kysely Database type.
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../../db/types.ts';
import type { CancelReason, Question, RegistrationStatus } from './registrations.schema.ts';

type Def<T> = ColumnType<T, T | undefined, T>;

export interface RegistrationEventsTable {
  event_id: number;
  max_group_size: Def<number>;
  waitlist_capacity: Def<number>;
  offer_hours: Def<number>;
  account_required: Def<boolean>;
  questions: ColumnType<Question[], string | undefined, string>;
  erase_after_days: Def<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RegistrationOccurrencesTable {
  occurrence_id: number;
  event_id: number;
  enabled: Def<boolean>;
  capacity: number;
  opens_at: Date | null;
  closes_at: Date | null;
  reminded_at: Date | null;
  cancellation_notified_at: Date | null;
  erased_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RegistrationsTable {
  id: Generated<number>;
  occurrence_id: number;
  arrival: number;
  status: RegistrationStatus;
  name: string;
  email: string | null;
  seats: number;
  answers: ColumnType<Record<string, string>, string | undefined, string>;
  locale: Def<'sv' | 'en'>;
  user_id: number | null;
  ticket_code: string;
  manage_token_hash: string | null;
  idempotency_key: string | null;
  confirmed_at: Date | null;
  offered_at: Date | null;
  offer_expires_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: CancelReason | null;
  checked_in_at: Date | null;
  checked_in_by: number | null;
  notified_status: string | null;
  reminded_at: Date | null;
  erased_at: Date | null;
  resent_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

declare module '../../db/types.ts' {
  interface Database {
    registration_events: RegistrationEventsTable;
    registration_occurrences: RegistrationOccurrencesTable;
    registrations: RegistrationsTable;
  }
}
