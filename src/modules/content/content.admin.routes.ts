// Staff pages of the content module: /admin/faq, /admin/pages, /admin/accessibility-reports.
// Thin: authorize with the content policy, parse the form, call a command, redirect or re-render.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TObject } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.ts';
import { adminPage, requireUser } from '../../platform/admin.ts';
import { parseForm, rawString } from '../../platform/forms.ts';
import { AppError, notFound, type FieldErrors } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { contentPolicy, type ContentAction } from './content.policy.ts';
import { contentMessages, issueMessages } from './content.messages.ts';
import { FaqCreateForm, FaqEditForm, LIMITS, PageCreateForm, PageEditForm, ReportStatusForm, REPORT_STATUSES, SLUG_PATTERN } from './content.schema.ts';
import { getFaq, getPage, listAccessibilityReports, listFaq, listPages } from './content.queries.ts';
import {
  createFaq,
  createPage,
  deleteFaq,
  deletePage,
  isProtectedPage,
  setFaqPublished,
  setPagePublished,
  setReportStatus,
  updateFaq,
  updatePage,
  type FaqRow,
  type PageRow,
} from './content.commands.ts';
import { deleteConfirmView, faqFormView, faqListView, pageFormView, pageListView, reportsView, type Notices } from './views/admin.ts';

const FAQ_FIELDS = ['question_sv', 'answer_sv', 'question_en', 'answer_en', 'category', 'position', 'slug'] as const;
const PAGE_FIELDS = ['title_sv', 'slug_sv', 'summary_sv', 'body_sv', 'title_en', 'slug_en', 'summary_en', 'body_en'] as const;
const slugRe = new RegExp(SLUG_PATTERN);

function guard(request: FastifyRequest, action: ContentAction): void {
  requireUser(request);
  contentPolicy.authorize(request.actor, action, undefined);
}

/** Ids in paths are positive integers; anything else is simply not found. */
function idParam(request: FastifyRequest): number {
  const raw = (request.params as { id?: string }).id ?? '';
  if (!/^[1-9]\d{0,14}$/.test(raw)) throw notFound();
  return Number(raw);
}

function rawValues(body: unknown, fields: readonly string[]): Record<string, string | undefined> {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f, rawString(b, f)]));
}

/** parseForm, with messages that say what a slug or a position must look like. */
function parseContentForm<S extends TObject>(schema: S, body: unknown, locale: Locale, slugFields: string[]) {
  const form = parseForm(schema, body, locale);
  if (form.ok) return form;
  const t = contentMessages(locale);
  const raw = rawValues(body, slugFields);
  for (const f of slugFields) {
    const v = raw[f]?.trim() ?? '';
    if (form.errors[f] && v !== '' && v.length <= LIMITS.slug && !slugRe.test(v)) form.errors[f] = t.errSlugFormat;
  }
  if (form.errors.position) form.errors.position = t.errPosition;
  return form;
}

const DONE = ['saved', 'created', 'published', 'unpublished', 'deleted', 'protected'] as const;
type Done = (typeof DONE)[number];

/** The notice after a redirect (?done=…&from=<old slug>). */
function noticesFrom(request: FastifyRequest, opts: { slugNotice: (from: string, to: string) => string; currentSlug?: string }): Notices {
  const t = contentMessages(request.locale);
  const q = request.query as Record<string, unknown>;
  const out: Notices = [];
  const done = DONE.find((d) => d === q.done);
  const text: Record<Done, string> = {
    saved: t.savedNotice,
    created: t.createdNotice,
    published: t.publishedNotice,
    unpublished: t.unpublishedNotice,
    deleted: t.deletedNotice,
    protected: t.errProtectedAction,
  };
  if (done) out.push({ kind: done === 'protected' ? 'warning' : 'success', text: text[done] });
  const from = typeof q.from === 'string' && slugRe.test(q.from) ? q.from : undefined;
  if (from && opts.currentSlug && from !== opts.currentSlug) out.push({ kind: 'warning', text: opts.slugNotice(from, opts.currentSlug) });
  return out;
}

/** Where a one-button form (publish, unpublish) sends the browser back to: the list or the edit page. */
function backTo(request: FastifyRequest, prefix: string, fallback: string): string {
  const b = rawString(request.body as Record<string, unknown>, 'back');
  return b && (b === prefix || b.startsWith(`${prefix}/`)) && /^[a-z0-9/_-]+$/.test(b) ? b : fallback;
}

