// Staff pages for people: the searchable list, the create form, the person's page.
import { attrs, html, type SafeHtml } from '../../../platform/html.ts';
import { csrfField, errorSummary, notice, selectField, textField } from '../../../platform/layout.ts';
import type { FieldErrors } from '../../../platform/errors.ts';
import { formatDate, formatDateTime, isoDateTime, type Locale } from '../../../platform/i18n/i18n.ts';
import { GLOBAL_ROLES, type GlobalRole } from '../../../platform/auth/actor.ts';
import type { MembershipRole, OrganisationKind } from '../../../db/types.ts';
import { accountsAdminMessages } from '../accounts.admin.messages.ts';
import { kindLabel, pager, roleLabel } from './admin-common.ts';

export interface UserRow {
  id: number;
  name: string;
  email: string;
  global_roles: string[];
  disabled_at: Date | null;
  email_verified_at: Date | null;
  created_at: Date;
}

function rolesText(locale: Locale, roles: readonly string[]): string {
  const t = accountsAdminMessages(locale);
  return roles.length ? roles.map((r) => roleLabel(locale, r as GlobalRole)).join(', ') : t.noGlobalRoles;
}

function statusText(locale: Locale, u: { disabled_at: Date | null; email_verified_at: Date | null }): string {
  const t = accountsAdminMessages(locale);
  if (u.disabled_at) return t.statusDisabled;
  return u.email_verified_at ? t.statusActive : `${t.statusActive} (${t.statusUnverified.toLowerCase()})`;
}

export function usersListView(p: { locale: Locale; q: string; page: number; rows: UserRow[]; total: number; pageSize: number; canCreate: boolean }): SafeHtml {
  const t = accountsAdminMessages(p.locale);
  const href = (page: number) => `/admin/users?${new URLSearchParams({ ...(p.q ? { q: p.q } : {}), page: String(page) }).toString()}`;
  return html`
${p.canCreate ? html`<p><a class="button" href="/admin/users/new">${t.newUser}</a></p>` : ''}
<form method="get" action="/admin/users" class="search-form" role="search">
  ${textField({ name: 'q', label: t.usersSearchLabel, type: 'search', value: p.q, maxlength: 200 })}
  <button type="submit" class="button">${t.search}</button>
  ${p.q ? html`<a href="/admin/users">${t.clearSearch}</a>` : ''}
</form>
<p role="status">${p.q ? t.usersCountFor(p.total, p.q) : t.usersCount(p.total)}</p>
${p.rows.length === 0
  ? html`<p>${t.usersNone}</p>`
  : html`<div class="table-scroll"><table>
  <thead><tr><th scope="col">${t.colName}</th><th scope="col">${t.colEmail}</th><th scope="col">${t.colRoles}</th><th scope="col">${t.colStatus}</th><th scope="col">${t.colCreated}</th></tr></thead>
  <tbody>
  ${p.rows.map(
    (u) => html`<tr>
    <th scope="row"><a href="/admin/users/${u.id}">${u.name}</a></th>
    <td>${u.email}</td>
    <td>${rolesText(p.locale, u.global_roles)}</td>
    <td>${u.disabled_at ? html`<span class="tag tag-disabled">${statusText(p.locale, u)}</span>` : statusText(p.locale, u)}</td>
    <td><time datetime="${isoDateTime(u.created_at)}">${formatDate(u.created_at, p.locale)}</time></td>
  </tr>`,
  )}
  </tbody>
</table></div>`}
${pager(p.locale, { page: p.page, total: p.total, pageSize: p.pageSize, href })}`;
}

function rolesFieldset(locale: Locale, selected: readonly string[], error: string | undefined): SafeHtml {
  const t = accountsAdminMessages(locale);
  return html`<fieldset class="field${error ? ' field-error' : ''}" id="f-roles"${attrs({ 'aria-describedby': error ? 'f-roles-error' : 'f-roles-hint' })}>
  <legend>${t.roles}</legend>
  <p class="hint" id="f-roles-hint">${t.rolesHint}</p>
  ${error ? html`<p class="error-message" id="f-roles-error">${error}</p>` : ''}
  ${GLOBAL_ROLES.map(
    (r) => html`<div class="checkbox"><input${attrs({ type: 'checkbox', id: `f-roles-${r}`, name: 'roles', value: r, checked: selected.includes(r) })}> <label for="f-roles-${r}">${roleLabel(locale, r)}</label></div>`,
  )}
</fieldset>`;
}

export interface UserFormValues {
  name?: string | undefined;
  email?: string | undefined;
  roles?: string[] | undefined;
  locale?: string | undefined;
  access?: string | undefined;
}

