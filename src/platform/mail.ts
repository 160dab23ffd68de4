// Mail: through SMTP when SMTP_URL is set, always recorded in the outbox table (readable at /admin/outbox).
// A mail with a `once` key is sent at most once per key (ADR 023): jobs are retried, their mails are not.
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Db } from '../db/db.ts';
import type { MailAttachment } from '../db/types.ts';
import type { Jobs } from './jobs.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
  /**
   * A stable key for this one message, e.g. `initiatives.stage-move:42:requested:user:7`: while the key is
   * kept (ONCE_KEEP_DAYS), a second send with it is skipped. Ids only, never an address: keys are stored
   * in plain text. Give one to every mail a job sends; a mail sent by a request handler needs none.
   */
  once?: string;
}

/**
 * `sent`: written to the outbox as mail `id` (and handed to SMTP, if set). `skipped`: the key was sent
 * before, as mail `id` (null when that outbox row is gone).
 */
export type SendResult = { outcome: 'sent'; id: number } | { outcome: 'skipped'; id: number | null };

export interface Mailer {
  /**
   * Without a key, a failed SMTP delivery is recorded on the outbox row and logged, and send succeeds.
   * With a key, the error is thrown after the key is released, so the job fails and its retry sends the
   * mail; only a permanent refusal (SMTP 5xx) keeps its key, as a retry would be refused again.
   */
  send(mail: OutgoingMail): Promise<SendResult>;
}

/** What hands a message to the mail server: nodemailer's SMTP transport, or a test's stand-in. */
export interface MailTransport {
  sendMail(message: SendMailOptions): Promise<unknown>;
}

/** How long a sent key keeps its mail from being sent again; far longer than any job's retries. */
export const ONCE_KEEP_DAYS = 30;
const ONCE_KEY = /^[!-~]{1,200}$/;

export function createMailer(db: Db, opts: { smtpUrl: string | undefined; from: string; log: (m: string) => void; transport?: MailTransport }): Mailer {
  const transport: MailTransport | undefined = opts.transport ?? (opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : undefined);
  return {
    async send(mail) {
      const once = mail.once;
      if (once !== undefined && !ONCE_KEY.test(once)) throw new Error('A mail key is 1–200 printable ASCII characters without spaces');
      const values = {
        to_address: mail.to,
        subject: mail.subject,
        text_body: mail.text,
        html_body: mail.html ?? null,
        attachments: JSON.stringify(mail.attachments ?? []),
        transport: transport ? ('smtp' as const) : ('outbox' as const),
      };
      const claim =
        once === undefined
          ? { id: (await db.insertInto('mail_outbox').values(values).returning('id').executeTakeFirstOrThrow()).id, earlier: false }
          : await db.transaction().execute(async (trx) => {
              // A concurrent send with the same key waits here until this transaction ends, then finds the key.
              const claimed = await trx.insertInto('mail_once').values({ key: once }).onConflict((oc) => oc.column('key').doNothing()).returning('key').executeTakeFirst();
              if (!claimed) {
                const earlier = await trx.selectFrom('mail_once').select('outbox_id').where('key', '=', once).executeTakeFirst();
                return { id: earlier?.outbox_id ?? null, earlier: true };
              }
              const row = await trx.insertInto('mail_outbox').values(values).returning('id').executeTakeFirstOrThrow();
              await trx.updateTable('mail_once').set({ outbox_id: row.id }).where('key', '=', once).execute();
              return { id: row.id, earlier: false };
            });
      if (claim.earlier || claim.id === null) return { outcome: 'skipped', id: claim.id };
      const id = claim.id;
      if (!transport) return { outcome: 'sent', id };
      let failure: Error | undefined;
      try {
        await transport.sendMail({
          from: opts.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          attachments: (mail.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content, 'base64') })),
        });
      } catch (e) {
        failure = e instanceof Error ? e : new Error(String(e));
      }
      // Delivered: from here on the key stays, even if recording the time fails (a retry must not send again).
      if (!failure) {
        await db.updateTable('mail_outbox').set({ sent_at: new Date() }).where('id', '=', id).execute();
        return { outcome: 'sent', id };
      }
      // Never log the message body, the SMTP URL (it may hold a password) or an address (servers quote them).
      opts.log(`SMTP delivery of mail ${id} failed: ${withoutAddresses(failure.message)}`);
      await db
        .updateTable('mail_outbox')
        .set({ error: failure.message.slice(0, 500) })
        .where('id', '=', id)
        .execute()
        .catch(() => {});
      if (once === undefined) return { outcome: 'sent', id };
      // A permanent refusal (an SMTP 5xx, e.g. no such mailbox) would be refused again: the key stays, so
      // retries do not fill the outbox with the same failure. Anything else may pass later: the key goes.
      if ((failure as { permanent?: unknown }).permanent === true) throw failure;
      await db
        .deleteFrom('mail_once')
        .where('key', '=', once)
        .execute()
        .catch(() => opts.log(`mail ${id}: its key could not be released; the mail stays unsent for ${ONCE_KEEP_DAYS} days`));
      throw failure;
    },
  };
}

function withoutAddresses(message: string): string {
  return message.replace(/[^\s<>"'()[\],;:]+@[^\s<>"'()[\],;:]+/g, '<address>');
}

/** Deletes keys older than ONCE_KEEP_DAYS; returns how many. */
export async function forgetOldMailKeys(db: Db, now: Date = new Date()): Promise<number> {
  const r = await db
    .deleteFrom('mail_once')
    .where('created_at', '<', new Date(now.getTime() - ONCE_KEEP_DAYS * 86400_000))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export const MAIL_KEYS_QUEUE = 'platform.mail-keys';

/** The platform's own housekeeping: old mail keys go once a night. */
export async function registerMailJobs(jobs: Jobs, db: Db): Promise<void> {
  await jobs.work(MAIL_KEYS_QUEUE, async () => void (await forgetOldMailKeys(db)));
  await jobs.schedule(MAIL_KEYS_QUEUE, '45 3 * * *');
}
