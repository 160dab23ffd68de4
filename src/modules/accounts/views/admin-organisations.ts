// Staff pages for organisations: the list, the create/edit form and the members page.
import { attrs, html, type SafeHtml } from '../../../platform/html.ts';
import { csrfField, errorSummary, notice, selectField, textArea, textField } from '../../../platform/layout.ts';
import type { FieldErrors } from '../../../platform/errors.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { MEMBERSHIP_ROLES } from '../../../platform/auth/actor.ts';
import type { MembershipRole, OrganisationKind } from '../../../db/types.ts';
import { accountsAdminMessages } from '../accounts.admin.messages.ts';
import { kindLabel, ORGANISATION_KINDS, roleLabel } from './admin-common.ts';

export interface OrganisationRow {
  id: number;
  slug: string;
  name: string;
  kind: OrganisationKind;
  is_demo: boolean;
  members: number | null;
}

export function organisationsListView(p: { locale: Locale; rows: OrganisationRow[]; canCreate: boolean; canEdit: (id: number) => boolean; done?: string | undefined }): SafeHtml {
  const t = accountsAdminMessages(p.locale);
  return html`
${p.canCreate ? html`<p><a class="button" href="/admin/organisations/new">${t.newOrganisation}</a></p>` : ''}
<p>${t.organisationsCount(p.rows.length)}</p>
${p.rows.length === 0
  ? html`<p>${t.noOrganisations}</p>`
  : html`<div class="table-scroll"><table>
  <thead><tr><th scope="col">${t.colName}</th><th scope="col">${t.colKind}</th><th scope="col">${t.colSlug}</th><th scope="col">${t.colMembers}</th><th scope="col">${t.colActions}</th></tr></thead>
  <tbody>${p.rows.map(
    (o) => html`<tr>
    <th scope="row"><a href="/admin/organisations/${o.id}/members">${o.name}</a>${o.is_demo ? html` <span class="tag">${t.demo}</span>` : ''}</th>
    <td>${kindLabel(p.locale, o.kind)}</td>
    <td><code>${o.slug}</code></td>
    <td>${Number(o.members ?? 0)}</td>
    <td>${p.canEdit(o.id) ? html`<a href="/admin/organisations/${o.id}" aria-label="${t.editOrganisationOf(o.name)}">${t.editOrganisation}</a>` : ''}</td>
  </tr>`,
  )}</tbody>
</table></div>`}`;
}

export interface OrganisationFormValues {
  slug?: string | undefined;
  kind?: string | undefined;
  name?: string | undefined;
  description_sv?: string | undefined;
  description_en?: string | undefined;
  website?: string | undefined;
}

export function organisationFormView(p: {
  locale: Locale;
  csrf: string;
  action: string;
  submitLabel: string;
  /** Whether slug and kind are editable; otherwise they are shown as text. */
  identity: boolean;
  values: OrganisationFormValues;
  errors?: FieldErrors | undefined;
  done?: string | undefined;
  membersHref?: string | undefined;
}): SafeHtml {
  const t = accountsAdminMessages(p.locale);
  const v = p.values;
  const labels = { slug: t.slug, kind: t.kind, name: t.name, description_sv: t.descriptionSv, description_en: t.descriptionEn, website: t.website };
  return html`
${p.done === 'saved' ? notice('success', t.saved) : p.done === 'created' ? notice('success', t.organisationCreated) : ''}
${p.membersHref ? html`<p><a href="${p.membersHref}">${t.membersLink}</a></p>` : ''}
${errorSummary(p.locale, p.errors, labels)}
<form method="post" action="${p.action}" novalidate class="stack">
  ${csrfField(p.csrf)}
  ${textField({ name: 'name', label: t.name, value: v.name, error: p.errors?.name, required: true, maxlength: 200, autocomplete: 'off' })}
  ${p.identity
    ? html`${textField({ name: 'slug', label: t.slug, hint: t.slugHint, value: v.slug, error: p.errors?.slug, required: true, maxlength: 60, autocomplete: 'off' })}
  ${selectField({
    name: 'kind',
    label: t.kind,
    value: v.kind,
    error: p.errors?.kind,
    required: true,
    options: ORGANISATION_KINDS.map((k) => ({ value: k, label: kindLabel(p.locale, k) })),
  })}`
    : html`<p class="hint">${t.identityReadOnly(v.slug ?? '', v.kind ? kindLabel(p.locale, v.kind as OrganisationKind) : '')}</p>`}
  ${textArea({ name: 'description_sv', label: t.descriptionSv, value: v.description_sv, error: p.errors?.description_sv, maxlength: 5000, lang: 'sv', rows: 5 })}
  ${textArea({ name: 'description_en', label: t.descriptionEn, value: v.description_en, error: p.errors?.description_en, maxlength: 5000, lang: 'en', rows: 5 })}
  ${textField({ name: 'website', label: t.website, hint: t.websiteHint, type: 'url', value: v.website, error: p.errors?.website, maxlength: 500, autocomplete: 'off' })}
  <button type="submit" class="button">${p.submitLabel}</button>
</form>`;
}

