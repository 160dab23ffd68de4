// The account page: name and language, e-mail verification, password, personal API tokens, sessions.
import { html } from '../../../platform/html.ts';
import { csrfField, errorSummary, notice, selectField, textField } from '../../../platform/layout.ts';
import type { FieldErrors } from '../../../platform/errors.ts';
import { formatDateTime, isoDateTime, type Locale } from '../../../platform/i18n/i18n.ts';
import { PASSWORD_MIN } from '../../../platform/auth/password.ts';
import { authMessages } from '../accounts.auth.messages.ts';
import { PATHS, revokeTokenPath } from '../accounts.paths.ts';

export interface AccountViewProps {
  locale: Locale;
  csrf: string;
  user: { name: string; email: string; locale: Locale; emailVerifiedAt: Date | null; hasPassword: boolean };
  tokens: { id: number; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }[];
  sessions: number;
  /** Confirmation after a change. */
  info?: string | undefined;
  /** A token just created: shown this once. */
  newToken?: { name: string; token: string } | undefined;
  /** Which form failed, with what was typed (never passwords) and messages per field. */
  failed?: { form: 'profile' | 'password' | 'token'; values: Record<string, string | undefined>; errors: FieldErrors } | undefined;
}

const time = (d: Date, locale: Locale) => html`<time datetime="${isoDateTime(d)}">${formatDateTime(d, locale)}</time>`;

export function accountView(p: AccountViewProps) {
  const a = authMessages(p.locale);
  const L = p.locale;
  const f = p.failed;
  const errs = (form: string) => (f?.form === form ? f.errors : undefined);
  const val = (form: string, key: string, fallback?: string) => (f?.form === form ? f.values[key] : fallback);
  return html`
${p.info ? notice('success', p.info) : ''}
${p.newToken
  ? html`<div class="notice notice-success token-once" role="status">
  <h2>${a.tokenCreatedTitle}: ${p.newToken.name}</h2>
  <p>${a.tokenCreated}</p>
  <p><code class="token-value" data-testid="new-token">${p.newToken.token}</code></p>
</div>`
  : ''}
${f ? errorSummary(L, f.errors, { name: a.name, locale: a.preferredLanguage, current_password: a.currentPassword, new_password: a.newPassword, token_name: a.tokenName }) : ''}

<section aria-labelledby="profile-title" class="account-section">
  <h2 id="profile-title">${a.profileHeading}</h2>
  <form method="post" action="${PATHS.accountProfile[L]}" novalidate class="stack">
    ${csrfField(p.csrf)}
    ${textField({ name: 'name', label: a.name, value: val('profile', 'name', p.user.name), error: errs('profile')?.name, autocomplete: 'name', required: true, maxlength: 200 })}
    ${selectField({
      name: 'locale',
      label: a.preferredLanguage,
      value: val('profile', 'locale', p.user.locale),
      error: errs('profile')?.locale,
      options: [
        { value: 'sv', label: a.languageSv },
        { value: 'en', label: a.languageEn },
      ],
    })}
    <button type="submit" class="button">${a.saveProfile}</button>
  </form>
</section>

<section aria-labelledby="email-title" class="account-section">
  <h2 id="email-title">${a.emailHeading}</h2>
  <p><strong>${p.user.email}</strong></p>
  ${p.user.emailVerifiedAt
    ? html`<p>${a.emailVerifiedAt(formatDateTime(p.user.emailVerifiedAt, L))}</p>`
    : html`<p>${a.emailNotVerified}</p>
  <form method="post" action="${PATHS.accountVerification[L]}">
    ${csrfField(p.csrf)}
    <button type="submit" class="button secondary">${a.resendVerification}</button>
  </form>`}
</section>

<section aria-labelledby="password-title" class="account-section">
  <h2 id="password-title">${a.passwordHeading}</h2>
  ${p.user.hasPassword
    ? html`<form method="post" action="${PATHS.accountPassword[L]}" novalidate class="stack">
    ${csrfField(p.csrf)}
    <input type="hidden" name="username" value="${p.user.email}" autocomplete="username">
    ${textField({ name: 'current_password', label: a.currentPassword, type: 'password', error: errs('password')?.current_password, autocomplete: 'current-password', required: true, maxlength: 200 })}
    ${textField({ name: 'new_password', label: a.newPassword, type: 'password', hint: a.passwordHint(PASSWORD_MIN), error: errs('password')?.new_password, autocomplete: 'new-password', required: true, maxlength: 200 })}
    <button type="submit" class="button">${a.changePasswordButton}</button>
  </form>`
    : html`<p>${a.noPasswordYet}</p><p><a href="${PATHS.forgotPassword[L]}">${a.choosePasswordLink}</a></p>`}
</section>

<section aria-labelledby="tokens-title" class="account-section">
  <h2 id="tokens-title">${a.tokensHeading}</h2>
  <p>${a.tokensIntro}</p>
  ${p.tokens.length
    ? html`<div class="table-scroll"><table>
    <caption class="visually-hidden">${a.tokensCaption}</caption>
    <thead><tr>
      <th scope="col">${a.colName}</th><th scope="col">${a.colPrefix}</th><th scope="col">${a.colCreated}</th><th scope="col">${a.colLastUsed}</th><th scope="col">${a.colStatus}</th>
    </tr></thead>
    <tbody>
    ${p.tokens.map(
      (k) => html`<tr>
      <th scope="row">${k.name}</th>
      <td><code>${k.prefix}…</code></td>
      <td>${time(k.createdAt, L)}</td>
      <td>${k.lastUsedAt ? time(k.lastUsedAt, L) : a.neverUsed}</td>
      <td>${k.revokedAt
        ? a.tokenRevokedAt(formatDateTime(k.revokedAt, L))
        : html`${a.tokenActive}
        <form method="post" action="${revokeTokenPath(L, k.id)}" class="inline-form" data-module="confirm" data-confirm="${a.revokeConfirm}">
          ${csrfField(p.csrf)}
          <button type="submit" class="link-button" aria-label="${a.revokeTokenLabel(k.name)}">${a.revokeToken}</button>
        </form>`}</td>
    </tr>`,
    )}
    </tbody>
  </table></div>`
    : html`<p>${a.noTokens}</p>`}
  <form method="post" action="${PATHS.accountTokens[L]}" novalidate class="stack">
    ${csrfField(p.csrf)}
    ${textField({ name: 'token_name', label: a.tokenName, hint: a.tokenNameHint, value: val('token', 'token_name'), error: errs('token')?.token_name, required: true, maxlength: 100 })}
    <button type="submit" class="button secondary">${a.createTokenButton}</button>
  </form>
</section>

<section aria-labelledby="sessions-title" class="account-section">
  <h2 id="sessions-title">${a.sessionsHeading}</h2>
  <p>${a.sessionsCount(p.sessions)}</p>
  <form method="post" action="${PATHS.accountSignOutAll[L]}" data-module="confirm" data-confirm="${a.signOutAllConfirm}">
    ${csrfField(p.csrf)}
    <button type="submit" class="button danger">${a.signOutAllButton}</button>
  </form>
</section>`;
}
