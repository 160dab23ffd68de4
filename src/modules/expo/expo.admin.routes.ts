// Staff pages of the programme (filled in with item 5).
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../platform/context.ts';

export const expoAdminRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async () => {};
