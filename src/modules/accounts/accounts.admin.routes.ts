// Staff administration of people, organisations and memberships under /admin. Thin: load, authorize
// through accountsPolicy, parse, call a command, render or redirect.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { adminPage, requireUser } from '../../platform/admin.ts';
import { notFound } from '../../platform/errors.ts';
import { parseForm } from '../../platform/forms.ts';
import type { Actor, GlobalRole } from '../../platform/auth/actor.ts';
import { parseId } from '../../platform/http.ts';
import { accountsPolicy } from './accounts.policy.ts';
import { accountsAdminMessages } from './accounts.admin.messages.ts';
import {
  AdminMembershipAddForm,
  AdminMembershipRoleForm,
  AdminOrganisationForm,
  AdminOrganisationProfileForm,
  AdminUserCreateForm,
  AdminUserEditForm,
} from './accounts.schema.ts';
import {
  getOrganisation,
  getUserById,
  listMembers,
  listMembershipsOfUser,
  listOrganisations,
  listUsers,
} from './accounts.queries.ts';
import {
  addMembership,
  adminCreateUser,
  adminSetUserDisabled,
  adminUpdateUser,
  changeMembershipRole,
  createOrganisation,
  removeMembership,
  updateOrganisation,
} from './accounts.commands.ts';
import { sendSignInLink } from './accounts.auth.commands.ts';
import { userCreatedView, userCreateView, userPageView, usersListView, type UserFormValues } from './views/admin-users.ts';
import { membersPageView, organisationFormView, organisationsListView, type OrganisationFormValues } from './views/admin-organisations.ts';

