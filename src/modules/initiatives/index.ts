// Public surface of the initiatives module: the innovation portfolio.
import type { ModuleDef } from '../../platform/module.ts';
import { seedInitiatives } from './initiatives.seed.ts';

export const initiativesModule: ModuleDef = {
  name: 'initiatives',
  routes: async () => {},
  seed: async (ctx) => void (await seedInitiatives(ctx)),
};
