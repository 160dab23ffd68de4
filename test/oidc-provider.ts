// A REAL local OpenID Connect provider (oidc-provider v9) for tests: 127.0.0.1, a random port, one
// confidential client, an in-memory account store, and its own accessible login page (labelled fields,
// lang, landmarks) instead of the library's development pages, so a person or a browser can fill it in.
//
// From node:test:
//   const idp = await startOidcProvider({ redirectUris: ['http://h22.test/auth/oidc/callback'] });
//   const t = await createTestApp({ env: idp.env });
//   const start = await client.submit('/logga-in', '/auth/oidc/start', { lang: 'sv' });  // 303 to the provider
//   const back = await idp.signIn(start.headers.location, { login: 'staff', password: 'staff-password' });
//   await client.get(back.pathname + back.search);                                           // the app's callback
// From a browser (Playwright): start it with the app's callback (pick the app's port first with freePort()),
// point the app's OIDC_* settings at `idp.env`, click the staff button and fill in "Username or e-mail"
// and "Password" on the provider's page (idp.defaultAccount holds working credentials).
import crypto from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

export interface TestAccount {
  /** The subject (`sub`) the provider issues. */
  id: string;
  /** What the person types as username (the e-mail works too). */
  login: string;
  password: string;
  email?: string | undefined;
  emailVerified?: boolean | undefined;
  name?: string | undefined;
}