function query(request: FastifyRequest): Record<string, unknown> {
  return (request.query ?? {}) as Record<string, unknown>;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

function strs(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

function done(request: FastifyRequest): string | undefined {
  const d = str(query(request).done);
  return d && /^[a-z]{1,20}$/.test(d) ? d : undefined;
}

const crumbs = (locale: 'sv' | 'en', ...rest: { label: string; href?: string }[]) => [{ label: accountsAdminMessages(locale).admin, href: '/admin' }, ...rest];

const organisationValues = (o: { slug: string; kind: string; name: string; description_sv: string; description_en: string; website: string | null }): OrganisationFormValues => ({
  slug: o.slug,
  kind: o.kind,
  name: o.name,
  description_sv: o.description_sv,
  description_en: o.description_en,
  website: o.website ?? undefined,
});

export const accountsAdminRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  // ---------- people ----------

  app.get('/admin/users', async (request, reply) => {
    requireUser(request);
    accountsPolicy.authorize(request.actor, 'user.list', {});
    const t = accountsAdminMessages(request.locale);
    const q = (str(query(request).q) ?? '').trim().slice(0, 200);
    const pageRaw = str(query(request).page);
    const page = pageRaw && /^\d{1,6}$/.test(pageRaw) && Number(pageRaw) > 0 ? Number(pageRaw) : 1;
    const r = await listUsers(ctx.db, { q: q || undefined, page });
    return adminPage(request, reply, {
      title: t.usersTitle,
      breadcrumbs: crumbs(request.locale, { label: t.usersTitle }),
      body: usersListView({
        locale: request.locale,
        q,
        page,
        rows: r.rows,
        total: r.total,
        pageSize: r.pageSize,
        canCreate: accountsPolicy.can(request.actor, 'user.create', {}),
      }),
    });
  });

  const renderCreate = (request: FastifyRequest, reply: Parameters<typeof adminPage>[1], values?: UserFormValues, errors?: Record<string, string>, status = 200) => {
    const t = accountsAdminMessages(request.locale);
    return adminPage(
      request,
      reply,
      {
        title: t.newUser,
        breadcrumbs: crumbs(request.locale, { label: t.usersTitle, href: '/admin/users' }, { label: t.newUser }),
        body: userCreateView({
          locale: request.locale,
          csrf: request.csrfToken(),
          canGrantRoles: accountsPolicy.can(request.actor, 'user.grantRole', {}),
          ...(values ? { values } : {}),
          errors,
        }),
      },
      status,
    );
  };

  app.get('/admin/users/new', async (request, reply) => {
    requireUser(request);
    accountsPolicy.authorize(request.actor, 'user.create', {});
    return renderCreate(request, reply);
  });

  app.post('/admin/users/new', async (request, reply) => {
    requireUser(request);
    accountsPolicy.authorize(request.actor, 'user.create', {});
    const t = accountsAdminMessages(request.locale);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const typed: UserFormValues = { name: str(body.name), email: str(body.email), roles: strs(body.roles), locale: str(body.locale), access: str(body.access) };
    const form = parseForm(AdminUserCreateForm, body, request.locale);
    if (!form.ok) return renderCreate(request, reply, typed, form.errors, 400);
    const r = await adminCreateUser(ctx.db, request.actor, { ...form.value, roles: form.value.roles as GlobalRole[] });
    if (r.outcome === 'email_taken') return renderCreate(request, reply, typed, { email: t.emailTaken }, 409);
    if (form.value.access === 'link') await sendSignInLink(ctx, r.userId, form.value.locale);
    // Rendered, not redirected: a generated password is shown exactly once and never stored in clear.
    return adminPage(request, reply, {
      title: form.value.name,
      breadcrumbs: crumbs(request.locale, { label: t.usersTitle, href: '/admin/users' }, { label: form.value.name }),
      body: userCreatedView({ locale: request.locale, userId: r.userId, email: form.value.email.trim().toLowerCase(), password: r.password }),
    }, 201);
  });

  const loadUser = async (raw: unknown) => {
    const user = await getUserById(ctx.db, parseId(raw));
    if (!user) throw notFound();
    return user;
  };

  const renderUser = async (
    request: FastifyRequest,
    reply: Parameters<typeof adminPage>[1],
    user: NonNullable<Awaited<ReturnType<typeof getUserById>>>,
    extra: { values?: { name?: string | undefined; roles?: string[] }; errors?: Record<string, string>; status?: number } = {},
  ) => {
    const t = accountsAdminMessages(request.locale);
    const a = request.actor;
    const target = { user: { id: user.id, globalRoles: user.global_roles } };
    return adminPage(
      request,
      reply,
      {
        title: user.name,
        breadcrumbs: crumbs(request.locale, { label: t.usersTitle, href: '/admin/users' }, { label: user.name }),
        body: userPageView({
          locale: request.locale,
          csrf: request.csrfToken(),
          user,
          memberships: await listMembershipsOfUser(ctx.db, user.id),
          abilities: {
            edit: accountsPolicy.can(a, 'user.edit', target),
            grantRole: accountsPolicy.can(a, 'user.grantRole', target),
            disable: accountsPolicy.can(a, 'user.disable', target),
            viewOrganisations: accountsPolicy.can(a, 'organisation.list', {}),
          },
          ...(extra.values ? { values: extra.values } : {}),
          errors: extra.errors,
          done: done(request),
        }),
      },
      extra.status ?? 200,
    );
  };

  app.get('/admin/users/:id', async (request, reply) => {
    requireUser(request);
    accountsPolicy.authorize(request.actor, 'user.list', {});
    const user = await loadUser((request.params as { id: string }).id);
    return renderUser(request, reply, user);
  });

  app.post('/admin/users/:id', async (request, reply) => {
    requireUser(request);
    const user = await loadUser((request.params as { id: string }).id);
    const a: Actor = request.actor;
    accountsPolicy.authorize(a, 'user.edit', { user: { id: user.id, globalRoles: user.global_roles } });
    const t = accountsAdminMessages(request.locale);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const typed = { name: str(body.name), roles: strs(body.roles) };
    const form = parseForm(AdminUserEditForm, body, request.locale);
    if (!form.ok) return renderUser(request, reply, user, { values: typed, errors: form.errors, status: 400 });
    // Unchecked boxes send nothing: for those who may grant roles an absent list means "none";
    // for others the roles are not on the form and stay as they are (a forged list is refused by the command).
    const mayGrant = accountsPolicy.can(a, 'user.grantRole', { user: { id: user.id, globalRoles: user.global_roles } });
    const roles = mayGrant || 'roles' in body ? (form.value.roles as GlobalRole[]) : undefined;
    const r = await adminUpdateUser(ctx.db, a, user.id, { name: form.value.name, roles });
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'own_admin_role') return renderUser(request, reply, user, { values: typed, errors: { roles: t.ownAdminRole }, status: 409 });
    return reply.redirect(`/admin/users/${user.id}?done=saved`, 303);
  });

  for (const [path, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(`/admin/users/:id/${path}`, async (request, reply) => {
      requireUser(request);
      const user = await loadUser((request.params as { id: string }).id);
      const r = await adminSetUserDisabled(ctx.db, request.actor, user.id, disabled);
      if (r.outcome === 'not_found') throw notFound();
      return reply.redirect(`/admin/users/${user.id}?done=${disabled ? 'disabled' : 'enabled'}`, 303);
    });
  }

  // ---------- organisations ----------

  app.get('/admin/organisations', async (request, reply) => {
    requireUser(request);
    accountsPolicy.authorize(request.actor, 'organisation.list', {});
    const t = accountsAdminMessages(request.locale);
    const rows = await listOrganisations(ctx.db);
    return adminPage(request, reply, {
      title: t.organisationsTitle,
      breadcrumbs: crumbs(request.locale, { label: t.organisationsTitle }),
      body: organisationsListView({
        locale: request.locale,
        rows,
        canCreate: accountsPolicy.can(request.actor, 'organisation.create', {}),
        canEdit: (id) => accountsPolicy.can(request.actor, 'organisation.edit', { organisationId: id }),
      }),
    });
  });

  const orgCrumbs = (request: FastifyRequest, ...rest: { label: string; href?: string }[]) => {
    const t = accountsAdminMessages(request.locale);
    const list = accountsPolicy.can(request.actor, 'organisation.list', {}) ? [{ label: t.organisationsTitle, href: '/admin/organisations' }] : [];
    return crumbs(request.locale, ...list, ...rest);
  };

  const rawOrganisation = (body: Record<string, unknown>): OrganisationFormValues => ({
    slug: str(body.slug),
    kind: str(body.kind),
    name: str(body.name),
    description_sv: str(body.description_sv),
    description_en: str(body.description_en),
    website: str(body.website),
  });

  /** A slug of the right length that fails the pattern gets a message that says what is allowed. */
  const slugMessage = (errors: Record<string, string>, body: Record<string, unknown>, locale: 'sv' | 'en') => {
    const slug = str(body.slug)?.trim() ?? '';
    if (errors.slug && slug.length > 0 && slug.length <= 60) errors.slug = accountsAdminMessages(locale).slugInvalid;
    return errors;
  };

  const renderNewOrganisation = (request: FastifyRequest, reply: Parameters<typeof adminPage>[1], values: OrganisationFormValues, errors?: Record<string, string>, status = 200) => {
    const t = accountsAdminMessages(request.locale);
    return adminPage(
      request,
      reply,
      {
        title: t.newOrganisation,
        breadcrumbs: orgCrumbs(request, { label: t.newOrganisation }),
        body: organisationFormView({
          locale: request.locale,
          csrf: request.csrfToken(),
          action: '/admin/organisations/new',
          submitLabel: t.createOrganisationButton,
          identity: true,
          values,
          errors,
        }),
      },
      status,
    );
  };

  app.get('/admin/organisations/new', async (request, reply) => {
    requireUser(request);
    accountsPolicy.authorize(request.actor, 'organisation.create', {});
    return renderNewOrganisation(request, reply, { kind: 'administration' });
  });

  app.post('/admin/organisations/new', async (request, reply) => {
    requireUser(request);
    accountsPolicy.authorize(request.actor, 'organisation.create', {});
    const t = accountsAdminMessages(request.locale);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = parseForm(AdminOrganisationForm, body, request.locale);
    if (!form.ok) return renderNewOrganisation(request, reply, rawOrganisation(body), slugMessage(form.errors, body, request.locale), 400);
    const r = await createOrganisation(ctx.db, request.actor, form.value);
    if (r.outcome === 'slug_taken') return renderNewOrganisation(request, reply, rawOrganisation(body), { slug: t.slugTaken }, 409);
    if (r.outcome !== 'ok') throw notFound();
    ctx.cache.invalidate('organisations');
    return reply.redirect(`/admin/organisations/${r.id}?done=created`, 303);
  });

  const loadOrganisation = async (raw: unknown) => {
    const org = await getOrganisation(ctx.db, parseId(raw));
    if (!org) throw notFound();
    return org;
  };

  const renderEditOrganisation = (
    request: FastifyRequest,
    reply: Parameters<typeof adminPage>[1],
    org: NonNullable<Awaited<ReturnType<typeof getOrganisation>>>,
    values: OrganisationFormValues,
    errors?: Record<string, string>,
    status = 200,
  ) => {
    const t = accountsAdminMessages(request.locale);
    const identity = accountsPolicy.can(request.actor, 'organisation.editIdentity', { organisationId: org.id });
    return adminPage(
      request,
      reply,
      {
        title: org.name,
        breadcrumbs: orgCrumbs(request, { label: org.name, href: `/admin/organisations/${org.id}/members` }, { label: t.editOrganisation }),
        body: organisationFormView({
          locale: request.locale,
          csrf: request.csrfToken(),
          action: `/admin/organisations/${org.id}`,
          submitLabel: t.saveChanges,
          identity,
          // Slug and kind shown as text keep their stored values, whatever was posted.
          values: identity ? values : { ...values, slug: org.slug, kind: org.kind },
          errors,
          done: done(request),
          membersHref: `/admin/organisations/${org.id}/members`,
        }),
      },
      status,
    );
  };

  app.get('/admin/organisations/:id', async (request, reply) => {
    requireUser(request);
    const org = await loadOrganisation((request.params as { id: string }).id);
    accountsPolicy.authorize(request.actor, 'organisation.edit', { organisationId: org.id });
    return renderEditOrganisation(request, reply, org, organisationValues(org));
  });

  app.post('/admin/organisations/:id', async (request, reply) => {
    requireUser(request);
    const org = await loadOrganisation((request.params as { id: string }).id);
    accountsPolicy.authorize(request.actor, 'organisation.edit', { organisationId: org.id });
    const t = accountsAdminMessages(request.locale);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const identity = accountsPolicy.can(request.actor, 'organisation.editIdentity', { organisationId: org.id });
    // Without the identity right, slug and kind are not on the form; posting them anyway is refused by the command.
    const full = identity || 'slug' in body || 'kind' in body;
    const form = full ? parseForm(AdminOrganisationForm, body, request.locale) : parseForm(AdminOrganisationProfileForm, body, request.locale);
    if (!form.ok) return renderEditOrganisation(request, reply, org, rawOrganisation(body), slugMessage(form.errors, body, request.locale), 400);
    const r = await updateOrganisation(ctx.db, request.actor, org.id, form.value);
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'slug_taken') return renderEditOrganisation(request, reply, org, rawOrganisation(body), { slug: t.slugTaken }, 409);
    ctx.cache.invalidate('organisations', `organisation:${org.id}`);
    return reply.redirect(`/admin/organisations/${org.id}?done=saved`, 303);
  });

  // ---------- memberships ----------

  const renderMembers = async (
    request: FastifyRequest,
    reply: Parameters<typeof adminPage>[1],
    org: NonNullable<Awaited<ReturnType<typeof getOrganisation>>>,
    extra: { values?: { email?: string | undefined; role?: string | undefined }; errors?: Record<string, string>; status?: number } = {},
  ) => {
    const t = accountsAdminMessages(request.locale);
    const a = request.actor;
    const orgRes = { organisationId: org.id };
    return adminPage(
      request,
      reply,
      {
        title: t.membersOf(org.name),
        breadcrumbs: orgCrumbs(request, { label: org.name }),
        body: membersPageView({
          locale: request.locale,
          csrf: request.csrfToken(),
          organisation: org,
          members: await listMembers(ctx.db, org.id),
          abilities: {
            manage: accountsPolicy.can(a, 'membership.manage', orgRes),
            manageLeads: accountsPolicy.can(a, 'membership.manage', { ...orgRes, membershipRoles: ['innovation_lead'] }),
            edit: accountsPolicy.can(a, 'organisation.edit', orgRes),
            viewUsers: accountsPolicy.can(a, 'user.list', {}),
          },
          ...(extra.values ? { values: extra.values } : {}),
          errors: extra.errors,
          done: done(request),
        }),
      },
      extra.status ?? 200,
    );
  };

  app.get('/admin/organisations/:id/members', async (request, reply) => {
    requireUser(request);
    const org = await loadOrganisation((request.params as { id: string }).id);
    accountsPolicy.authorize(request.actor, 'organisation.view', { organisationId: org.id });
    return renderMembers(request, reply, org);
  });

  app.post('/admin/organisations/:id/members', async (request, reply) => {
    requireUser(request);
    const org = await loadOrganisation((request.params as { id: string }).id);
    accountsPolicy.authorize(request.actor, 'membership.manage', { organisationId: org.id });
    const t = accountsAdminMessages(request.locale);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const typed = { email: str(body.email), role: str(body.role) };
    const form = parseForm(AdminMembershipAddForm, body, request.locale);
    if (!form.ok) return renderMembers(request, reply, org, { values: typed, errors: form.errors, status: 400 });
    const r = await addMembership(ctx.db, request.actor, org.id, form.value);
    switch (r.outcome) {
      case 'ok':
        return reply.redirect(`/admin/organisations/${org.id}/members?done=added`, 303);
      case 'not_found':
        throw notFound();
      case 'no_such_user':
        return renderMembers(request, reply, org, { values: typed, errors: { email: t.noSuchUser }, status: 400 });
      case 'already_member':
        return renderMembers(request, reply, org, { values: typed, errors: { email: t.alreadyMember }, status: 409 });
      case 'lead_needs_administration':
        return renderMembers(request, reply, org, { values: typed, errors: { role: t.leadNeedsAdministration }, status: 400 });
    }
  });

  app.post('/admin/organisations/:id/members/:userId', async (request, reply) => {
    requireUser(request);
    const params = request.params as { id: string; userId: string };
    const org = await loadOrganisation(params.id);
    const userId = parseId(params.userId);
    accountsPolicy.authorize(request.actor, 'membership.manage', { organisationId: org.id });
    const t = accountsAdminMessages(request.locale);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = parseForm(AdminMembershipRoleForm, body, request.locale);
    if (!form.ok) return renderMembers(request, reply, org, { errors: form.errors, status: 400 });
    const r = await changeMembershipRole(ctx.db, request.actor, org.id, userId, form.value.role);
    if (r.outcome === 'not_found') throw notFound();
    if (r.outcome === 'lead_needs_administration') return renderMembers(request, reply, org, { errors: { role: t.leadNeedsAdministration }, status: 400 });
    return reply.redirect(`/admin/organisations/${org.id}/members?done=role`, 303);
  });

  app.post('/admin/organisations/:id/members/:userId/remove', async (request, reply) => {
    requireUser(request);
    const params = request.params as { id: string; userId: string };
    const org = await loadOrganisation(params.id);
    const userId = parseId(params.userId);
    accountsPolicy.authorize(request.actor, 'membership.manage', { organisationId: org.id });
    const r = await removeMembership(ctx.db, request.actor, org.id, userId);
    if (r.outcome === 'not_found') throw notFound();
    return reply.redirect(`/admin/organisations/${org.id}/members?done=removed`, 303);
  });
};
