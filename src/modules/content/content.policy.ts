// Who may administer FAQ entries, pages and accessibility reports. Pure rules, one per action.
//
// Only the programme team and admins: FAQ entries and pages speak for the whole H22 programme and
// belong to no organisation. Organisation editors may NOT draft pages: a page draft would have no
// owning organisation, so every other organisation's editor could change it, and reviewing it would
// need a hand-over workflow the platform does not have. Editors write their organisation's own
// content in the organisation-scoped modules instead.
import { definePolicy, isProgrammeTeam } from '../../platform/policy.ts';

export const contentPolicy = definePolicy({
  'faq.list': isProgrammeTeam,
  'faq.create': isProgrammeTeam,
  'faq.edit': isProgrammeTeam,
  'faq.publish': isProgrammeTeam,
  'faq.delete': isProgrammeTeam,
  'page.list': isProgrammeTeam,
  'page.create': isProgrammeTeam,
  'page.edit': isProgrammeTeam,
  'page.publish': isProgrammeTeam,
  'page.delete': isProgrammeTeam,
  'report.list': isProgrammeTeam,
  'report.update': isProgrammeTeam,
});

export type ContentAction = (typeof contentPolicy.actions)[number];
