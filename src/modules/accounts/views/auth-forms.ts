// Sign-up, the mailed-link request forms, the sign-in link's confirm page, the new-password form and the
// one-message result pages.
import { html, type HtmlValue } from '../../../platform/html.ts';
import { csrfField, errorSummary, textField } from '../../../platform/layout.ts';
import type { FieldErrors } from '../../../platform/errors.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { PASSWORD_MIN } from '../../../platform/auth/password.ts';
import { accountsMessages } from '../accounts.messages.ts';
import { authMessages } from '../accounts.auth.messages.ts';
import { PATHS } from '../accounts.paths.ts';

export interface FormProps {
  locale: Locale;
  csrf: string;
  action: string;
  values?: Record<string, string | undefined>;
  errors?: FieldErrors | undefined;
}

export function signUpView(p: FormProps & { next?: string | undefined }) {
  const t = accountsMessages(p.locale);
  const a = authMessages(p.locale);
  const v = p.values ?? {};
  return html`
<p>${a.signUpIntro}</p>
${errorSummary(p.locale, p.errors, { name: a.name, email: t.email, password: t.password })}
<form method="post" action="${p.action}" novalidate class="stack">
  ${csrfField(p.csrf)}
  ${p.next ? html`<input type="hidden" name="next" value="${p.next}">` : ''}
  ${textField({ name: 'name', label: a.name, value: v.name, error: p.errors?.name, autocomplete: 'name', required: true, maxlength: 200 })}
  ${textField({ name: 'email', label: t.email, type: 'email', value: v.email, error: p.errors?.email, autocomplete: 'email', required: true, maxlength: 254 })}
  ${textField({ name: 'password', label: t.password, type: 'password', hint: a.passwordHint(PASSWORD_MIN), error: p.errors?.password, autocomplete: 'new-password', required: true, maxlength: 200 })}
  <button type="submit" class="button">${a.signUpButton}</button>
</form>
<p>${a.haveAccount} <a href="${PATHS.signIn[p.locale]}">${t.signInButton}</a></p>`;
}

/** The e-mail form of the sign-in link and of the password reset. */
export function emailRequestView(p: FormProps & { intro: string; button: string }) {
  const t = accountsMessages(p.locale);
  return html`
<p>${p.intro}</p>
${errorSummary(p.locale, p.errors, { email: t.email })}
<form method="post" action="${p.action}" novalidate class="stack">
  ${csrfField(p.csrf)}
  ${textField({ name: 'email', label: t.email, type: 'email', value: p.values?.email, error: p.errors?.email, autocomplete: 'email', required: true, maxlength: 254 })}
  <button type="submit" class="button">${p.button}</button>
</form>`;
}

export function resetPasswordView(p: FormProps) {
  const a = authMessages(p.locale);
  return html`
<p>${a.resetIntro}</p>
${errorSummary(p.locale, p.errors, { password: a.newPassword })}
<form method="post" action="${p.action}" novalidate class="stack">
  ${csrfField(p.csrf)}
  ${textField({ name: 'password', label: a.newPassword, type: 'password', hint: a.passwordHint(PASSWORD_MIN), error: p.errors?.password, autocomplete: 'new-password', required: true, maxlength: 200 })}
  <button type="submit" class="button">${a.savePasswordButton}</button>
</form>`;
}

/**
 * An address shown so the person recognises the account without spelling it out to whoever sees the
 * screen: the first character, three stars (whatever the length) and the domain — `m***@example.se`.
 */
function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const first = Array.from(email)[0];
  if (at < 1 || !first) return '***';
  return `${first}***${email.slice(at)}`;
}

/** The page a mailed sign-in link opens: it only checks the link; the button's POST uses it. */
export function signInLinkView(p: { locale: Locale; csrf: string; action: string; email: string }) {
  const a = authMessages(p.locale);
  return html`
<p class="lead">${a.linkConfirmAs(maskEmail(p.email))}</p>
<form method="post" action="${p.action}" class="stack">
  ${csrfField(p.csrf)}
  <button type="submit" class="button">${a.linkConfirmButton}</button>
</form>`;
}

/** A page with one message and a way on. */
export function messageView(message: HtmlValue, link?: { href: string; label: string }) {
  return html`<p class="lead">${message}</p>${link ? html`<p><a href="${link.href}">${link.label}</a></p>` : ''}`;
}
