// Helpers shared by the module's route files (public pages, staff pages, API).
import type { Locale } from '../../platform/i18n/i18n.ts';
import { registrationMessages } from './registrations.messages.ts';
import type { SignUpOutcome } from './registrations.commands.ts';
import { formatMoment } from './registrations.format.ts';

/** The message for a refused or odd sign-up, in the visitor's language. */
export function outcomeMessage(o: SignUpOutcome, locale: Locale): string | undefined {
  const t = registrationMessages(locale);
  switch (o.outcome) {
    case 'refused':
      return o.reason === 'not_open_yet'
        ? t.refusedNotOpenYet(formatMoment(o.opensAt, locale))
        : o.reason === 'closed'
          ? t.refusedClosed
          : o.reason === 'full'
            ? t.refusedFull
            : o.reason === 'waitlist_full'
              ? t.refusedWaitlistFull
              : t.refusedAccount;
    case 'already_registered':
      return t.alreadyRegistered;
    case 'idempotency_mismatch':
      return t.idempotencyMismatch;
    case 'not_found':
      return t.notFoundOccurrence;
    default:
      return undefined;
  }
}

