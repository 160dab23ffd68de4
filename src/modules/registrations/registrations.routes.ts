// Routes of the registrations module (public pages, staff pages, API).
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../platform/context.ts';

export const registrationRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async () => {};
