// The mailer's once-keys (ADR 023): a mail with a key is sent at most once, also when two attempts race;
// a failed delivery releases its key so the retry sends it (unless the refusal is permanent); old keys are
// forgotten; logs name ids only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { SendMailOptions } from 'nodemailer';
import { createTestDb, type TestDb } from '../../test/helpers.ts';
import { connect, type DbHandle } from '../db/db.ts';
import { createMailer, forgetOldMailKeys, ONCE_KEEP_DAYS, type MailTransport } from './mail.ts';

let tdb: TestDb;
let h: DbHandle;
before(async () => {
  tdb = await createTestDb();
  h = connect(tdb.url, 8);
});
after(async () => {
  await h.close();
  await tdb.drop();
});

const FROM = 'H22 <no-reply@h22.test>';
const outbox = (subject: string) =>
  h.db.selectFrom('mail_outbox').select(['id', 'to_address', 'subject', 'text_body', 'transport', 'sent_at', 'error']).where('subject', '=', subject).orderBy('id').execute();
const keyRow = (key: string) => h.db.selectFrom('mail_once').select(['key', 'outbox_id']).where('key', '=', key).executeTakeFirst();

/**
 * A stand-in SMTP server: records what it was handed; refuses the addresses in `failFor` with their SMTP
 * code (as nodemailer reports it: 4xx may pass later, 5xx is permanent); can hold a delivery.
 */
function fakeSmtp() {
  const handed: { to: string; subject: string; text: string }[] = [];
  const failFor = new Map<string, number>();
  let hold: Promise<void> | undefined;
  let entered: () => void = () => {};
  const transport: MailTransport = {
    async sendMail(m: SendMailOptions) {
      const held = hold;
      hold = undefined;
      entered();
      if (held) await held;
      const to = String(m.to);
      const code = failFor.get(to);
      if (code) {
        const reply = code >= 500 ? `${code} 5.1.1 <${to}>: Recipient address rejected` : `${code} 4.2.1 <${to}>: Mailbox busy, try later`;
        throw Object.assign(new Error(`Can't send mail - all recipients were rejected: ${reply}`), { code: 'EENVELOPE', responseCode: code, permanent: code >= 500 });
      }
      handed.push({ to, subject: String(m.subject), text: String(m.text) });
      return {};
    },
  };
  return {
    transport,
    handed,
    failFor,
    /** Holds the next delivery until `release` is called; `inside` resolves once it is waiting. */
    holdNextDelivery() {
      let release: () => void = () => {};
      hold = new Promise<void>((r) => (release = r));
      const inside = new Promise<void>((r) => (entered = r));
      return { inside, release };
    },
  };
}

test('a mail with a key is written once; the second send with the key is skipped and names the first mail', async () => {
  const mailer = createMailer(h.db, { smtpUrl: undefined, from: FROM, log: () => {} });
  const mail = { to: 'kim@example.test', subject: 'Stegbyte att godkänna: Parkbänkar → Pilot', text: 'Hej Kim!\nGodkänn här.', once: 'test.once:1:user:7' };
  const first = await mailer.send(mail);
  assert.equal(first.outcome, 'sent');
  const second = await mailer.send({ ...mail, text: 'En andra version som inte ska gå iväg' });
  assert.deepEqual(second, { outcome: 'skipped', id: first.id });
  const rows = await outbox(mail.subject);
  assert.deepEqual(
    rows.map((r) => [r.id, r.to_address, r.text_body, r.transport]),
    [[first.id, 'kim@example.test', 'Hej Kim!\nGodkänn här.', 'outbox']],
  );
  assert.deepEqual(await keyRow(mail.once), { key: mail.once, outbox_id: first.id });
  // The same message without a key, or with another key, is another mail.
  assert.equal((await mailer.send({ ...mail, once: 'test.once:1:user:8' })).outcome, 'sent');
  const { once: _, ...plain } = mail;
  assert.equal((await mailer.send(plain)).outcome, 'sent');
  assert.equal((await outbox(mail.subject)).length, 3);
});

