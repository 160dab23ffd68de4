// Mail: through SMTP when SMTP_URL is set, always recorded in the outbox table (readable at /admin/outbox).
import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '../db/db.ts';
import type { MailAttachment } from '../db/types.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<number>;
}

export function createMailer(db: Db, opts: { smtpUrl: string | undefined; from: string; log: (m: string) => void }): Mailer {
  const transport: Transporter | undefined = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : undefined;
  return {
    async send(mail) {
      const row = await db
        .insertInto('mail_outbox')
        .values({
          to_address: mail.to,
          subject: mail.subject,
          text_body: mail.text,
          html_body: mail.html ?? null,
          attachments: JSON.stringify(mail.attachments ?? []),
          transport: transport ? 'smtp' : 'outbox',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (transport) {
        try {
          await transport.sendMail({
            from: opts.from,
            to: mail.to,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            attachments: (mail.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content, 'base64') })),
          });
          await db.updateTable('mail_outbox').set({ sent_at: new Date() }).where('id', '=', row.id).execute();
        } catch (e) {
          // Never log the message body or the SMTP URL (it may hold a password).
          opts.log(`SMTP delivery of mail ${row.id} failed: ${(e as Error).message}`);
          await db.updateTable('mail_outbox').set({ error: (e as Error).message.slice(0, 500) }).where('id', '=', row.id).execute();
        }
      }
      return row.id;
    },
  };
}
