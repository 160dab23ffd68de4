import { sql } from 'kysely';
// Writes of the content module: one transaction each, audited where staff change things.
import type { AppContext } from '../../platform/context.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { contentMessages } from './content.messages.ts';

export interface AccessibilityReportInput {
  page_url?: string | undefined;
  description: string;
  name?: string | undefined;
  email?: string | undefined;
}

/** Stores the report and mails it to the programme team (or the admins, when there is no team yet). */
export async function reportAccessibilityProblem(ctx: AppContext, locale: Locale, input: AccessibilityReportInput): Promise<{ outcome: 'ok'; id: number }> {
  const row = await ctx.db
    .insertInto('accessibility_reports')
    .values({ page_url: input.page_url ?? '', description: input.description, name: input.name ?? null, email: input.email ?? null, locale })
    .returning('id')
    .executeTakeFirstOrThrow();
  let recipients = await ctx.db.selectFrom('users').select('email').where(sql<boolean>`global_roles @> ARRAY['programme_team']::text[]`).where('disabled_at', 'is', null).execute();
  if (recipients.length === 0) {
    recipients = await ctx.db.selectFrom('users').select('email').where(sql<boolean>`global_roles @> ARRAY['admin']::text[]`).where('disabled_at', 'is', null).execute();
  }
  const t = contentMessages('sv');
  const text = [
    `Rapport #${row.id} (${locale})`,
    `Sida: ${input.page_url || '–'}`,
    `Namn: ${input.name || '–'}`,
    `E-post: ${input.email || '–'}`,
    '',
    input.description,
  ].join('\n');
  for (const r of recipients) {
    await ctx.mail.send({ to: r.email, subject: `${t.reportMailSubject} (#${row.id})`, text });
  }
  return { outcome: 'ok', id: row.id };
}
