// `h22 user create` and `h22 token create`, called with a fake Cli whose runtime is the test app's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, type TestApp } from '../../../test/helpers.ts';
import { makeOrganisation, makeUser } from '../../../test/factories.ts';
import type { Cli } from '../../platform/cli.ts';
import { verifyPassword } from '../../platform/auth/password.ts';
import { sha256 } from '../../platform/auth/tokens.ts';
import { accountsCommands } from './accounts.cli.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

function fakeCli() {
  const out: string[] = [];
  const log: string[] = [];
  let opened = 0;
  let closed = 0;
  const cli: Cli = {
    config: t.config,
    out: (m) => out.push(m),
    log: (m) => log.push(m),
    async runtime() {
      opened++;
      // The test app's database stays open: closing here would close it for the other tests.
      return { ctx: t.ctx, databaseUrl: t.db.url, close: async () => void closed++ };
    },
  };
  return { cli, out, log, counts: () => ({ opened, closed }) };
}

const run = (cmd: 'user' | 'token', args: string[]) => {
  const f = fakeCli();
  return accountsCommands[cmd]!(f.cli, args).then((code) => ({ code, ...f }));
};
const userRow = (email: string) => t.ctx.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();

test('user create makes a verified staff user with the given password and closes the runtime', async () => {
  const r = await run('user', ['create', '--email', 'Pam@Example.test', '--role', 'programme_team', '--role', 'finance', '--name', 'Pam Programme', '--password', 'cli-password-123']);
  assert.equal(r.code, 0, r.log.join('\n'));
  assert.match(r.out.join('\n'), /^Created user pam@example\.test \(id \d+\) with role\(s\) programme_team, finance\.$/m);
  assert.doesNotMatch(r.out.join('\n'), /Password:/, 'a given password is not printed');
  assert.deepEqual(r.counts(), { opened: 1, closed: 1 });
  const row = await userRow('pam@example.test');
  assert.ok(row);
  assert.equal(row.name, 'Pam Programme');
  assert.deepEqual([...row.global_roles].sort(), ['finance', 'programme_team']);
  assert.ok(row.email_verified_at);
  assert.ok(await verifyPassword(row.password_hash, 'cli-password-123'));
  const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'actor_label']).where('entity_type', '=', 'user').where('entity_id', '=', String(row.id)).execute();
  assert.deepEqual(audit, [{ action: 'user.create', actor_label: 'system' }]);
  // The password works on the sign-in page.
  assert.equal((await new Client(t.app).signIn('pam@example.test', 'cli-password-123')).status, 303);
});

test('user create without --password prints a generated one that works; a resident has no roles', async () => {
  const r = await run('user', ['create', '--email', 'rita@example.test']);
  assert.equal(r.code, 0);
  const pw = /^Password: (\S+)$/m.exec(r.out.join('\n'))?.[1];
  assert.ok(pw, r.out.join('\n'));
  assert.match(pw, /^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
  const row = await userRow('rita@example.test');
  assert.deepEqual(row!.global_roles, []);
  assert.equal(row!.name, 'rita');
  assert.ok(await verifyPassword(row!.password_hash, pw));
});

test('user create with an organisation role adds the membership', async () => {
  const org = await makeOrganisation(t.ctx, { slug: 'miljoforvaltningen', name: 'Miljöförvaltningen' });
  const r = await run('user', ['create', '--email', 'ed@example.test', '--role', 'editor', '--org', 'miljoforvaltningen', '--password', 'editor-password-1']);
  assert.equal(r.code, 0, r.log.join('\n'));
  assert.match(r.out.join('\n'), /in miljoforvaltningen\./);
  const row = await userRow('ed@example.test');
  const m = await t.ctx.db.selectFrom('memberships').select(['organisation_id', 'role']).where('user_id', '=', row!.id).execute();
  assert.deepEqual(m, [{ organisation_id: org.id, role: 'editor' }]);
  assert.deepEqual(row!.global_roles, []);
});

test('user create refuses bad input with a message and creates nothing', async () => {
  const cases: [string[], number, RegExp][] = [
    [['create', '--email', 'not-an-email'], 2, /--email must be a valid e-mail address/],
    [['create', '--email', 'x@example.test', '--role', 'emperor'], 2, /Unknown role emperor/],
    [['create', '--email', 'x@example.test', '--role', 'editor'], 2, /belongs to an organisation: give --org SLUG/],
    [['create', '--email', 'x@example.test', '--password', 'short'], 2, /at least 10 characters/],
    [['create', '--email', 'x@example.test', '--role', 'member', '--org', 'no-such-org'], 1, /No organisation with slug "no-such-org"/],
    [['create', '--bogus'], 2, /Unknown option '--bogus'/],
  ];
  for (const [args, code, message] of cases) {
    const r = await run('user', args);
    assert.equal(r.code, code, args.join(' '));
    assert.match(r.log.join('\n'), message, args.join(' '));
  }
  assert.equal(await userRow('x@example.test'), undefined);
  const dup = await makeUser(t.ctx, { email: 'dup@example.test' });
  const r = await run('user', ['create', '--email', 'DUP@example.test']);
  assert.equal(r.code, 1);
  assert.match(r.log.join('\n'), /already exists/);
  const rows = await t.ctx.db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', 'dup@example.test')).execute();
  assert.deepEqual(rows.map((x) => x.id), [dup.id]);
  const help = await run('user', ['create', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.out.join('\n'), /^Usage: h22 user create --email E --role R/);
  assert.equal((await run('user', ['delete'])).code, 2);
});

test('token create prints a token that authenticates GET /api/v1/me as that user', async () => {
  const u = await makeUser(t.ctx, { email: 'tokyo@example.test', name: 'Tokyo Token', roles: ['admin'] });
  const r = await run('token', ['create', '--email', 'tokyo@example.test', '--name', 'Deploy bot']);
  assert.equal(r.code, 0, r.log.join('\n'));
  assert.equal(r.out.length, 1);
  const token = r.out[0]!;
  assert.match(token, /^h22_[A-Za-z0-9_-]{32}$/);
  const row = await t.ctx.db.selectFrom('api_tokens').selectAll().where('user_id', '=', u.id).executeTakeFirstOrThrow();
  assert.equal(row.name, 'Deploy bot');
  assert.equal(row.token_hash, sha256(token));
  assert.equal(row.revoked_at, null);
  const me = await new Client(t.app).get('/api/v1/me', { authorization: `Bearer ${token}` });
  assert.equal(me.status, 200);
  assert.equal(me.json().email, 'tokyo@example.test');
  assert.deepEqual(me.json().roles, ['admin']);

  const unnamed = await run('token', ['create', '--email', 'tokyo@example.test']);
  assert.equal(unnamed.code, 0);
  const names = await t.ctx.db.selectFrom('api_tokens').select('name').where('user_id', '=', u.id).orderBy('id').execute();
  assert.deepEqual(names.map((n) => n.name), ['Deploy bot', 'CLI token']);
});

test('token create refuses a missing or unknown e-mail', async () => {
  const missing = await run('token', ['create']);
  assert.equal(missing.code, 2);
  assert.match(missing.log.join('\n'), /--email is required/);
  const unknown = await run('token', ['create', '--email', 'nobody@example.test']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.log.join('\n'), /No user with the e-mail nobody@example\.test/);
  assert.deepEqual(unknown.counts(), { opened: 1, closed: 1 });
  const help = await run('token', ['--help']);
  assert.equal(help.code, 2, 'no sub-command');
  assert.match(help.out.join('\n'), /^Usage: h22 token create --email E/);
});
