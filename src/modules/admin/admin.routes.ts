// The staff area's own pages: the dashboard, the audit log viewer and the mail outbox.
// Who may see what is decided by the accounts policy (admin.access, audit.view, outbox.view).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { adminNavFor, adminPage, requireUser } from '../../platform/admin.ts';
import { notFound } from '../../platform/errors.ts';
import { parseForm, rawString } from '../../platform/forms.ts';
import { idParam } from '../../platform/http.ts';
import type { MailAttachment } from '../../db/types.ts';
import { accountsPolicy, countUsersAndOrganisations, listOrganisations, roleLabel } from '../accounts/index.ts';
import { AuditFilterQuery, PageQuery } from './admin.schema.ts';
import { auditFacets, dashboardCounts, getOutboxMail, listAudit, listOutbox } from './admin.queries.ts';
import { adminMessages } from './admin.messages.ts';
import { dashboardView } from './views/dashboard.ts';
import { auditView, type AuditFilterValues } from './views/audit.ts';
import { mailView, outboxListView } from './views/outbox.ts';


/** A real calendar day: 2022-02-30 looks like a date but is not one. */
function isCalendarDay(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function pageOf(request: FastifyRequest): number {
  const r = parseForm(PageQuery, request.query, request.locale);
  return r.ok ? (r.value.page ?? 1) : 1;
}

export const adminRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/admin', async (request, reply) => {
    requireUser(request);
    const actor = request.actor;
    accountsPolicy.authorize(actor, 'admin.access', {});
    if (actor.kind !== 'user') throw notFound();
    const locale = request.locale;
    const t = adminMessages(locale);
    const can = (a: Parameters<typeof accountsPolicy.can>[1]) => accountsPolicy.can(actor, a, {});
    const counts: { label: string; value: number; href?: string }[] = [];
    if (can('user.list') || can('organisation.list')) {
      const c = await countUsersAndOrganisations(ctx.db);
      if (can('user.list')) counts.push({ label: t.countUsers, value: c.users, href: '/admin/users' }, { label: t.countDisabledUsers, value: c.disabledUsers });
      if (can('organisation.list')) counts.push({ label: t.countOrganisations, value: c.organisations, href: '/admin/organisations' });
    }
    if (can('audit.view') || can('outbox.view')) {
      const c = await dashboardCounts(ctx.db);
      if (can('audit.view')) counts.push({ label: t.countAuditWeek, value: c.auditLastWeek, href: '/admin/audit' });
      if (can('outbox.view')) counts.push({ label: t.countOutbox, value: c.outbox, href: '/admin/outbox' }, { label: t.countOutboxFailed, value: c.outboxFailed });
    }
    const orgs = await listOrganisations(ctx.db, { ids: actor.memberships.map((m) => m.organisationId) });
    return adminPage(request, reply, {
      title: t.dashboardTitle,
      body: dashboardView({
        locale,
        name: actor.name,
        sections: adminNavFor(actor).map((i) => ({ href: i.href, label: i.label[locale] })),
        counts,
        organisations: orgs.map((o) => {
          const role = actor.memberships.find((m) => m.organisationId === o.id)?.role ?? 'member';
          return { id: o.id, name: o.name, roleLabel: roleLabel(locale, role), membersHref: `/admin/organisations/${o.id}/members` };
        }),
      }),
    });
  });

  app.get('/admin/audit', async (request, reply) => {
    requireUser(request);
    accountsPolicy.authorize(request.actor, 'audit.view', {});
    const locale = request.locale;
    const t = adminMessages(locale);
    const q = (request.query ?? {}) as Record<string, unknown>;
    const form = parseForm(AuditFilterQuery, q, locale);
    const facets = await auditFacets(ctx.db);
    const crumbs = [{ label: t.admin, href: '/admin' }, { label: t.auditTitle }];
    const typed: AuditFilterValues = {};
    for (const k of ['actor', 'action', 'entity_type', 'entity_id', 'from', 'to'] as const) {
      const v = rawString(q, k)?.trim();
      if (v) typed[k] = v.slice(0, 200);
    }
    const errors: Record<string, string> = form.ok ? {} : { ...form.errors };
    delete errors.page; // a bad page number just means the first page
    for (const k of ['from', 'to'] as const) if (typed[k] && (errors[k] || !isCalendarDay(typed[k]))) errors[k] = t.invalidDate;
    if (!errors.from && !errors.to && typed.from && typed.to && typed.to < typed.from) errors.to = t.toBeforeFrom;
    if (Object.keys(errors).length) {
      return adminPage(request, reply, {
        title: t.auditTitle,
        breadcrumbs: crumbs,
        body: auditView({ locale, filters: typed, facets, rows: [], total: 0, page: 1, pageSize: 1, errors }),
      }, 400);
    }
    const filters = typed;
    const page = form.ok ? (form.value.page ?? 1) : 1;
    const r = await listAudit(ctx.db, filters, page);
    return adminPage(request, reply, {
      title: t.auditTitle,
      breadcrumbs: crumbs,
      body: auditView({ locale, filters, facets, rows: r.rows, total: r.total, page, pageSize: r.pageSize }),
    });
  });

  app.get('/admin/outbox', async (request, reply) => {
    requireUser(request);
    accountsPolicy.authorize(request.actor, 'outbox.view', {});
    const t = adminMessages(request.locale);
    const page = pageOf(request);
    const r = await listOutbox(ctx.db, page);
    return adminPage(request, reply, {
      title: t.outboxTitle,
      breadcrumbs: [{ label: t.admin, href: '/admin' }, { label: t.outboxTitle }],
      body: outboxListView({ locale: request.locale, rows: r.rows, total: r.total, page, pageSize: r.pageSize }),
    });
  });

  const loadMail = async (request: FastifyRequest) => {
    requireUser(request);
    accountsPolicy.authorize(request.actor, 'outbox.view', {});
    const mail = await getOutboxMail(ctx.db, idParam(request));
    if (!mail) throw notFound();
    return { ...mail, attachments: (Array.isArray(mail.attachments) ? mail.attachments : []) as MailAttachment[] };
  };

  app.get('/admin/outbox/:id', async (request, reply) => {
    const mail = await loadMail(request);
    const t = adminMessages(request.locale);
    return adminPage(request, reply, {
      title: t.mailTitle(mail.subject),
      breadcrumbs: [{ label: t.admin, href: '/admin' }, { label: t.outboxTitle, href: '/admin/outbox' }, { label: mail.subject }],
      body: mailView({ locale: request.locale, mail }),
    });
  });

  // Always a download, never rendered by the browser on our origin (an attachment could be HTML or SVG).
  app.get('/admin/outbox/:id/attachments/:n', async (request, reply) => {
    const mail = await loadMail(request);
    const n = idParam(request, 'n');
    const a = mail.attachments[n - 1];
    if (!a) throw notFound();
    const ascii = a.filename.replace(/[^\w.\- ]/g, '_');
    return reply
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
      .type('application/octet-stream')
      .send(Buffer.from(a.content, 'base64'));
  });
};
