// Reads of the staff area: the audit log with filters, the mail outbox, a few counts.
import { sql } from 'kysely';
import type { Db } from '../../db/db.ts';
import { TIME_ZONE } from '../../platform/i18n/i18n.ts';

export const AUDIT_PAGE_SIZE = 50;
export const OUTBOX_PAGE_SIZE = 50;

export interface AuditFilters {
  actor?: string | undefined;
  action?: string | undefined;
  entity_type?: string | undefined;
  entity_id?: string | undefined;
  /** Calendar days (YYYY-MM-DD) in Europe/Stockholm, both inclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

function containsPattern(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listAudit(db: Db, f: AuditFilters, page: number, pageSize = AUDIT_PAGE_SIZE) {
  let q = db.selectFrom('audit_log');
  if (f.actor) q = q.where('actor_label', 'ilike', containsPattern(f.actor));
  if (f.action) q = q.where('action', '=', f.action);
  if (f.entity_type) q = q.where('entity_type', '=', f.entity_type);
  if (f.entity_id) q = q.where('entity_id', '=', f.entity_id);
  // Days start and end at midnight in Stockholm, whatever the server's time zone.
  if (f.from) q = q.where('at', '>=', sql<Date>`(${f.from}::date)::timestamp AT TIME ZONE ${TIME_ZONE}`);
  if (f.to) q = q.where('at', '<', sql<Date>`((${f.to}::date) + 1)::timestamp AT TIME ZONE ${TIME_ZONE}`);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .select(['id', 'at', 'actor_id', 'actor_label', 'action', 'entity_type', 'entity_id', 'before', 'after'])
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { rows, total: Number(total.n), pageSize };
}

/** The actions and entity types that occur in the log, for the filter menus. */
export async function auditFacets(db: Db): Promise<{ actions: string[]; entityTypes: string[] }> {
  const actions = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  const types = await db.selectFrom('audit_log').select('entity_type').distinct().orderBy('entity_type').execute();
  return { actions: actions.map((r) => r.action), entityTypes: types.map((r) => r.entity_type) };
}

export async function listOutbox(db: Db, page: number, pageSize = OUTBOX_PAGE_SIZE) {
  const total = await db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['id', 'created_at', 'to_address', 'subject', 'transport', 'sent_at', 'error'])
    .select(sql<number>`jsonb_array_length(attachments)`.as('attachment_count'))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { rows, total: Number(total.n), pageSize };
}

export function getOutboxMail(db: Db, id: number) {
  return db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function dashboardCounts(db: Db): Promise<{ auditLastWeek: number; outbox: number; outboxFailed: number }> {
  const a = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('at', '>=', sql<Date>`now() - interval '7 days'`)
    .executeTakeFirstOrThrow();
  const o = await db
    .selectFrom('mail_outbox')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('error').as('failed')])
    .executeTakeFirstOrThrow();
  return { auditLastWeek: Number(a.n), outbox: Number(o.n), outboxFailed: Number(o.failed) };
}
