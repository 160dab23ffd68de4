// Public surface of the expo module: the City Expo programme, its places, releases and open formats.
import type { ModuleDef } from '../../platform/module.ts';
import { isProgrammeTeam } from '../../platform/policy.ts';
import { registerImporter } from '../../platform/cli.ts';
import { importEventsCli } from './expo.cli.ts';
import { expoRoutes } from './expo.routes.ts';
import { seedExpo } from './expo.seed.ts';
import { searchProgramme } from './expo.queries.ts';
import { registerInitiativeEvents } from '../initiatives/index.ts';
import { publishedEventsShowing } from './expo.links.ts';
import { eventPath } from './views/format.ts';
import { placesPolicy } from './expo.policy.ts';

registerImporter('events', importEventsCli);

// An initiative's page lists the published items that show it; any release may change that list.
registerInitiativeEvents({
  cacheTags: ['expo', 'expo:release'],
  eventsShowing: async (db, id, locale) => (await publishedEventsShowing(db, id, locale)).map((e) => ({ ...e, path: eventPath(locale, e.slug) })),
});

export const expoModule: ModuleDef = {
  name: 'expo',
  routes: expoRoutes,
  seed: seedExpo,
  search: (ctx) => (q, locale, limit) => searchProgramme(ctx.db, q, locale, limit),
  adminNav: [
    {
      href: '/admin/program',
      label: { sv: 'Program', en: 'Programme' },
      show: (a) => isProgrammeTeam(a) || (a.kind === 'user' && a.memberships.length > 0),
    },
    { href: '/admin/program/places', label: { sv: 'Expots platser', en: 'Expo places' }, show: (a) => placesPolicy.can(a, 'manage', undefined) },
  ],
};
