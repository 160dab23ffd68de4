// "My programme" (filled in with item 6).
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../platform/context.ts';

export const expoMyRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async () => {};
