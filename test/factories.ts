// Factories: real rows through the same commands the app uses.
import crypto from 'node:crypto';
import type { AppContext } from '../src/platform/context.ts';
import type { GlobalRole } from '../src/platform/auth/actor.ts';
import type { MembershipRole, OrganisationKind } from '../src/db/types.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { createMailer, type Mailer } from '../src/platform/mail.ts';

let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}${crypto.randomBytes(2).toString('hex')}`;

export const TEST_PASSWORD = 'correct-horse-battery';

export async function makeOrganisation(ctx: AppContext, props: { name?: string; kind?: OrganisationKind; slug?: string } = {}) {
  const u = uniq();
  return ctx.db
    .insertInto('organisations')
    .values({ slug: props.slug ?? `org-${u}`, name: props.name ?? `Organisation ${u}`, kind: props.kind ?? 'administration' })
    .returning(['id', 'slug', 'name', 'kind'])
    .executeTakeFirstOrThrow();
}

export async function makeUser(
  ctx: AppContext,
  props: { email?: string; name?: string; roles?: GlobalRole[]; org?: { id: number; role: MembershipRole }; password?: string; locale?: 'sv' | 'en' } = {},
) {
  const email = props.email ?? `user-${uniq()}@example.test`;
  const r = await createUser(ctx.db, { kind: 'anonymous' }, {
    email,
    name: props.name ?? 'Test Person',
    password: props.password ?? TEST_PASSWORD,
    globalRoles: props.roles ?? [],
    verified: true,
    locale: props.locale ?? 'sv',
    ...(props.org ? { membership: { organisationId: props.org.id, role: props.org.role } } : {}),
  });
  if (r.outcome !== 'ok') throw new Error(`makeUser: ${r.outcome}`);
  return { id: r.userId, email, password: props.password ?? TEST_PASSWORD };
}

/**
 * A mailer whose SMTP server turns the addresses in `refused` away with `error()` (empty the set to let them
 * through) and records what it accepted as "address: subject"; the outbox is the real one.
 */
export function flakyMailer(ctx: AppContext, refused: Set<string>, error: () => Error): { mail: Mailer; delivered: string[] } {
  const delivered: string[] = [];
  const mail = createMailer(ctx.db, {
    smtpUrl: undefined,
    from: ctx.config.mailFrom,
    log: () => {},
    transport: {
      async sendMail(m) {
        const to = String(m.to);
        if (refused.has(to)) throw error();
        delivered.push(`${to}: ${String(m.subject)}`);
        return {};
      },
    },
  });
  return { mail, delivered };
}
