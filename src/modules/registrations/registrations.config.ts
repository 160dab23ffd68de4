// Settings of the registrations module read from the environment: the rate limits against scripted
// sign-ups (a load test raises them for its own processes). 0 turns a limit off.
export interface RegistrationLimits {
  /** Sign-up requests per client address per minute (both the form and the API). */
  perIpPerMinute: number;
  /** Registrations made with one e-mail address per hour, across occurrences. */
  perEmailPerHour: number;
}

function count(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw)) throw new Error(`Invalid setting ${name}: expected a whole number, got "${raw}"`);
  return Number(raw);
}

export function registrationLimits(env: Record<string, string | undefined> = process.env): RegistrationLimits {
  return {
    perIpPerMinute: count(env, 'REGISTRATION_LIMIT_PER_IP', 30),
    perEmailPerHour: count(env, 'REGISTRATION_LIMIT_PER_EMAIL', 10),
  };
}
