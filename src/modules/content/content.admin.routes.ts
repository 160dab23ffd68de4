// Staff pages of the content module: /admin/faq, /admin/pages, /admin/accessibility-reports.
// Thin: authorize with the content policy, parse the form, call a command, redirect or re-render.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Static, TObject } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { SafeHtml } from '../../platform/html.ts';
import { adminPage, requireUser } from '../../platform/admin.ts';
import { idParam } from '../../platform/http.ts';
import { parseForm, rawString } from '../../platform/forms.ts';
import { AppError, notFound, type FieldErrors } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { contentPolicy, type ContentAction } from './content.policy.ts';
import { contentMessages, issueMessages, type ContentMessages } from './content.messages.ts';
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
  type WriteOutcome,
} from './content.commands.ts';
import { deleteConfirmView, faqFormView, faqListView, pageFormView, pageListView, reportsView, type Notices } from './views/admin.ts';

const FAQ_FIELDS = ['question_sv', 'answer_sv', 'question_en', 'answer_en', 'category', 'position', 'slug'] as const;
const PAGE_FIELDS = ['title_sv', 'slug_sv', 'summary_sv', 'body_sv', 'title_en', 'slug_en', 'summary_en', 'body_en'] as const;
const slugRe = new RegExp(SLUG_PATTERN);

