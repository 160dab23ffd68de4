// Staff pages of registration (filled in below).
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../platform/context.ts';

export const registrationAdminRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async () => {};
