// The accounts module's own tables, merged into the Kysely Database type.
import type { Generated } from 'kysely';
import type { Timestamp } from '../../db/types.ts';

export type AuthAttemptKind = 'password' | 'link' | 'verify_resend';

export interface AuthAttemptsTable {
  id: Generated<number>;
  /** Lower-cased, trimmed. */
  email: string;
  kind: AuthAttemptKind;
  succeeded: Generated<boolean>;
  at: Timestamp;
}

declare module '../../db/types.ts' {
  interface Database {
    auth_attempts: AuthAttemptsTable;
  }
}
