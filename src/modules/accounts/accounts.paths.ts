// The public paths of the accounts pages in both languages (routes, views and mailed links share them).
import type { Locale } from '../../platform/i18n/i18n.ts';

export type Paths = { sv: string; en: string };

export const PATHS = {
  signIn: { sv: '/logga-in', en: '/en/sign-in' },
  signUp: { sv: '/registrera', en: '/en/sign-up' },
  signInLink: { sv: '/logga-in/lank', en: '/en/sign-in/link' },
  forgotPassword: { sv: '/glomt-losenord', en: '/en/forgot-password' },
  resetPassword: { sv: '/aterstall-losenord', en: '/en/reset-password' },
  verifyEmail: { sv: '/verifiera-e-post', en: '/en/verify-email' },
  account: { sv: '/konto', en: '/en/account' },
  accountProfile: { sv: '/konto/profil', en: '/en/account/profile' },
  accountPassword: { sv: '/konto/losenord', en: '/en/account/password' },
  accountVerification: { sv: '/konto/verifiering', en: '/en/account/verification' },
  accountTokens: { sv: '/konto/api-nycklar', en: '/en/account/api-tokens' },
  accountSignOutAll: { sv: '/konto/logga-ut-overallt', en: '/en/account/sign-out-everywhere' },
} as const satisfies Record<string, Paths>;

/** A path with a token appended (`/logga-in/lank/<token>`), in both languages for `alternate`. */
export function withToken(p: Paths, token: string): Paths {
  return { sv: `${p.sv}/${token}`, en: `${p.en}/${token}` };
}

/** Where the revoke button of one API token posts. */
export function revokeTokenPath(locale: Locale, id: number | ':id'): string {
  return `${PATHS.accountTokens[locale]}/${id}/${locale === 'sv' ? 'aterkalla' : 'revoke'}`;
}

export function pathIn(p: Paths, locale: Locale): string {
  return p[locale];
}

export const OIDC_START = '/auth/oidc/start';
export const OIDC_CALLBACK = '/auth/oidc/callback';
