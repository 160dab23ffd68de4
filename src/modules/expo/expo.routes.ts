// Routes of the expo module (filled in below).
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../platform/context.ts';

export const expoRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async () => {};
