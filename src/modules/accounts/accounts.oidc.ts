// Staff sign-in with OpenID Connect (openid-client v6): authorization code flow with PKCE, state and
// nonce. The per-attempt secrets travel in a signed, short-lived HttpOnly cookie scoped to /auth/oidc.
import * as oidc from 'openid-client';
import type { OidcConfig } from '../../config.ts';
import { signValue, unsignValue } from '../../platform/auth/tokens.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { OidcIdentity } from './accounts.auth.commands.ts';
import { OIDC_CALLBACK } from './accounts.paths.ts';

export const OIDC_COOKIE = 'h22_oidc';
export const OIDC_COOKIE_PATH = '/auth/oidc';
/** How long a person may spend at the identity provider before the attempt expires. */
export const OIDC_ATTEMPT_SECONDS = 600;

interface Attempt {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
  locale: Locale;
  /** Expiry, epoch milliseconds. */
  exp: number;
}

const discovered = new Map<string, Promise<oidc.Configuration>>();

/** Plain-HTTP issuers are accepted only on the loopback interface (a local test or development IdP). */
function isLoopback(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** Discovery once per issuer and client; a failure is not cached, so the next attempt retries. */
function configuration(cfg: OidcConfig): Promise<oidc.Configuration> {
  const key = `${cfg.issuer}|${cfg.clientId}`;
  let p = discovered.get(key);
  if (!p) {
    const issuer = new URL(cfg.issuer);
    const insecure = issuer.protocol === 'http:' && isLoopback(issuer);
    // client_secret_basic is the default of the specification; fall back to _post where only that is offered.
    const basic = oidc.ClientSecretBasic(cfg.clientSecret);
    const post = oidc.ClientSecretPost(cfg.clientSecret);
    const auth: oidc.ClientAuth = (as, client, body, headers) => {
      const methods = as.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
      return (methods.includes('client_secret_basic') ? basic : post)(as, client, body, headers);
    };
    p = oidc.discovery(issuer, cfg.clientId, undefined, auth, insecure ? { execute: [oidc.allowInsecureRequests], timeout: 10 } : { timeout: 10 });
    p.catch(() => discovered.delete(key));
    discovered.set(key, p);
  }
  return p;
}

export function redirectUri(baseUrl: string): string {
  return `${baseUrl}${OIDC_CALLBACK}`;
}

/** The authorization URL to send the browser to, and the signed cookie value that remembers the attempt. */
export async function startOidc(cfg: OidcConfig, secret: string, baseUrl: string, opts: { next: string; locale: Locale }): Promise<{ url: string; cookie: string }> {
  const config = await configuration(cfg);
  const attempt: Attempt = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    verifier: oidc.randomPKCECodeVerifier(),
    next: opts.next,
    locale: opts.locale,
    exp: Date.now() + OIDC_ATTEMPT_SECONDS * 1000,
  };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(baseUrl),
    scope: 'openid email profile',
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(attempt.verifier),
    code_challenge_method: 'S256',
    state: attempt.state,
    nonce: attempt.nonce,
    ui_locales: opts.locale,
  });
  return { url: url.href, cookie: signValue(secret, JSON.stringify(attempt)) };
}

/** The attempt from the cookie when its signature holds and it has not expired. */
export function readAttempt(secret: string, cookie: string | undefined): Attempt | undefined {
  const raw = unsignValue(secret, cookie);
  if (!raw) return undefined;
  try {
    const a = JSON.parse(raw) as Partial<Attempt>;
    if (typeof a.state !== 'string' || typeof a.nonce !== 'string' || typeof a.verifier !== 'string' || typeof a.exp !== 'number') return undefined;
    if (a.exp < Date.now()) return undefined;
    return { state: a.state, nonce: a.nonce, verifier: a.verifier, exp: a.exp, next: typeof a.next === 'string' ? a.next : '/', locale: a.locale === 'en' ? 'en' : 'sv' };
  } catch {
    return undefined;
  }
}

export type CallbackResult =
  | { ok: true; identity: OidcIdentity }
  | { ok: false; reason: 'idp_error'; code: string }
  | { ok: false; reason: 'bad_response' }
  | { ok: false; reason: 'unavailable' };

/** Exchanges the code (checking state, PKCE, nonce and issuer) and reads the person's claims. */
export async function finishOidc(cfg: OidcConfig, attempt: Attempt, currentUrl: URL, log: (m: string) => void): Promise<CallbackResult> {
  let config: oidc.Configuration;
  try {
    config = await configuration(cfg);
  } catch (e) {
    log(`OIDC discovery failed: ${(e as Error).message}`);
    return { ok: false, reason: 'unavailable' };
  }
  try {
    const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: attempt.verifier,
      expectedState: attempt.state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) return { ok: false, reason: 'bad_response' };
    let info: Record<string, unknown> = { ...claims };
    // Many providers put e-mail and name only in the UserInfo response.
    if ((!info.email || !info.name) && config.serverMetadata().userinfo_endpoint) {
      const u = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      info = { ...u, ...Object.fromEntries(Object.entries(info).filter(([, v]) => v !== undefined)) };
    }
    const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
    const name = str(info.name) ?? ([str(info.given_name), str(info.family_name)].filter(Boolean).join(' ') || undefined);
    return {
      ok: true,
      identity: {
        subject: claims.sub,
        email: str(info.email),
        emailVerified: typeof info.email_verified === 'boolean' ? info.email_verified : undefined,
        name,
      },
    };
  } catch (e) {
    // An error answer from the provider, after its state (and issuer) were checked like a success.
    if (e instanceof oidc.AuthorizationResponseError) return { ok: false, reason: 'idp_error', code: e.error.slice(0, 100) };
    const cause = e as { code?: string; cause?: { code?: string } };
    // Never log tokens: the message names the failed check only.
    log(`OIDC callback failed: ${(e as Error).message}`);
    if (cause.code === 'OAUTH_TIMEOUT' || /ECONNREFUSED|ENOTFOUND|fetch failed/.test(String((e as Error).message) + String(cause.cause?.code ?? ''))) {
      return { ok: false, reason: 'unavailable' };
    }
    return { ok: false, reason: 'bad_response' };
  }
}

/** Forget cached discovery (tests start a new provider per file). */
export function resetOidcDiscovery(): void {
  discovered.clear();
}
