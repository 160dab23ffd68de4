// Public surface of the initiatives module: the innovation portfolio.
import type { FastifyPluginAsync } from 'fastify';
import type { ModuleDef } from '../../platform/module.ts';
import type { AppContext } from '../../platform/context.ts';
import { registerImporter } from '../../platform/cli.ts';
import { seedInitiatives } from './initiatives.seed.ts';
import { initiativesPublicRoutes } from './initiatives.routes.ts';
import { initiativesAdminRoutes, PORTFOLIO } from './initiatives.admin.routes.ts';
import { initiativesApiRoutes } from './initiatives.api.routes.ts';
import { searchInitiatives } from './initiatives.queries.ts';
import { staffPolicy } from './initiatives.policy.ts';
import { ADMIN, CHALLENGES } from './initiatives.paths.ts';
import { staffMessages } from './initiatives.staff.messages.ts';
import { importInitiativesCli } from './initiatives.cli.ts';
import { registerInitiativeJobs } from './initiatives.mail.ts';
import { challengeMessages } from './initiatives.challenges.messages.ts';

registerImporter('initiatives', importInitiativesCli);

// For modules that link initiatives (expo): links, the staff picker, and the events extension point.
export {
  INITIATIVES_CACHE_TAG,
  initiativePicker,
  publicInitiativeLinks,
  publishedInitiativeIds,
  publishedInitiativesBySlug,
  registerInitiativeEvents,
  type InitiativeEvent,
  type InitiativeEventsProvider,
  type InitiativeLink,
  type InitiativeOption,
  type InitiativePicker,
} from './initiatives.links.ts';

const routes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, opts) => {
  await app.register(initiativesPublicRoutes, opts);
  await app.register(initiativesAdminRoutes, opts);
  await app.register(initiativesApiRoutes, opts);
};

export const initiativesModule: ModuleDef = {
  name: 'initiatives',
  routes,
  seed: async (ctx) => void (await seedInitiatives(ctx)),
  jobs: registerInitiativeJobs,
  search: (ctx) => (q, locale, limit) => searchInitiatives(ctx.db, q, locale, limit),
  adminNav: [
    { href: ADMIN, label: { sv: staffMessages('sv').navInitiatives, en: staffMessages('en').navInitiatives }, show: (a) => staffPolicy.can(a, 'useStaffArea', undefined) },
    { href: PORTFOLIO, label: { sv: staffMessages('sv').navPortfolio, en: staffMessages('en').navPortfolio }, show: (a) => staffPolicy.can(a, 'viewPortfolio', undefined) },
    { href: CHALLENGES, label: { sv: challengeMessages('sv').navChallenges, en: challengeMessages('en').navChallenges }, show: (a) => staffPolicy.can(a, 'manageChallenges', undefined) },
  ],
};