export const contentAdminRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const crumbs = (locale: Locale, section?: { label: string; href: string }) => {
    const t = contentMessages(locale);
    return [{ label: t.adminBreadcrumb, href: '/admin' }, ...(section ? [section] : [])];
  };

  // ---------- FAQ ----------

  const faqCrumb = (locale: Locale) => ({ label: contentMessages(locale).faqAdminTitle, href: '/admin/faq' });
  const faqValues = (r: FaqRow) => ({
    question_sv: r.question_sv,
    answer_sv: r.answer_sv,
    question_en: r.question_en,
    answer_en: r.answer_en,
    category: r.category,
    position: String(r.position),
    slug: r.slug,
  });

  app.get('/admin/faq', async (request, reply) => {
    guard(request, 'faq.list');
    const t = contentMessages(request.locale);
    const rows = await listFaq(ctx.db, { publishedOnly: false });
    return adminPage(request, reply, {
      title: t.faqAdminTitle,
      breadcrumbs: crumbs(request.locale),
      body: faqListView({
        locale: request.locale,
        csrf: request.csrfToken(),
        rows,
        can: contentPolicy.abilities(request.actor, undefined),
        notices: noticesFrom(request, { slugNotice: t.slugChangedNotice }),
      }),
    });
  });

  const renderFaqForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    o: { entry?: FaqRow | undefined; values: Record<string, string | undefined>; errors?: FieldErrors; notices?: Notices; status?: number },
  ) => {
    const t = contentMessages(request.locale);
    const e = o.entry;
    return adminPage(
      request,
      reply,
      {
        title: e ? t.faqEditTitle(e.question_sv) : t.faqNewTitle,
        breadcrumbs: crumbs(request.locale, faqCrumb(request.locale)),
        body: faqFormView({
          locale: request.locale,
          csrf: request.csrfToken(),
          mode: e ? 'edit' : 'create',
          action: e ? `/admin/faq/${e.id}` : '/admin/faq',
          values: o.values,
          errors: o.errors,
          entry: e,
          can: contentPolicy.abilities(request.actor, undefined),
          notices: o.notices ?? [],
        }),
      },
      o.status ?? 200,
    );
  };

  app.get('/admin/faq/new', async (request, reply) => {
    guard(request, 'faq.create');
    return renderFaqForm(request, reply, { values: { category: 'about' } });
  });

  app.post('/admin/faq', async (request, reply) => {
    guard(request, 'faq.create');
    const form = parseContentForm(FaqCreateForm, request.body, request.locale, ['slug']);
    const values = rawValues(request.body, FAQ_FIELDS);
    if (!form.ok) return renderFaqForm(request, reply, { values, errors: form.errors, status: 400 });
    const r = await createFaq(ctx, request.actor, form.value);
    if (r.outcome === 'invalid') return renderFaqForm(request, reply, { values, errors: issueMessages(r.issues, request.locale), status: 422 });
    if (r.outcome === 'not_found') throw notFound();
    return reply.redirect(`/admin/faq/${r.entry.id}?done=created`, 303);
  });

  app.get('/admin/faq/:id', async (request, reply) => {
    guard(request, 'faq.edit');
    const entry = await getFaq(ctx.db, idParam(request));
    if (!entry) throw notFound();
    const t = contentMessages(request.locale);
    return renderFaqForm(request, reply, { entry, values: faqValues(entry), notices: noticesFrom(request, { slugNotice: t.slugChangedNotice, currentSlug: entry.slug }) });
  });

  app.post('/admin/faq/:id', async (request, reply) => {
    guard(request, 'faq.edit');
    const id = idParam(request);
    const entry = await getFaq(ctx.db, id);
    if (!entry) throw notFound();
    const form = parseContentForm(FaqEditForm, request.body, request.locale, ['slug']);
    const values = rawValues(request.body, FAQ_FIELDS);
    if (!form.ok) return renderFaqForm(request, reply, { entry, values, errors: form.errors, status: 400 });
    // An emptied English field means "no translation" (the form drops empty optional fields).
    const r = await updateFaq(ctx, request.actor, id, { ...form.value, question_en: form.value.question_en ?? '', answer_en: form.value.answer_en ?? '' });
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'invalid') return renderFaqForm(request, reply, { entry, values, errors: issueMessages(r.issues, request.locale), status: 422 });
    const from = r.slugChanged ? `&from=${encodeURIComponent(r.slugChanged.from)}` : '';
    return reply.redirect(`/admin/faq/${id}?done=saved${from}`, 303);
  });

  for (const [path, published] of [['publish', true], ['unpublish', false]] as const) {
    app.post(`/admin/faq/:id/${path}`, async (request, reply) => {
      guard(request, 'faq.publish');
      const id = idParam(request);
      const r = await setFaqPublished(ctx, request.actor, id, published);
      if (r.outcome === 'not_found') throw notFound();
      return reply.redirect(`${backTo(request, '/admin/faq', `/admin/faq/${id}`)}?done=${published ? 'published' : 'unpublished'}`, 303);
    });
  }

  app.get('/admin/faq/:id/delete', async (request, reply) => {
    guard(request, 'faq.delete');
    const entry = await getFaq(ctx.db, idParam(request));
    if (!entry) throw notFound();
    const t = contentMessages(request.locale);
    return adminPage(request, reply, {
      title: t.faqDeleteTitle,
      breadcrumbs: crumbs(request.locale, faqCrumb(request.locale)),
      body: deleteConfirmView({ locale: request.locale, csrf: request.csrfToken(), action: `/admin/faq/${entry.id}/delete`, message: t.faqDeleteConfirm(entry.question_sv), cancelHref: `/admin/faq/${entry.id}` }),
    });
  });

  app.post('/admin/faq/:id/delete', async (request, reply) => {
    guard(request, 'faq.delete');
    const r = await deleteFaq(ctx, request.actor, idParam(request));
    if (r.outcome === 'not_found') throw notFound();
    return reply.redirect('/admin/faq?done=deleted', 303);
  });

  // ---------- pages ----------

  const pagesCrumb = (locale: Locale) => ({ label: contentMessages(locale).pagesAdminTitle, href: '/admin/pages' });
  const pageValues = (r: PageRow) => ({
    title_sv: r.title_sv,
    slug_sv: r.slug_sv,
    summary_sv: r.summary_sv,
    body_sv: r.body_sv,
    title_en: r.title_en,
    slug_en: r.slug_en,
    summary_en: r.summary_en,
    body_en: r.body_en,
  });

  app.get('/admin/pages', async (request, reply) => {
    guard(request, 'page.list');
    const t = contentMessages(request.locale);
    const rows = await listPages(ctx.db, { publishedOnly: false });
    return adminPage(request, reply, {
      title: t.pagesAdminTitle,
      breadcrumbs: crumbs(request.locale),
      body: pageListView({
        locale: request.locale,
        csrf: request.csrfToken(),
        rows,
        can: contentPolicy.abilities(request.actor, undefined),
        protectedIds: new Set(rows.filter(isProtectedPage).map((r) => r.id)),
        notices: noticesFrom(request, { slugNotice: t.pageSlugChangedNotice }),
      }),
    });
  });

  const renderPageForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    o: { entry?: PageRow | undefined; values: Record<string, string | undefined>; errors?: FieldErrors; notices?: Notices; status?: number },
  ) => {
    const t = contentMessages(request.locale);
    const e = o.entry;
    return adminPage(
      request,
      reply,
      {
        title: e ? t.pageEditTitle(e.title_sv) : t.pageNewTitle,
        breadcrumbs: crumbs(request.locale, pagesCrumb(request.locale)),
        body: pageFormView({
          locale: request.locale,
          csrf: request.csrfToken(),
          mode: e ? 'edit' : 'create',
          action: e ? `/admin/pages/${e.id}` : '/admin/pages',
          values: o.values,
          errors: o.errors,
          entry: e ? { id: e.id, slug_sv: e.slug_sv, published: e.published, title_sv: e.title_sv, locked: isProtectedPage(e) } : undefined,
          can: contentPolicy.abilities(request.actor, undefined),
          notices: o.notices ?? [],
        }),
      },
      o.status ?? 200,
    );
  };

  app.get('/admin/pages/new', async (request, reply) => {
    guard(request, 'page.create');
    return renderPageForm(request, reply, { values: {} });
  });

  app.post('/admin/pages', async (request, reply) => {
    guard(request, 'page.create');
    const form = parseContentForm(PageCreateForm, request.body, request.locale, ['slug_sv', 'slug_en']);
    const values = rawValues(request.body, PAGE_FIELDS);
    if (!form.ok) return renderPageForm(request, reply, { values, errors: form.errors, status: 400 });
    const r = await createPage(ctx, request.actor, form.value);
    if (r.outcome === 'invalid') return renderPageForm(request, reply, { values, errors: issueMessages(r.issues, request.locale), status: 422 });
    if (r.outcome === 'not_found') throw notFound();
    return reply.redirect(`/admin/pages/${r.entry.id}?done=created`, 303);
  });

  app.get('/admin/pages/:id', async (request, reply) => {
    guard(request, 'page.edit');
    const entry = await getPage(ctx.db, idParam(request));
    if (!entry) throw notFound();
    const t = contentMessages(request.locale);
    return renderPageForm(request, reply, { entry, values: pageValues(entry), notices: noticesFrom(request, { slugNotice: t.pageSlugChangedNotice, currentSlug: entry.slug_sv }) });
  });

  app.post('/admin/pages/:id', async (request, reply) => {
    guard(request, 'page.edit');
    const id = idParam(request);
    const entry = await getPage(ctx.db, id);
    if (!entry) throw notFound();
    const form = parseContentForm(PageEditForm, request.body, request.locale, ['slug_sv', 'slug_en']);
    const values = rawValues(request.body, PAGE_FIELDS);
    if (!form.ok) return renderPageForm(request, reply, { entry, values, errors: form.errors, status: 400 });
    const v = form.value;
    // Emptied optional fields are cleared, not left unchanged.
    const r = await updatePage(ctx, request.actor, id, {
      ...v,
      title_en: v.title_en ?? '',
      summary_sv: v.summary_sv ?? '',
      summary_en: v.summary_en ?? '',
      body_sv: v.body_sv ?? '',
      body_en: v.body_en ?? '',
    });
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'invalid') return renderPageForm(request, reply, { entry, values, errors: issueMessages(r.issues, request.locale), status: 422 });
    const from = r.slugChanged ? `&from=${encodeURIComponent(r.slugChanged.from)}` : '';
    return reply.redirect(`/admin/pages/${id}?done=saved${from}`, 303);
  });

  for (const [path, published] of [['publish', true], ['unpublish', false]] as const) {
    app.post(`/admin/pages/:id/${path}`, async (request, reply) => {
      guard(request, 'page.publish');
      const id = idParam(request);
      const r = await setPagePublished(ctx, request.actor, id, published);
      if (r.outcome === 'not_found') throw notFound();
      const done = r.outcome === 'protected' ? 'protected' : published ? 'published' : 'unpublished';
      return reply.redirect(`${backTo(request, '/admin/pages', `/admin/pages/${id}`)}?done=${done}`, 303);
    });
  }

  const renderPageDelete = async (request: FastifyRequest, reply: FastifyReply, entry: PageRow, status = 200) => {
    const t = contentMessages(request.locale);
    return adminPage(
      request,
      reply,
      {
        title: t.pageDeleteTitle,
        breadcrumbs: crumbs(request.locale, pagesCrumb(request.locale)),
        body: deleteConfirmView({
          locale: request.locale,
          csrf: request.csrfToken(),
          action: `/admin/pages/${entry.id}/delete`,
          message: t.pageDeleteConfirm(entry.title_sv),
          cancelHref: `/admin/pages/${entry.id}`,
          error: isProtectedPage(entry) ? t.errProtectedAction : undefined,
        }),
      },
      status,
    );
  };

  app.get('/admin/pages/:id/delete', async (request, reply) => {
    guard(request, 'page.delete');
    const entry = await getPage(ctx.db, idParam(request));
    if (!entry) throw notFound();
    return renderPageDelete(request, reply, entry);
  });

  app.post('/admin/pages/:id/delete', async (request, reply) => {
    guard(request, 'page.delete');
    const id = idParam(request);
    const r = await deletePage(ctx, request.actor, id);
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'protected') {
      const entry = await getPage(ctx.db, id);
      if (!entry) throw notFound();
      return renderPageDelete(request, reply, entry, 409);
    }
    return reply.redirect('/admin/pages?done=deleted', 303);
  });

  // ---------- accessibility reports ----------

  app.get('/admin/accessibility-reports', async (request, reply) => {
    guard(request, 'report.list');
    const t = contentMessages(request.locale);
    const q = request.query as Record<string, unknown>;
    const filter = REPORT_STATUSES.find((s) => s === q.status);
    const rows = await listAccessibilityReports(ctx.db, { status: filter });
    const updated = typeof q.updated === 'string' && /^\d{1,15}$/.test(q.updated) ? Number(q.updated) : undefined;
    return adminPage(request, reply, {
      title: t.reportsAdminTitle,
      breadcrumbs: crumbs(request.locale),
      body: reportsView({
        locale: request.locale,
        csrf: request.csrfToken(),
        rows,
        filter,
        canUpdate: contentPolicy.can(request.actor, 'report.update', undefined),
        notices: updated ? [{ kind: 'success', text: t.reportStatusUpdated(updated) }] : [],
      }),
    });
  });

  app.post('/admin/accessibility-reports/:id/status', async (request, reply) => {
    guard(request, 'report.update');
    const id = idParam(request);
    const form = parseForm(ReportStatusForm, request.body, request.locale);
    // The status is a select: anything else was not typed by a person.
    if (!form.ok) throw new AppError('bad_request', 'Unknown status');
    const r = await setReportStatus(ctx, request.actor, id, form.value.status);
    if (r.outcome === 'not_found') throw notFound();
    return reply.redirect(`/admin/accessibility-reports?updated=${id}#report-${id}`, 303);
  });
};
