// The staff area's frame: the same accessible layout with a navigation of the sections the
// signed-in person may use. Modules contribute sections through ModuleDef.adminNav.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html, type HtmlValue } from './html.ts';
import type { Actor } from './auth/actor.ts';
import type { PageProps } from './layout.ts';
import { AppError } from './errors.ts';

export interface AdminNavItem {
  href: string;
  label: { sv: string; en: string };
  /** Whether this person sees the section (the section's own routes still authorize every action). */
  show: (actor: Actor) => boolean;
}

const registry: AdminNavItem[] = [];
export function registerAdminNav(items: AdminNavItem[]): void {
  for (const i of items) if (!registry.some((r) => r.href === i.href)) registry.push(i);
}
export function adminNavFor(actor: Actor): AdminNavItem[] {
  return registry.filter((i) => i.show(actor));
}

/** Staff pages require a signed-in user; anonymous visitors are sent to sign in. */
export function requireUser(request: FastifyRequest): void {
  if (request.actor.kind !== 'user') throw new AppError('unauthorized', 'Sign in first');
}

export function adminPage(request: FastifyRequest, reply: FastifyReply, props: PageProps & { body: HtmlValue }, status = 200): FastifyReply {
  const locale = request.locale;
  const items = adminNavFor(request.actor);
  const path = request.url.split('?')[0] ?? '';
  // The current section is the longest nav entry the path lies under (/admin/program/places is not /admin/program).
  const current = items
    .filter((i) => path === i.href || path.startsWith(i.href + '/'))
    .reduce<AdminNavItem | undefined>((best, i) => (!best || i.href.length > best.href.length ? i : best), undefined);
  const nav = html`<nav class="admin-nav" aria-label="Administration"><ul>
  ${items.map((i) => html`<li><a href="${i.href}"${i === current ? html` aria-current="page"` : ''}>${i.label[locale]}</a></li>`)}
</ul></nav>`;
  reply.header('cache-control', 'private, no-store');
  return reply.page({ ...props, wide: true, body: [nav, props.body] }, status);
}
