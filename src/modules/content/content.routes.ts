// Public pages of the content module: start page, FAQ, pages, search, accessibility statement.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { cachedPage } from '../../platform/http.ts';
import { page } from '../../platform/layout.ts';
import { parseForm, rawString } from '../../platform/forms.ts';
import { notFound } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { richTextToPlain } from '../../platform/html.ts';
import { listFaq, getPageBySlug } from './content.queries.ts';
import { reportAccessibilityProblem } from './content.commands.ts';
import { contentMessages } from './content.messages.ts';
import { AccessibilityReportForm } from './content.schema.ts';
import { ACCESSIBILITY_SLUG } from './content.seed-pages.ts';
import { accessibilityReportForm, faqView, homeView, pageView, searchView } from './views/public.ts';
import { contentAdminRoutes } from './content.admin.routes.ts';
import { contentApiRoutes } from './content.api.routes.ts';

const LOCALES: Locale[] = ['sv', 'en'];
const faqPaths = { sv: '/faq', en: '/en/faq' };
const searchPaths = { sv: '/sok', en: '/en/search' };
const a11yPaths = { sv: '/tillganglighet', en: '/en/accessibility' };
const homePaths = { sv: '/', en: '/en/' };
/** The seeded "Om H22" page the home page links to, when it exists and is published. */
const ABOUT_PAGE_SLUG = 'om-h22';

export const contentRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/en', async (_req, reply) => reply.redirect('/en/', 301));

  for (const locale of LOCALES) {
    const t = contentMessages(locale);

    app.get(homePaths[locale], async (request, reply) =>
      // Tagged 'pages' too: the about link follows that page being published, renamed or deleted.
      cachedPage(request, reply, `home:${locale}`, ['content', 'pages'], async () => {
        const about = await getPageBySlug(ctx.db, 'sv', ABOUT_PAGE_SLUG);
        return { body: page(request.pageContext(homePaths), { title: t.homeTitle, heading: 'H22', body: homeView(locale, about), description: t.homeLead }) };
      }),
    );

    app.get(faqPaths[locale], async (request, reply) =>
      cachedPage(request, reply, `faq:${locale}`, ['content', 'faq'], async () => {
        const rows = await listFaq(ctx.db, { publishedOnly: true });
        const items = rows.map((r) => ({
          slug: r.slug,
          category: r.category,
          question: locale === 'sv' ? r.question_sv : r.question_en || r.question_sv,
          answer: locale === 'sv' ? r.answer_sv : r.answer_en || r.answer_sv,
          questionLang: locale === 'en' && !r.question_en ? ('sv' as const) : undefined,
          answerLang: locale === 'en' && !r.answer_en ? ('sv' as const) : undefined,
        }));
        const { body, head } = faqView(locale, items, `${ctx.config.baseUrl}${faqPaths[locale]}`);
        return { body: page(request.pageContext(faqPaths), { title: t.faqTitle, body, head, description: t.faqLead }) };
      }),
    );

    app.get(searchPaths[locale], async (request, reply) => {
      const raw = (request.query as Record<string, unknown>).q;
      const q = typeof raw === 'string' ? raw.trim().slice(0, 200) : '';
      const hits = q ? await ctx.search.search(q, locale) : [];
      const alt = { sv: `${searchPaths.sv}${q ? `?q=${encodeURIComponent(q)}` : ''}`, en: `${searchPaths.en}${q ? `?q=${encodeURIComponent(q)}` : ''}` };
      return reply.page({ title: q ? `${t.searchTitle}: ${q}` : t.searchTitle, heading: t.searchTitle, alternate: alt, body: searchView(locale, q, hits) });
    });

    const pagePrefix = locale === 'sv' ? '/sida/' : '/en/page/';
    app.get(`${pagePrefix}:slug`, async (request, reply) => {
      const { slug } = request.params as { slug: string };
      const p = await getPageBySlug(ctx.db, locale, slug);
      if (!p) throw notFound();
      const alternate = { sv: `/sida/${p.slug_sv}`, en: `/en/page/${p.slug_en}` };
      return cachedPage(request, reply, `page:${locale}:${slug}`, ['content', `page:${p.id}`], async () => ({
        body: page(request.pageContext(alternate), {
          title: locale === 'sv' ? p.title_sv : p.title_en || p.title_sv,
          description: (locale === 'sv' ? p.summary_sv : p.summary_en) || undefined,
          body: pageView(locale === 'sv' ? p.body_sv : p.body_en || p.body_sv),
        }),
      }));
    });

    const renderA11y = async (request: FastifyRequest, reply: FastifyReply, opts: { values?: Record<string, string | undefined>; errors?: Record<string, string>; sent?: boolean; status?: number }) => {
      const p = await getPageBySlug(ctx.db, locale, ACCESSIBILITY_SLUG[locale]);
      const title = p ? (locale === 'sv' ? p.title_sv : p.title_en) : t.reportTitle;
      return reply.page(
        {
          title,
          description: p ? richTextToPlain(locale === 'sv' ? p.summary_sv : p.summary_en) : undefined,
          alternate: a11yPaths,
          body: [
            p ? pageView(locale === 'sv' ? p.body_sv : p.body_en) : '',
            accessibilityReportForm({ locale, csrf: request.csrfToken(), action: a11yPaths[locale], values: opts.values, errors: opts.errors, sent: opts.sent }),
          ],
        },
        opts.status ?? 200,
      );
    };

    app.get(a11yPaths[locale], async (request, reply) => renderA11y(request, reply, { sent: (request.query as Record<string, unknown>).sent === '1' }));

    app.post(a11yPaths[locale], { config: { rateLimit: { max: 10, timeWindow: '10 minutes' } } }, async (request, reply) => {
      const form = parseForm(AccessibilityReportForm, request.body, locale);
      if (!form.ok) {
        const body = request.body as Record<string, unknown>;
        const values = Object.fromEntries(['page_url', 'description', 'name', 'email'].map((k) => [k, rawString(body, k)]));
        return renderA11y(request, reply, { values, errors: form.errors, status: 400 });
      }
      await reportAccessibilityProblem(ctx, locale, form.value);
      return reply.redirect(`${a11yPaths[locale]}?sent=1#report-title`, 303);
    });
  }

  await app.register(contentAdminRoutes, { ctx });
  await app.register(contentApiRoutes, { ctx });
};
