// Input and output schemas of sign-up, mailed links, the account page and GET /api/v1/me. Imports nothing of ours.
import { Type } from '@sinclair/typebox';

/** Same bounds as platform/auth/password.ts (PASSWORD_MIN/MAX); schemas import nothing of ours. */
const Password = Type.String({ minLength: 10, maxLength: 200 });
const Email = Type.String({ minLength: 1, maxLength: 254, format: 'email' });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Locale = Type.Union([Type.Literal('sv'), Type.Literal('en')]);

export const SignUpForm = Type.Object({
  name: Name,
  email: Email,
  password: Password,
});

/** The sign-in link and password-reset requests. */
export const EmailForm = Type.Object({
  email: Email,
});

export const ResetPasswordForm = Type.Object({
  password: Password,
});

export const ProfileForm = Type.Object({
  name: Name,
  locale: Locale,
});

export const ChangePasswordForm = Type.Object({
  current_password: Type.String({ minLength: 1, maxLength: 200 }),
  new_password: Password,
});

export const ApiTokenForm = Type.Object({
  token_name: Type.String({ minLength: 1, maxLength: 100 }),
});

export const OidcStartForm = Type.Object({
  lang: Type.Optional(Locale),
  next: Type.Optional(Type.String({ maxLength: 500 })),
});

export const MeResponse = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    email: Type.String(),
    emailVerified: Type.Boolean(),
    locale: Locale,
    roles: Type.Array(Type.String(), { description: 'Global roles: programme_team, finance, admin' }),
    memberships: Type.Array(
      Type.Object({
        organisationId: Type.Integer(),
        organisationSlug: Type.String(),
        organisationName: Type.String(),
        role: Type.String({ description: 'member, editor or innovation_lead' }),
      }),
    ),
  },
  { title: 'Me', description: 'The person the API token (or session) belongs to' },
);