export interface OidcProviderOptions {
  /** The app's callback URL(s); default: the test app's http://h22.test/auth/oidc/callback. */
  redirectUris?: string[];
  clientId?: string;
  clientSecret?: string;
  /** Accounts besides the default one. */
  accounts?: TestAccount[];
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET for the app's config. */
  env: Record<'OIDC_ISSUER' | 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET', string>;
  /** A staff member who can always sign in: login "staff", password "staff-password". */
  defaultAccount: TestAccount;
  addAccount(a: Omit<TestAccount, 'id'> & { id?: string }): TestAccount;
  /**
   * Plays the person at the provider over HTTP: follows the app's redirect to the provider, fills in the
   * login form and returns the URL the provider sends the browser back to (the app's callback, with
   * `code` and `state`, or with `error`). `cancel` presses Cancel instead of signing in.
   */
  signIn(authorizationUrl: string, creds: { login: string; password: string } | { cancel: true }): Promise<URL>;
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (to know an app's URL before it starts, e.g. for its redirect URI). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

function loginPage(uid: string, clientName: string, opts: { login?: string; error?: string } = {}): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign in – Test identity provider</title></head>
<body>
<header><p>Test identity provider</p></header>
<main>
<h1>Sign in to continue to ${esc(clientName)}</h1>
${opts.error ? `<p role="alert" id="login-error">${esc(opts.error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login">
  <p><label for="login">Username or e-mail</label><br>
  <input id="login" name="login" type="text" autocomplete="username" required value="${esc(opts.login ?? '')}"${opts.error ? ' aria-describedby="login-error"' : ''}></p>
  <p><label for="password">Password</label><br>
  <input id="password" name="password" type="password" autocomplete="current-password" required></p>
  <p><button type="submit">Sign in</button></p>
</form>
<form method="post" action="/interaction/${esc(uid)}/abort">
  <p><button type="submit">Cancel</button></p>
</form>
</main>
</body>
</html>`;
}

function errorPage(title: string, detail: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><main><h1>${esc(title)}</h1><p>${esc(detail)}</p></main></body></html>`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 100_000) throw new Error('body too large');
    chunks.push(c as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startOidcProvider(opts: OidcProviderOptions = {}): Promise<TestOidcProvider> {
  const clientId = opts.clientId ?? 'h22-test';
  const clientSecret = opts.clientSecret ?? crypto.randomBytes(24).toString('base64url');
  const redirectUris = opts.redirectUris ?? ['http://h22.test/auth/oidc/callback'];

  const accounts = new Map<string, TestAccount>();
  const addAccount = (a: Omit<TestAccount, 'id'> & { id?: string }): TestAccount => {
    const acc: TestAccount = { ...a, id: a.id ?? `sub-${crypto.randomBytes(6).toString('hex')}` };
    accounts.set(acc.id, acc);
    return acc;
  };
  const defaultAccount = addAccount({ id: 'staff-0001', login: 'staff', password: 'staff-password', email: 'staff@idp.example', emailVerified: true, name: 'Stina Staff' });
  for (const a of opts.accounts ?? []) addAccount(a);
  const findByLogin = (login: string) => {
    const l = login.trim().toLowerCase();
    return [...accounts.values()].find((a) => a.login.toLowerCase() === l || (a.email && a.email.toLowerCase() === l));
  };

  // Listen first: the issuer URL must carry the port.
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        client_name: 'H22',
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    async findAccount(_ctx, sub) {
      const a = accounts.get(sub);
      if (!a) return undefined;
      return {
        accountId: a.id,
        async claims() {
          return {
            sub: a.id,
            ...(a.email !== undefined ? { email: a.email } : {}),
            ...(a.emailVerified !== undefined ? { email_verified: a.emailVerified } : {}),
            ...(a.name !== undefined ? { name: a.name } : {}),
          };
        },
      };
    },
    // A first-party client: consent is implied, so the person sees only the login form.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage('Sign-in error', `${out.error}: ${out.error_description ?? ''}`);
    },
  };

  // Own signing key: the library's built-in development keys are for quick starts only.
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  configuration.jwks = { keys: [{ ...(privateKey.export({ format: 'jwk' }) as Record<string, string>), kid: 'test-key', use: 'sig', alg: 'RS256' }] };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', issuer);
    const m = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/.exec(url.pathname);
    if (!m) {
      callback(req, res);
      return;
    }
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(body);
    };
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        const client = await provider.Client.find(String(details.params.client_id));
        const clientName = client?.clientName ?? String(details.params.client_id);
        if (!m[2] && req.method === 'GET') return send(200, loginPage(details.uid, clientName));
        if (req.method !== 'POST') return send(405, errorPage('Method not allowed', req.method ?? ''));
        if (m[2] === 'abort') {
          return await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The person cancelled the sign-in' }, { mergeWithLastSubmission: false });
        }
        const form = await readForm(req);
        const login = form.get('login') ?? '';
        const account = findByLogin(login);
        if (!account || account.password !== (form.get('password') ?? '')) {
          return send(401, loginPage(details.uid, clientName, { login, error: 'The username or password is not correct.' }));
        }
        return await provider.interactionFinished(req, res, { login: { accountId: account.id } }, { mergeWithLastSubmission: false });
      } catch (e) {
        if (!res.headersSent) send(400, errorPage('Sign-in error', (e as Error).message));
      }
    })();
  });

  const signIn: TestOidcProvider['signIn'] = async (authorizationUrl, creds) => {
    const jar = new Map<string, string>();
    const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const keep = (res: Response) => {
      for (const c of res.headers.getSetCookie()) {
        const [pair, ...attrs] = c.split(';');
        const eq = pair!.indexOf('=');
        const name = pair!.slice(0, eq).trim();
        const value = pair!.slice(eq + 1).trim();
        const gone = value === '' || attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\s*$/i.test(a));
        if (gone) jar.delete(name);
        else jar.set(name, value);
      }
    };
    let url = new URL(authorizationUrl);
    let init: RequestInit = { method: 'GET' };
    for (let hop = 0; hop < 20; hop++) {
      if (url.origin !== issuer) return url;
      const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string> | undefined), cookie: cookieHeader() } });
      keep(res);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        url = new URL(location, url);
        init = { method: 'GET' };
        continue;
      }
      const text = await res.text();
      const action = /<form method="post" action="([^"]+\/login)"/.exec(text)?.[1];
      if (res.status === 200 && action) {
        if ('cancel' in creds) {
          url = new URL(action.replace(/\/login$/, '/abort'), url);
          init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' };
        } else {
          url = new URL(action, url);
          init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(creds).toString() };
        }
        continue;
      }
      throw new Error(`The test OIDC provider answered ${res.status} at ${url.pathname}: ${text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300)}`);
    }
    throw new Error('Too many redirects at the test OIDC provider');
  };

  return {
    issuer,
    clientId,
    clientSecret,
    env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret },
    defaultAccount,
    addAccount,
    signIn,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
