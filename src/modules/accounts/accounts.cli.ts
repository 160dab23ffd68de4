// `h22 user create` and `h22 token create`.
import { cliOptions, type Cli, type CliHandler } from '../../platform/cli.ts';
import { GLOBAL_ROLES, type GlobalRole } from '../../platform/auth/actor.ts';
import { EMAIL_RE } from '../../platform/forms.ts';
import { createApiToken, createUser, generatePassword, SYSTEM } from './accounts.commands.ts';
import { findUserByEmail } from './accounts.queries.ts';

const ROLES = ['resident', ...GLOBAL_ROLES, 'member', 'editor', 'innovation_lead'] as const;

const USER_HELP = `Usage: h22 user create --email E --role R [--name N] [--password P] [--org SLUG]

Roles: ${ROLES.join(', ')}.
  resident                     a signed-in resident (no staff rights)
  programme_team, finance, admin   global staff roles
  member, editor, innovation_lead  roles in an organisation: give --org SLUG
Without --password a password is generated and printed once.`;

const TOKEN_HELP = `Usage: h22 token create --email E [--name N]

Creates a personal API token for the user and prints it once. Send it as "Authorization: Bearer <token>".`;

async function userCmd(cli: Cli, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const o = cliOptions(rest, { email: { type: 'string' }, role: { type: 'string', multiple: true }, name: { type: 'string' }, password: { type: 'string' }, org: { type: 'string' } });
  if (sub !== 'create' || 'error' in o || o.values.help) {
    if ('error' in o) cli.log(o.error);
    cli.out(USER_HELP);
    return 'error' in o || sub !== 'create' ? 2 : 0;
  }
  const { email, name, password, org } = o.values;
  const roles = o.values.role ?? ['resident'];
  if (!email || !EMAIL_RE.test(email)) {
    cli.log('--email must be a valid e-mail address');
    return 2;
  }
  const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (bad.length) {
    cli.log(`Unknown role ${bad.join(', ')}. Roles: ${ROLES.join(', ')}`);
    return 2;
  }
  const orgRole = roles.find((r) => r === 'member' || r === 'editor' || r === 'innovation_lead') as 'member' | 'editor' | 'innovation_lead' | undefined;
  if (orgRole && !org) {
    cli.log(`The role ${orgRole} belongs to an organisation: give --org SLUG`);
    return 2;
  }
  if (password !== undefined && password.length < 10) {
    cli.log('--password must be at least 10 characters');
    return 2;
  }
  const rt = await cli.runtime();
  try {
    let membership: { organisationId: number; role: 'member' | 'editor' | 'innovation_lead' } | undefined;
    if (org && orgRole) {
      const o2 = await rt.ctx.db.selectFrom('organisations').select('id').where('slug', '=', org).executeTakeFirst();
      if (!o2) {
        cli.log(`No organisation with slug "${org}"`);
        return 1;
      }
      membership = { organisationId: o2.id, role: orgRole };
    }
    const pw = password ?? generatePassword();
    const r = await createUser(rt.ctx.db, SYSTEM, {
      email,
      name: name ?? email.split('@')[0] ?? email,
      password: pw,
      globalRoles: roles.filter((r): r is GlobalRole => (GLOBAL_ROLES as readonly string[]).includes(r)),
      verified: true,
      ...(membership ? { membership } : {}),
    });
    if (r.outcome === 'email_taken') {
      cli.log(`A user with the e-mail ${email} already exists`);
      return 1;
    }
    cli.out(`Created user ${email.trim().toLowerCase()} (id ${r.userId}) with role(s) ${roles.join(', ')}${org ? ` in ${org}` : ''}.`);
    if (!password) cli.out(`Password: ${pw}`);
    return 0;
  } finally {
    await rt.close();
  }
}

async function tokenCmd(cli: Cli, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const o = cliOptions(rest, { email: { type: 'string' }, name: { type: 'string' } });
  if (sub !== 'create' || 'error' in o || o.values.help) {
    if ('error' in o) cli.log(o.error);
    cli.out(TOKEN_HELP);
    return 'error' in o || sub !== 'create' ? 2 : 0;
  }
  if (!o.values.email) {
    cli.log('--email is required');
    return 2;
  }
  const rt = await cli.runtime();
  try {
    const user = await findUserByEmail(rt.ctx.db, o.values.email);
    if (!user) {
      cli.log(`No user with the e-mail ${o.values.email}`);
      return 1;
    }
    const { token } = await createApiToken(rt.ctx.db, SYSTEM, user.id, o.values.name ?? 'CLI token');
    cli.out(token);
    return 0;
  } finally {
    await rt.close();
  }
}

export const accountsCommands: Record<string, CliHandler> = { user: userCmd, token: tokenCmd };