function guard(request: FastifyRequest, action: ContentAction): void {
  requireUser(request);
  contentPolicy.authorize(request.actor, action, undefined);
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

/** What a staff form view needs besides the entry being edited. */
interface FormParams {
  locale: Locale;
  csrf: string;
  mode: 'create' | 'edit';
  action: string;
  values: Record<string, string | undefined>;
  errors?: FieldErrors | undefined;
  notices: Notices;
}

/**
 * An editable kind of content (FAQ entries, pages): the create, edit, publish and delete flow is the same for
 * both; what differs (fields, commands, wording, protected pages) is said here.
 */
interface EditorKind<R extends { id: number }, C extends TObject, E extends TObject> {
  base: string;
  actions: { create: ContentAction; edit: ContentAction; publish: ContentAction; delete: ContentAction };
  fields: readonly string[];
  slugFields: string[];
  createForm: C;
  editForm: E;
  blank: Record<string, string>;
  get(id: number): Promise<R | undefined>;
  create(actor: Actor, value: Static<C>): Promise<WriteOutcome<R>>;
  update(actor: Actor, id: number, value: Static<E>): Promise<WriteOutcome<R>>;
  setPublished(actor: Actor, id: number, published: boolean): Promise<{ outcome: 'ok' | 'not_found' | 'protected' }>;
  remove(actor: Actor, id: number): Promise<{ outcome: 'ok' | 'not_found' | 'protected' }>;
  values(entry: R): Record<string, string>;
  /** The slug a changed-slug notice compares with. */
  slug(entry: R): string;
  text: {
    crumb(t: ContentMessages): string;
    formTitle(t: ContentMessages, entry: R | undefined): string;
    slugNotice(t: ContentMessages): (from: string, to: string) => string;
    deleteTitle(t: ContentMessages): string;
    deleteConfirm(t: ContentMessages, entry: R): string;
    /** Why the entry cannot be deleted, if it cannot. */
    deleteRefusal(t: ContentMessages, entry: R): string | undefined;
  };
  form(p: FormParams, entry: R | undefined, request: FastifyRequest): SafeHtml;
}

const crumbs = (locale: Locale, section?: { label: string; href: string }) => {
  const t = contentMessages(locale);
  return [{ label: t.adminBreadcrumb, href: '/admin' }, ...(section ? [section] : [])];
};

function editorRoutes<R extends { id: number }, C extends TObject, E extends TObject>(app: Parameters<FastifyPluginAsync>[0], k: EditorKind<R, C, E>): void {
  const crumb = (locale: Locale) => ({ label: k.text.crumb(contentMessages(locale)), href: k.base });
  const load = async (request: FastifyRequest) => {
    const entry = await k.get(idParam(request));
    if (!entry) throw notFound();
    return entry;
  };

  const renderForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    o: { entry?: R | undefined; values: Record<string, string | undefined>; errors?: FieldErrors; notices?: Notices; status?: number },
  ) => {
    const t = contentMessages(request.locale);
    const e = o.entry;
    const params: FormParams = {
      locale: request.locale,
      csrf: request.csrfToken(),
      mode: e ? 'edit' : 'create',
      action: e ? `${k.base}/${e.id}` : k.base,
      values: o.values,
      errors: o.errors,
      notices: o.notices ?? [],
    };
    return adminPage(request, reply, { title: k.text.formTitle(t, e), breadcrumbs: crumbs(request.locale, crumb(request.locale)), body: k.form(params, e, request) }, o.status ?? 200);
  };

  /** Parse, keep what was typed, run the command; re-render with field messages or redirect. */
  const submit = async <S extends TObject>(request: FastifyRequest, reply: FastifyReply, schema: S, entry: R | undefined, save: (value: Static<S>) => Promise<WriteOutcome<R>>) => {
    const form = parseContentForm(schema, request.body, request.locale, k.slugFields);
    const values = rawValues(request.body, k.fields);
    if (!form.ok) return renderForm(request, reply, { entry, values, errors: form.errors, status: 400 });
    const r = await save(form.value);
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'invalid') return renderForm(request, reply, { entry, values, errors: issueMessages(r.issues, request.locale), status: 422 });
    if (!entry) return reply.redirect(`${k.base}/${r.entry.id}?done=created`, 303);
    const from = r.slugChanged ? `&from=${encodeURIComponent(r.slugChanged.from)}` : '';
    return reply.redirect(`${k.base}/${entry.id}?done=saved${from}`, 303);
  };

  app.get(`${k.base}/new`, async (request, reply) => {
    guard(request, k.actions.create);
    return renderForm(request, reply, { values: k.blank });
  });

  app.post(k.base, async (request, reply) => {
    guard(request, k.actions.create);
    return submit(request, reply, k.createForm, undefined, (v) => k.create(request.actor, v));
  });

  app.get(`${k.base}/:id`, async (request, reply) => {
    guard(request, k.actions.edit);
    const entry = await load(request);
    const t = contentMessages(request.locale);
    return renderForm(request, reply, { entry, values: k.values(entry), notices: noticesFrom(request, { slugNotice: k.text.slugNotice(t), currentSlug: k.slug(entry) }) });
  });

  app.post(`${k.base}/:id`, async (request, reply) => {
    guard(request, k.actions.edit);
    const entry = await load(request);
    return submit(request, reply, k.editForm, entry, (v) => k.update(request.actor, entry.id, v));
  });

  for (const [path, published] of [['publish', true], ['unpublish', false]] as const) {
    app.post(`${k.base}/:id/${path}`, async (request, reply) => {
      guard(request, k.actions.publish);
      const id = idParam(request);
      const r = await k.setPublished(request.actor, id, published);
      if (r.outcome === 'not_found') throw notFound();
      const done = r.outcome === 'protected' ? 'protected' : published ? 'published' : 'unpublished';
      return reply.redirect(`${backTo(request, k.base, `${k.base}/${id}`)}?done=${done}`, 303);
    });
  }

  const renderDelete = (request: FastifyRequest, reply: FastifyReply, entry: R, status = 200) => {
    const t = contentMessages(request.locale);
    return adminPage(
      request,
      reply,
      {
        title: k.text.deleteTitle(t),
        breadcrumbs: crumbs(request.locale, crumb(request.locale)),
        body: deleteConfirmView({
          locale: request.locale,
          csrf: request.csrfToken(),
          action: `${k.base}/${entry.id}/delete`,
          message: k.text.deleteConfirm(t, entry),
          cancelHref: `${k.base}/${entry.id}`,
          error: k.text.deleteRefusal(t, entry),
        }),
      },
      status,
    );
  };

  app.get(`${k.base}/:id/delete`, async (request, reply) => {
    guard(request, k.actions.delete);
    return renderDelete(request, reply, await load(request));
  });

  app.post(`${k.base}/:id/delete`, async (request, reply) => {
    guard(request, k.actions.delete);
    const entry = await load(request);
    const r = await k.remove(request.actor, entry.id);
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'protected') return renderDelete(request, reply, entry, 409);
    return reply.redirect(`${k.base}?done=deleted`, 303);
  });
}

