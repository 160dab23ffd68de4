// Public surface of the registrations module: sign-up for expo occurrences with capacity, waiting
// lists, tickets and check-in.
import type { ModuleDef } from '../../platform/module.ts';
import { registrationRoutes } from './registrations.routes.ts';
import { registerRegistrationJobs } from './registrations.jobs.ts';
import { seedRegistrations } from './registrations.seed.ts';
import { registrationAreaPolicy } from './registrations.policy.ts';
import { registrationMessages } from './registrations.messages.ts';

// For the programme (expo): the registration state of occurrences for GET /api/v1/events, the event
// page and the day view, its OpenAPI schema, the sign-up page's path to link to, and how the views
// that show it stay fresh (ADR 020): they carry SEATS_TAG or expo's day/event tags, which seat changes
// invalidate, and drop themselves when the state turns by the clock.
export { registrationStates, registrationSummaries, type OccurrenceRegistration, type OccurrenceRegistrationState } from './registrations.queries.ts';
export type { PublicRegistrationState } from './registrations.rules.ts';
export { OccurrenceRegistrationSchema } from './registrations.schema.ts';
export { signUpPath as registrationPath } from './registrations.format.ts';
export { SEATS_TAG } from './registrations.freshness.ts';

const sv = registrationMessages('sv');
const en = registrationMessages('en');

export const registrationsModule: ModuleDef = {
  name: 'registrations',
  routes: registrationRoutes,
  seed: (ctx) => seedRegistrations(ctx),
  jobs: registerRegistrationJobs,
  adminNav: [{ href: '/admin/registrations', label: { sv: sv.adminNav, en: en.adminNav }, show: (a) => registrationAreaPolicy.can(a, 'overview', undefined) }],
};