test('concurrent sends with the same key: exactly one is written, the others are skipped', async () => {
  const mailer = createMailer(h.db, { smtpUrl: undefined, from: FROM, log: () => {} });
  for (let round = 0; round < 5; round++) {
    const subject = `Samtidigt ${round}`;
    const mail = { to: 'sam@example.test', subject, text: `Runda ${round}`, once: `test.race:${round}` };
    const results = await Promise.all([mailer.send(mail), mailer.send(mail), mailer.send(mail), mailer.send(mail)]);
    const sent = results.filter((r) => r.outcome === 'sent');
    assert.equal(sent.length, 1, JSON.stringify(results));
    assert.deepEqual(
      results.filter((r) => r.outcome === 'skipped'),
      [1, 2, 3].map(() => ({ outcome: 'skipped', id: sent[0]!.id })),
    );
    assert.deepEqual((await outbox(subject)).map((r) => [r.id, r.to_address, r.text_body]), [[sent[0]!.id, 'sam@example.test', `Runda ${round}`]]);
  }
});

test('a send that arrives while the first is still with the SMTP server is skipped; the server gets the mail once', async () => {
  const smtp = fakeSmtp();
  const mailer = createMailer(h.db, { smtpUrl: undefined, from: FROM, log: () => {}, transport: smtp.transport });
  const mail = { to: 'ulla@example.test', subject: 'Din biljett: Stadsvandring', text: 'Välkommen!', once: 'test.slow:1' };
  const gate = smtp.holdNextDelivery();
  const first = mailer.send(mail);
  await gate.inside;
  assert.equal((await mailer.send(mail)).outcome, 'skipped');
  gate.release();
  const r = await first;
  assert.equal(r.outcome, 'sent');
  assert.deepEqual(smtp.handed, [{ to: 'ulla@example.test', subject: 'Din biljett: Stadsvandring', text: 'Välkommen!' }]);
  const rows = await outbox(mail.subject);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.transport, 'smtp');
  assert.ok(rows[0]!.sent_at, 'delivered');
  assert.equal(rows[0]!.error, null);
});

test('a failed delivery releases the key and throws; the retry with the same key sends it; then it is skipped. Logs hold no address or body', async () => {
  const smtp = fakeSmtp();
  const logs: string[] = [];
  const mailer = createMailer(h.db, { smtpUrl: undefined, from: FROM, log: (m) => logs.push(m), transport: smtp.transport });
  const mail = { to: 'rut@example.test', subject: 'Inställt: Båttur till Ven', text: 'Hej Rut, turen är inställd. Hemlig rad.', once: 'test.retry:3:user:9' };
  smtp.failFor.set('rut@example.test', 450);
  await assert.rejects(mailer.send(mail), /450 4\.2\.1 <rut@example\.test>: Mailbox busy, try later/);
  assert.equal(await keyRow(mail.once), undefined, 'the key is released');
  const failed = await outbox(mail.subject);
  assert.equal(failed.length, 1);
  assert.match(failed[0]!.error ?? '', /Mailbox busy, try later/);
  assert.equal(failed[0]!.sent_at, null);
  assert.deepEqual(logs, [`SMTP delivery of mail ${failed[0]!.id} failed: Can't send mail - all recipients were rejected: 450 4.2.1 <<address>>: Mailbox busy, try later`]);

  smtp.failFor.clear();
  const retry = await mailer.send(mail);
  assert.equal(retry.outcome, 'sent');
  assert.deepEqual(smtp.handed, [{ to: 'rut@example.test', subject: 'Inställt: Båttur till Ven', text: 'Hej Rut, turen är inställd. Hemlig rad.' }]);
  assert.deepEqual(await keyRow(mail.once), { key: mail.once, outbox_id: retry.id });
  assert.deepEqual(await mailer.send(mail), { outcome: 'skipped', id: retry.id });
  assert.equal(smtp.handed.length, 1);
  const rows = await outbox(mail.subject);
  assert.deepEqual(
    rows.map((r) => [r.to_address, r.sent_at !== null, r.error !== null]),
    [
      ['rut@example.test', false, true],
      ['rut@example.test', true, false],
    ],
  );
  assert.equal(logs.length, 1);
  assert.ok(!logs.some((l) => l.includes('rut@') || l.includes('Hemlig')), logs.join('\n'));
});

