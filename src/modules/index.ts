// The module registry: the order here is the order routes are registered and seeds run.
import type { ModuleDef } from '../platform/module.ts';
import type { CliHandler } from '../platform/cli.ts';
import { accountsModule, ensureFirstAdmin } from './accounts/index.ts';
import { contentModule } from './content/index.ts';
import { expoModule } from './expo/index.ts';
import { registrationsModule } from './registrations/index.ts';
import { adminModule } from './admin/index.ts';
import { apidocsModule } from './apidocs/index.ts';
import { initiativesModule } from './initiatives/index.ts';

export const modules: ModuleDef[] = [accountsModule, contentModule, adminModule, initiativesModule, expoModule, registrationsModule, apidocsModule];

const commands: Record<string, CliHandler> = {};
for (const m of modules) Object.assign(commands, m.commands ?? {});

export const cliCommands = { ensureFirstAdmin, commands };
