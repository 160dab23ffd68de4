// Public surface of the admin module: the staff dashboard (/admin), the audit log viewer and the mail outbox.
import type { ModuleDef } from '../../platform/module.ts';
import { accountsPolicy } from '../accounts/index.ts';
import { adminRoutes } from './admin.routes.ts';
import { adminMessages } from './admin.messages.ts';

const label = (key: 'navAudit' | 'navOutbox') => ({ sv: adminMessages('sv')[key], en: adminMessages('en')[key] });

export const adminModule: ModuleDef = {
  name: 'admin',
  routes: adminRoutes,
  adminNav: [
    { href: '/admin/audit', label: label('navAudit'), show: (a) => accountsPolicy.can(a, 'audit.view', {}) },
    { href: '/admin/outbox', label: label('navOutbox'), show: (a) => accountsPolicy.can(a, 'outbox.view', {}) },
  ],
};