export interface MemberRow {
  userId: number;
  name: string;
  email: string;
  role: MembershipRole;
  disabled_at: Date | null;
}

export interface MembersPageProps {
  locale: Locale;
  csrf: string;
  organisation: { id: number; name: string; kind: OrganisationKind };
  members: MemberRow[];
  abilities: {
    /** Add, change and remove members and editors. */
    manage: boolean;
    /** Also grant, change or remove the innovation lead role. */
    manageLeads: boolean;
    edit: boolean;
    viewUsers: boolean;
  };
  values?: { email?: string | undefined; role?: string | undefined };
  errors?: FieldErrors | undefined;
  done?: string | undefined;
}

export function membersPageView(p: MembersPageProps): SafeHtml {
  const t = accountsAdminMessages(p.locale);
  const org = p.organisation;
  const doneText: Record<string, string> = { added: t.memberAdded, role: t.roleChanged, removed: t.memberRemoved };
  const done = p.done ? doneText[p.done] : undefined;
  // Innovation leads exist only in administrations, and only the programme team appoints them.
  const grantable = MEMBERSHIP_ROLES.filter((r) => r !== 'innovation_lead' || (p.abilities.manageLeads && org.kind === 'administration'));
  const mayTouch = (m: MemberRow) => p.abilities.manage && (m.role !== 'innovation_lead' || p.abilities.manageLeads);
  return html`
${done ? notice('success', done) : ''}
${p.abilities.edit ? html`<p><a href="/admin/organisations/${org.id}">${t.editOrganisationOf(org.name)}</a></p>` : ''}
${p.members.length === 0
  ? html`<p>${t.noMembers}</p>`
  : html`<div class="table-scroll"><table>
  <thead><tr><th scope="col">${t.colName}</th><th scope="col">${t.colEmail}</th><th scope="col">${t.colRole}</th>${p.abilities.manage ? html`<th scope="col">${t.colActions}</th>` : ''}</tr></thead>
  <tbody>${p.members.map(
    (m) => html`<tr>
    <th scope="row">${p.abilities.viewUsers ? html`<a href="/admin/users/${m.userId}">${m.name}</a>` : m.name}${m.disabled_at ? html` <span class="tag tag-disabled">${t.statusDisabled}</span>` : ''}</th>
    <td>${m.email}</td>
    <td>${mayTouch(m)
      ? html`<form method="post" action="/admin/organisations/${org.id}/members/${m.userId}" class="inline-row">${csrfField(p.csrf)}
        <label for="role-${m.userId}" class="visually-hidden">${t.roleFor(m.name)}</label>
        <select id="role-${m.userId}" name="role">${(grantable.includes(m.role) ? grantable : [m.role, ...grantable]).map(
          (r) => html`<option value="${r}"${attrs({ selected: r === m.role })}>${roleLabel(p.locale, r)}</option>`,
        )}</select>
        <button type="submit" class="button secondary">${t.changeRole}</button></form>`
      : roleLabel(p.locale, m.role)}</td>
    ${p.abilities.manage
      ? html`<td>${mayTouch(m)
          ? html`<form method="post" action="/admin/organisations/${org.id}/members/${m.userId}/remove" data-module="confirm" data-confirm="${t.confirmRemove}">${csrfField(p.csrf)}<button type="submit" class="button danger" aria-label="${t.removeWho(m.name)}">${t.remove}</button></form>`
          : ''}</td>`
      : ''}
  </tr>`,
  )}</tbody>
</table></div>`}
${p.abilities.manage
  ? html`<h2 id="add-member">${t.addMemberTitle}</h2>
${errorSummary(p.locale, p.errors, { email: t.email, role: t.colRole })}
<form method="post" action="/admin/organisations/${org.id}/members" novalidate class="stack">
  ${csrfField(p.csrf)}
  ${textField({ name: 'email', label: t.email, hint: t.addMemberHint, type: 'email', value: p.values?.email, error: p.errors?.email, required: true, maxlength: 254, autocomplete: 'off' })}
  ${selectField({ name: 'role', label: t.colRole, value: p.values?.role ?? 'member', error: p.errors?.role, options: grantable.map((r) => ({ value: r, label: roleLabel(p.locale, r) })) })}
  <button type="submit" class="button">${t.addButton}</button>
</form>`
  : ''}`;
}
