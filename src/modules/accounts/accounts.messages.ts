import { defineMessages } from '../../platform/i18n/i18n.ts';

const sv = {
  signInTitle: 'Logga in',
  signInIntro: 'Logga in med din e-postadress och ditt lösenord.',
  email: 'E-postadress',
  password: 'Lösenord',
  signInButton: 'Logga in',
  badCredentials: 'E-postadressen eller lösenordet stämmer inte.',
  signedOut: 'Du är utloggad.',
} as const;

export const accountsMessages = defineMessages(sv, {
  signInTitle: 'Sign in',
  signInIntro: 'Sign in with your e-mail address and password.',
  email: 'E-mail address',
  password: 'Password',
  signInButton: 'Sign in',
  badCredentials: 'The e-mail address or password is not correct.',
  signedOut: 'You are signed out.',
});