export function userCreateView(p: { locale: Locale; csrf: string; canGrantRoles: boolean; values?: UserFormValues; errors?: FieldErrors | undefined }): SafeHtml {
  const t = accountsAdminMessages(p.locale);
  const v = p.values ?? {};
  const access = v.access ?? 'link';
  return html`
${errorSummary(p.locale, p.errors, { name: t.name, email: t.email, roles: t.roles, locale: t.locale, access: t.access })}
<form method="post" action="/admin/users/new" novalidate class="stack">
  ${csrfField(p.csrf)}
  ${textField({ name: 'name', label: t.name, value: v.name, error: p.errors?.name, required: true, maxlength: 200, autocomplete: 'off' })}
  ${textField({ name: 'email', label: t.email, type: 'email', value: v.email, error: p.errors?.email, required: true, maxlength: 254, autocomplete: 'off' })}
  ${p.canGrantRoles ? rolesFieldset(p.locale, v.roles ?? [], p.errors?.roles) : ''}
  ${selectField({
    name: 'locale',
    label: t.locale,
    value: v.locale ?? p.locale,
    error: p.errors?.locale,
    options: [
      { value: 'sv', label: t.localeSv },
      { value: 'en', label: t.localeEn },
    ],
  })}
  <fieldset class="field${p.errors?.access ? ' field-error' : ''}" id="f-access"${attrs({ 'aria-describedby': p.errors?.access ? 'f-access-error' : undefined })}>
    <legend>${t.access}</legend>
    ${p.errors?.access ? html`<p class="error-message" id="f-access-error">${p.errors.access}</p>` : ''}
    <div class="radio"><input${attrs({ type: 'radio', id: 'f-access-link', name: 'access', value: 'link', checked: access === 'link' })}> <label for="f-access-link">${t.accessLink}</label></div>
    <div class="radio"><input${attrs({ type: 'radio', id: 'f-access-password', name: 'access', value: 'password', checked: access === 'password' })}> <label for="f-access-password">${t.accessPassword}</label></div>
  </fieldset>
  <button type="submit" class="button">${t.createUserButton}</button>
</form>`;
}

export function userCreatedView(p: { locale: Locale; userId: number; email: string; password?: string | undefined }): SafeHtml {
  const t = accountsAdminMessages(p.locale);
  return html`
${notice('success', p.password ? t.userCreated : html`${t.userCreated} ${t.linkSent(p.email)}`)}
${p.password
  ? html`<dl class="facts"><dt>${t.email}</dt><dd>${p.email}</dd><dt>${t.generatedPassword}</dt><dd><code class="secret">${p.password}</code></dd></dl>
<p>${t.passwordOnce}</p>`
  : ''}
<p><a href="/admin/users/${p.userId}">${t.toUser}</a></p>`;
}

export interface UserPageProps {
  locale: Locale;
  csrf: string;
  user: { id: number; name: string; email: string; global_roles: string[]; disabled_at: Date | null; email_verified_at: Date | null; created_at: Date };
  memberships: { organisationId: number; name: string; kind: OrganisationKind; role: MembershipRole }[];
  abilities: { edit: boolean; grantRole: boolean; disable: boolean; viewOrganisations: boolean };
  values?: { name?: string | undefined; roles?: string[] | undefined };
  errors?: FieldErrors | undefined;
  done?: string | undefined;
}

export function userPageView(p: UserPageProps): SafeHtml {
  const t = accountsAdminMessages(p.locale);
  const u = p.user;
  const doneText: Record<string, string> = { saved: t.saved, disabled: t.disabledNotice, enabled: t.enabledNotice };
  const done = p.done ? doneText[p.done] : undefined;
  const name = p.values?.name ?? u.name;
  const roles = p.values?.roles ?? u.global_roles;
  return html`
${done ? notice('success', done) : ''}
${errorSummary(p.locale, p.errors, { name: t.name, roles: t.roles })}
<dl class="facts">
  <dt>${t.email}</dt><dd>${u.email}</dd>
  <dt>${t.colStatus}</dt><dd>${statusText(p.locale, u)}</dd>
  <dt>${t.createdAt}</dt><dd><time datetime="${isoDateTime(u.created_at)}">${formatDate(u.created_at, p.locale)}</time></dd>
  ${p.abilities.grantRole ? '' : html`<dt>${t.roles}</dt><dd>${rolesText(p.locale, u.global_roles)}</dd>`}
</dl>
${p.abilities.edit
  ? html`<form method="post" action="/admin/users/${u.id}" novalidate class="stack">
  ${csrfField(p.csrf)}
  ${textField({ name: 'name', label: t.name, value: name, error: p.errors?.name, required: true, maxlength: 200, autocomplete: 'off' })}
  ${p.abilities.grantRole ? rolesFieldset(p.locale, roles, p.errors?.roles) : ''}
  <button type="submit" class="button">${t.saveChanges}</button>
</form>`
  : html`<p>${t.readOnlyUser}</p>`}
<h2>${t.accountTitle}</h2>
<p>${u.disabled_at ? t.disabledSince(formatDateTime(u.disabled_at, p.locale)) : t.activeAccount}</p>
${p.abilities.disable
  ? u.disabled_at
    ? html`<form method="post" action="/admin/users/${u.id}/enable">${csrfField(p.csrf)}<button type="submit" class="button secondary">${t.enable}</button></form>`
    : html`<form method="post" action="/admin/users/${u.id}/disable" data-module="confirm" data-confirm="${t.confirmDisable}">${csrfField(p.csrf)}
  <p class="hint">${t.disableHint}</p>
  <button type="submit" class="button danger">${t.disable}</button></form>`
  : ''}
<h2>${t.membershipsTitle}</h2>
${p.memberships.length === 0
  ? html`<p>${t.noMemberships}</p>`
  : html`<div class="table-scroll"><table>
  <thead><tr><th scope="col">${t.colOrganisation}</th><th scope="col">${t.colKind}</th><th scope="col">${t.colRole}</th></tr></thead>
  <tbody>${p.memberships.map(
    (m) => html`<tr><th scope="row">${p.abilities.viewOrganisations ? html`<a href="/admin/organisations/${m.organisationId}/members">${m.name}</a>` : m.name}</th><td>${kindLabel(p.locale, m.kind)}</td><td>${roleLabel(p.locale, m.role)}</td></tr>`,
  )}</tbody>
</table></div>`}`;
}
