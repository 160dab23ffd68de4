// Public surface of the content module.
import type { ModuleDef } from '../../platform/module.ts';
import { contentRoutes } from './content.routes.ts';
import { seedContent } from './content.seed.ts';
import { searchContent } from './content.queries.ts';
import { contentPolicy } from './content.policy.ts';
import { contentMessages } from './content.messages.ts';

const sv = contentMessages('sv');
const en = contentMessages('en');

export const contentModule: ModuleDef = {
  name: 'content',
  routes: contentRoutes,
  seed: seedContent,
  search: (ctx) => (q, locale, limit) => searchContent(ctx.db, q, locale, limit),
  adminNav: [
    { href: '/admin/faq', label: { sv: sv.adminNavFaq, en: en.adminNavFaq }, show: (a) => contentPolicy.can(a, 'faq.list', undefined) },
    { href: '/admin/pages', label: { sv: sv.adminNavPages, en: en.adminNavPages }, show: (a) => contentPolicy.can(a, 'page.list', undefined) },
    { href: '/admin/accessibility-reports', label: { sv: sv.adminNavReports, en: en.adminNavReports }, show: (a) => contentPolicy.can(a, 'report.list', undefined) },
  ],
};
