import { html } from '../../../platform/html.ts';
import { csrfField, errorSummary, textField } from '../../../platform/layout.ts';
import type { FieldErrors } from '../../../platform/errors.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { accountsMessages } from '../accounts.messages.ts';

export interface SignInViewProps {
  locale: Locale;
  csrf: string;
  action: string;
  email?: string | undefined;
  next?: string | undefined;
  errors?: FieldErrors | undefined;
  formError?: string | undefined;
}

export function signInView(p: SignInViewProps) {
  const t = accountsMessages(p.locale);
  return html`
<p>${t.signInIntro}</p>
${errorSummary(p.locale, p.formError ? { email: p.formError } : p.errors, { email: t.email, password: t.password })}
<form method="post" action="${p.action}" novalidate class="stack">
  ${csrfField(p.csrf)}
  ${p.next ? html`<input type="hidden" name="next" value="${p.next}">` : ''}
  ${textField({ name: 'email', label: t.email, type: 'email', value: p.email, error: p.errors?.email, autocomplete: 'username', required: true, maxlength: 254 })}
  ${textField({ name: 'password', label: t.password, type: 'password', error: p.errors?.password, autocomplete: 'current-password', required: true, maxlength: 200 })}
  <button type="submit" class="button">${t.signInButton}</button>
</form>`;
}