test('a permanent refusal (SMTP 5xx) throws but keeps the key: a retry would only be refused again', async () => {
  const smtp = fakeSmtp();
  const mailer = createMailer(h.db, { smtpUrl: undefined, from: FROM, log: () => {}, transport: smtp.transport });
  const mail = { to: 'finns.inte@example.test', subject: 'Påminnelse: Kajakpaddling i morgon', text: 'Välkommen i morgon!', once: 'test.permanent:4' };
  smtp.failFor.set('finns.inte@example.test', 550);
  await assert.rejects(mailer.send(mail), /550 5\.1\.1 <finns\.inte@example\.test>: Recipient address rejected/);
  const rows = await outbox(mail.subject);
  assert.deepEqual(rows.map((r) => [r.to_address, r.sent_at, r.error]), [['finns.inte@example.test', null, "Can't send mail - all recipients were rejected: 550 5.1.1 <finns.inte@example.test>: Recipient address rejected"]]);
  assert.deepEqual(await keyRow(mail.once), { key: mail.once, outbox_id: rows[0]!.id });
  assert.deepEqual(await mailer.send(mail), { outcome: 'skipped', id: rows[0]!.id });
  assert.deepEqual(smtp.handed, []);
  assert.equal((await outbox(mail.subject)).length, 1);
});

test('a failed delivery without a key is recorded on the outbox row and does not throw (request handlers carry on)', async () => {
  const smtp = fakeSmtp();
  const logs: string[] = [];
  const mailer = createMailer(h.db, { smtpUrl: undefined, from: FROM, log: (m) => logs.push(m), transport: smtp.transport });
  smtp.failFor.set('lina@example.test', 550);
  const r = await mailer.send({ to: 'lina@example.test', subject: 'Inloggningslänk', text: 'https://h22.test/logga-in/lank/abc' });
  assert.equal(r.outcome, 'sent');
  const rows = await outbox('Inloggningslänk');
  assert.equal(rows.length, 1);
  assert.match(rows[0]!.error ?? '', /550 5\.1\.1 <lina@example\.test>: Recipient address rejected/);
  assert.equal(logs.length, 1);
  assert.doesNotMatch(logs[0]!, /lina@|lank\/abc/);
});

test(`keys older than ${ONCE_KEEP_DAYS} days are forgotten (their mail could be sent again); newer ones stay`, async () => {
  const mailer = createMailer(h.db, { smtpUrl: undefined, from: FROM, log: () => {} });
  const now = new Date();
  await mailer.send({ to: 'old@example.test', subject: 'Gammal', text: 'x', once: 'test.old:1' });
  await mailer.send({ to: 'new@example.test', subject: 'Ny', text: 'y', once: 'test.new:1' });
  await h.db.updateTable('mail_once').set({ created_at: new Date(now.getTime() - (ONCE_KEEP_DAYS + 1) * 86400_000) }).where('key', '=', 'test.old:1').execute();
  await h.db.updateTable('mail_once').set({ created_at: new Date(now.getTime() - (ONCE_KEEP_DAYS - 1) * 86400_000) }).where('key', '=', 'test.new:1').execute();
  assert.equal(await forgetOldMailKeys(h.db, now), 1);
  assert.equal(await keyRow('test.old:1'), undefined);
  assert.ok(await keyRow('test.new:1'));
  assert.equal((await mailer.send({ to: 'old@example.test', subject: 'Gammal', text: 'x', once: 'test.old:1' })).outcome, 'sent');
  assert.equal((await mailer.send({ to: 'new@example.test', subject: 'Ny', text: 'y', once: 'test.new:1' })).outcome, 'skipped');
});

test('a key with spaces or of more than 200 characters is refused before anything is written', async () => {
  const mailer = createMailer(h.db, { smtpUrl: undefined, from: FROM, log: () => {} });
  for (const once of ['', 'has space:1', 'x'.repeat(201), 'åäö:1']) {
    await assert.rejects(mailer.send({ to: 'key@example.test', subject: 'Felaktig nyckel', text: 'z', once }), /A mail key is 1–200 printable ASCII characters/);
  }
  assert.deepEqual(await outbox('Felaktig nyckel'), []);
});
