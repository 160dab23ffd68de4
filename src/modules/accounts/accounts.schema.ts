// Input schemas for the accounts module (forms and JSON). Imports nothing of ours.
import { Type } from '@sinclair/typebox';

export const SignInForm = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 254, format: 'email' }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
  next: Type.Optional(Type.String({ maxLength: 500 })),
});

// ---------- staff administration of people, organisations and memberships ----------

const GlobalRoleSchema = Type.Union([Type.Literal('programme_team'), Type.Literal('finance'), Type.Literal('admin')]);
const MembershipRoleSchema = Type.Union([Type.Literal('member'), Type.Literal('editor'), Type.Literal('innovation_lead')]);
const OrganisationKindSchema = Type.Union([
  Type.Literal('administration'),
  Type.Literal('company'),
  Type.Literal('federation'),
  Type.Literal('partner'),
  Type.Literal('association'),
  Type.Literal('academia'),
]);

export const AdminUserCreateForm = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.String({ minLength: 1, maxLength: 254, format: 'email' }),
  roles: Type.Array(GlobalRoleSchema, { maxItems: 3 }),
  locale: Type.Union([Type.Literal('sv'), Type.Literal('en')]),
  /** How the person gets in: a generated password shown once, or a sign-in link by mail. */
  access: Type.Union([Type.Literal('password'), Type.Literal('link')]),
});

export const AdminUserEditForm = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  roles: Type.Array(GlobalRoleSchema, { maxItems: 3 }),
});

export const ORGANISATION_SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';

/** The fields everyone who may edit an organisation may change. */
const organisationProfile = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description_sv: Type.Optional(Type.String({ maxLength: 5000 })),
  description_en: Type.Optional(Type.String({ maxLength: 5000 })),
  website: Type.Optional(Type.String({ maxLength: 500, format: 'uri' })),
};

export const AdminOrganisationProfileForm = Type.Object(organisationProfile);

export const AdminOrganisationForm = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 60, pattern: ORGANISATION_SLUG_PATTERN }),
  kind: OrganisationKindSchema,
  ...organisationProfile,
});

export const AdminMembershipAddForm = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 254, format: 'email' }),
  role: MembershipRoleSchema,
});

export const AdminMembershipRoleForm = Type.Object({
  role: MembershipRoleSchema,
});
