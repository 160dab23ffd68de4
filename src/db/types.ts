// Table types for Kysely. Platform tables are here; each module adds its own tables to `Database`
// by declaration merging in its `<domain>.tables.ts`, so a module's schema lives with the module.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T = unknown> = ColumnType<T, string | T, string | T>;

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string | null;
  email_verified_at: Date | null;
  global_roles: ColumnType<string[], string[] | undefined, string[]>;
  oidc_subject: string | null;
  locale: ColumnType<'sv' | 'en', 'sv' | 'en' | undefined, 'sv' | 'en'>;
  disabled_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type OrganisationKind = 'administration' | 'company' | 'federation' | 'partner' | 'association' | 'academia';

export interface OrganisationsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: OrganisationKind;
  description_sv: ColumnType<string, string | undefined, string>;
  description_en: ColumnType<string, string | undefined, string>;
  website: string | null;
  is_demo: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type MembershipRole = 'member' | 'editor' | 'innovation_lead';

export interface MembershipsTable {
  user_id: number;
  organisation_id: number;
  role: MembershipRole;
  created_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Date;
  user_agent: string | null;
  via: ColumnType<string, string | undefined, string>;
}

export interface AuthTokensTable {
  id: string;
  user_id: number;
  purpose: 'magic_link' | 'password_reset' | 'email_verify';
  expires_at: Date;
  used_at: Date | null;
  created_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Timestamp;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_id: number | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json | null;
  after: Json | null;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  /** base64 */
  content: string;
}

export interface MailOutboxTable {
  id: Generated<number>;
  created_at: Timestamp;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  attachments: Json<MailAttachment[]>;
  transport: 'outbox' | 'smtp';
  sent_at: Date | null;
  error: string | null;
}

/** A sent mail's key (`OutgoingMail.once`): the same key is not sent again while the row exists. */
export interface MailOnceTable {
  key: string;
  outbox_id: number | null;
  created_at: Timestamp;
}

export interface AppStateTable {
  key: string;
  value: Json;
  updated_at: Timestamp;
}

export interface Database {
  users: UsersTable;
  organisations: OrganisationsTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  auth_tokens: AuthTokensTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  mail_outbox: MailOutboxTable;
  mail_once: MailOnceTable;
  app_state: AppStateTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Organisation = Selectable<OrganisationsTable>;
