// The audit log: who changed what, when, before → after. Written inside the command's transaction.
import type { Db, Tx } from '../db/db.ts';
import type { Actor } from './auth/actor.ts';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
}

export function actorLabel(actor: Actor): string {
  return actor.kind === 'user' ? `${actor.name} <${actor.email}>` : 'system';
}

export async function recordAudit(db: Db | Tx, actor: Actor, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: actor.kind === 'user' ? actor.id : null,
      actor_label: actorLabel(actor),
      action: e.action,
      entity_type: e.entityType,
      entity_id: String(e.entityId),
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
    })
    .execute();
}

/** Only the fields that changed, so the log reads as a diff. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const k of Object.keys(after) as (keyof T)[]) {
    const bv = before[k];
    const av = after[k];
    if (JSON.stringify(bv) !== JSON.stringify(av)) {
      b[k] = bv;
      a[k] = av as T[keyof T];
    }
  }
  return { before: b, after: a };
}
