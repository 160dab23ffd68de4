// Public surface of the API reference module.
import type { ModuleDef } from '../../platform/module.ts';
import { apidocsRoutes } from './apidocs.routes.ts';

export const apidocsModule: ModuleDef = {
  name: 'apidocs',
  routes: apidocsRoutes,
};
