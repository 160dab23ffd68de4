// Public surface of the accounts module.
import type { ModuleDef } from '../../platform/module.ts';
import { accountsRoutes } from './accounts.routes.ts';
import { accountsCommands } from './accounts.cli.ts';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { accountsAdminRoutes } from './accounts.admin.routes.ts';
import { accountsPolicy } from './accounts.policy.ts';
import { accountsAdminMessages } from './accounts.admin.messages.ts';
import { seedAccounts } from './accounts.seed.ts';
import { SEED_ORGANISATIONS, type OrganisationSlug } from './accounts.seed-data.ts';
export { ensureFirstAdmin, createUser, createApiToken } from './accounts.commands.ts';

// Staff administration of people, organisations and memberships (see accounts.policy.ts).
export { accountsPolicy, type AccountsAction, type AccountsResource } from './accounts.policy.ts';
export { listOrganisations, getOrganisationBySlug, countUsersAndOrganisations } from './accounts.queries.ts';
export { roleLabel, kindLabel } from './views/admin-common.ts';
export { SEED_ORGANISATIONS, type OrganisationSlug } from './accounts.seed-data.ts';
/** Slugs of the real organisations every installation has (seeded); other modules may refer to them. */
export const ORGANISATION_SLUGS: readonly OrganisationSlug[] = SEED_ORGANISATIONS.map((o) => o.slug);

const navLabel = (key: 'usersTitle' | 'organisationsTitle') => ({ sv: accountsAdminMessages('sv')[key], en: accountsAdminMessages('en')[key] });

const routes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, opts) => {
  await app.register(accountsRoutes, opts);
  await app.register(accountsAdminRoutes, opts);
};

export const accountsModule: ModuleDef = {
  name: 'accounts',
  routes,
  commands: accountsCommands,
  seed: seedAccounts,
  adminNav: [
    { href: '/admin/users', label: navLabel('usersTitle'), show: (a) => accountsPolicy.can(a, 'user.list', {}) },
    { href: '/admin/organisations', label: navLabel('organisationsTitle'), show: (a) => accountsPolicy.can(a, 'organisation.list', {}) },
  ],
};
