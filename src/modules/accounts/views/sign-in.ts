import { html } from '../../../platform/html.ts';
import { csrfField, errorSummary, notice, textField } from '../../../platform/layout.ts';
import type { FieldErrors } from '../../../platform/errors.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { accountsMessages } from '../accounts.messages.ts';
import { authMessages } from '../accounts.auth.messages.ts';
import { OIDC_START, PATHS } from '../accounts.paths.ts';

export interface SignInViewProps {
  locale: Locale;
  csrf: string;
  action: string;
  email?: string | undefined;
  next?: string | undefined;
  errors?: FieldErrors | undefined;
  formError?: string | undefined;
  /** A confirmation to show above the form (e.g. after signing out everywhere). */
  info?: string | undefined;
  /** The label of the staff sign-in button, when OpenID Connect is configured. */
  oidcLabel?: string | undefined;
}

export function signInView(p: SignInViewProps) {
  const t = accountsMessages(p.locale);
  const a = authMessages(p.locale);
  const nextQuery = p.next ? `?next=${encodeURIComponent(p.next)}` : '';
  return html`
${p.info ? notice('success', p.info) : ''}
<p>${t.signInIntro}</p>
${errorSummary(p.locale, p.formError ? { email: p.formError } : p.errors, { email: t.email, password: t.password })}
<form method="post" action="${p.action}" novalidate class="stack">
  ${csrfField(p.csrf)}
  ${p.next ? html`<input type="hidden" name="next" value="${p.next}">` : ''}
  ${textField({ name: 'email', label: t.email, type: 'email', value: p.email, error: p.errors?.email, autocomplete: 'username', required: true, maxlength: 254 })}
  ${textField({ name: 'password', label: t.password, type: 'password', error: p.errors?.password, autocomplete: 'current-password', required: true, maxlength: 200 })}
  <button type="submit" class="button">${t.signInButton}</button>
</form>
<h2>${a.otherWaysHeading}</h2>
<ul class="auth-links">
  <li><a href="${PATHS.signInLink[p.locale]}">${a.signInWithLink}</a></li>
  <li><a href="${PATHS.forgotPassword[p.locale]}">${a.forgotPasswordLink}</a></li>
  <li>${a.noAccount} <a href="${PATHS.signUp[p.locale]}${nextQuery}">${a.createAccountLink}</a></li>
</ul>
${p.oidcLabel
  ? html`<section class="staff-sign-in" aria-labelledby="staff-sign-in-title">
  <h2 id="staff-sign-in-title">${a.staffHeading}</h2>
  <p>${a.staffIntro}</p>
  <form method="post" action="${OIDC_START}">
    ${csrfField(p.csrf)}
    <input type="hidden" name="lang" value="${p.locale}">
    ${p.next ? html`<input type="hidden" name="next" value="${p.next}">` : ''}
    <button type="submit" class="button secondary">${a.oidcButton(p.oidcLabel)}</button>
  </form>
</section>`
  : ''}`;
}