export const contentAdminRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  // ---------- FAQ ----------

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

  editorRoutes<FaqRow, typeof FaqCreateForm, typeof FaqEditForm>(app, {
    base: '/admin/faq',
    actions: { create: 'faq.create', edit: 'faq.edit', publish: 'faq.publish', delete: 'faq.delete' },
    fields: FAQ_FIELDS,
    slugFields: ['slug'],
    createForm: FaqCreateForm,
    editForm: FaqEditForm,
    blank: { category: 'about' },
    get: (id) => getFaq(ctx.db, id),
    create: (actor, v) => createFaq(ctx, actor, v),
    // An emptied English field means "no translation" (the form drops empty optional fields).
    update: (actor, id, v) => updateFaq(ctx, actor, id, { ...v, question_en: v.question_en ?? '', answer_en: v.answer_en ?? '' }),
    setPublished: (actor, id, published) => setFaqPublished(ctx, actor, id, published),
    remove: (actor, id) => deleteFaq(ctx, actor, id),
    values: (r) => ({
      question_sv: r.question_sv,
      answer_sv: r.answer_sv,
      question_en: r.question_en,
      answer_en: r.answer_en,
      category: r.category,
      position: String(r.position),
      slug: r.slug,
    }),
    slug: (r) => r.slug,
    text: {
      crumb: (t) => t.faqAdminTitle,
      formTitle: (t, e) => (e ? t.faqEditTitle(e.question_sv) : t.faqNewTitle),
      slugNotice: (t) => t.slugChangedNotice,
      deleteTitle: (t) => t.faqDeleteTitle,
      deleteConfirm: (t, e) => t.faqDeleteConfirm(e.question_sv),
      deleteRefusal: () => undefined,
    },
    form: (p, e, request) => faqFormView({ ...p, entry: e, can: contentPolicy.abilities(request.actor, undefined) }),
  });

  // ---------- pages ----------

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

  editorRoutes<PageRow, typeof PageCreateForm, typeof PageEditForm>(app, {
    base: '/admin/pages',
    actions: { create: 'page.create', edit: 'page.edit', publish: 'page.publish', delete: 'page.delete' },
    fields: PAGE_FIELDS,
    slugFields: ['slug_sv', 'slug_en'],
    createForm: PageCreateForm,
    editForm: PageEditForm,
    blank: {},
    get: (id) => getPage(ctx.db, id),
    create: (actor, v) => createPage(ctx, actor, v),
    // Emptied optional fields are cleared, not left unchanged.
    update: (actor, id, v) =>
      updatePage(ctx, actor, id, { ...v, title_en: v.title_en ?? '', summary_sv: v.summary_sv ?? '', summary_en: v.summary_en ?? '', body_sv: v.body_sv ?? '', body_en: v.body_en ?? '' }),
    setPublished: (actor, id, published) => setPagePublished(ctx, actor, id, published),
    remove: (actor, id) => deletePage(ctx, actor, id),
    values: (r) => ({
      title_sv: r.title_sv,
      slug_sv: r.slug_sv,
      summary_sv: r.summary_sv,
      body_sv: r.body_sv,
      title_en: r.title_en,
      slug_en: r.slug_en,
      summary_en: r.summary_en,
      body_en: r.body_en,
    }),
    slug: (r) => r.slug_sv,
    text: {
      crumb: (t) => t.pagesAdminTitle,
      formTitle: (t, e) => (e ? t.pageEditTitle(e.title_sv) : t.pageNewTitle),
      slugNotice: (t) => t.pageSlugChangedNotice,
      deleteTitle: (t) => t.pageDeleteTitle,
      deleteConfirm: (t, e) => t.pageDeleteConfirm(e.title_sv),
      deleteRefusal: (t, e) => (isProtectedPage(e) ? t.errProtectedAction : undefined),
    },
    form: (p, e, request) =>
      pageFormView({
        ...p,
        entry: e ? { id: e.id, slug_sv: e.slug_sv, published: e.published, title_sv: e.title_sv, locked: isProtectedPage(e) } : undefined,
        can: contentPolicy.abilities(request.actor, undefined),
      }),
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
