// Public surface of the accounts module.
import type { ModuleDef } from '../../platform/module.ts';
import { accountsRoutes } from './accounts.routes.ts';
import { accountsCommands } from './accounts.cli.ts';
export { ensureFirstAdmin, createUser, createApiToken } from './accounts.commands.ts';

export const accountsModule: ModuleDef = {
  name: 'accounts',
  routes: accountsRoutes,
  commands: accountsCommands,
};
