// Test harness: each test file gets its own database cloned from the migrated template, and an app
// built exactly as production builds it (jobs run inline). HTTP goes through app.inject.
import crypto from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../src/config.ts';
import { createRuntime, type Runtime } from '../src/app.ts';
import { buildServer } from '../src/server.ts';
import { withDatabase } from '../src/db/launcher.ts';
import type { AppContext } from '../src/platform/context.ts';

function adminUrl(): string {
  const url = process.env.H22_TEST_ADMIN_URL;
  if (!url) throw new Error('Run tests with `npm test` (it starts PostgreSQL and sets H22_TEST_ADMIN_URL).');
  return url;
}

export interface TestDb {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  const admin = adminUrl();
  const name = `h22_t_${crypto.randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)} TEMPLATE ${c.escapeIdentifier(process.env.H22_TEST_TEMPLATE ?? 'h22_test_template')}`);
  } finally {
    await c.end();
  }
  return {
    name,
    url: withDatabase(admin, name),
    async drop() {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      try {
        await d.query(`DROP DATABASE IF EXISTS ${d.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await d.end();
      }
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  runtime: Runtime;
  db: TestDb;
  config: Config;
  close(): Promise<void>;
}

export async function createTestApp(opts: { env?: Record<string, string>; seed?: boolean } = {}): Promise<TestApp> {
  const db = await createTestDb();
  const config = loadConfig({ BASE_URL: 'http://h22.test', JOBS: 'false', SEED_DEMO: 'false', ...opts.env });
  const runtime = await createRuntime(config, { log: () => {}, databaseUrl: db.url, jobs: false, poolSize: 5 });
  if (opts.seed) {
    const { seedAll } = await import('../src/app.ts');
    await seedAll(runtime.ctx);
  }
  const app = await buildServer(runtime.ctx);
  return {
    app,
    ctx: runtime.ctx,
    runtime,
    db,
    config,
    async close() {
      await app.close();
      await runtime.close();
      await db.drop();
    },
  };
}

// ---------- a browser-like client over app.inject: cookies, CSRF, forms ----------

export interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json<T = any>(): T;
}

export class Client {
  cookies = new Map<string, string>();
  constructor(readonly app: FastifyInstance) {}

  private cookieHeader(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private store(setCookie: string | string[] | undefined) {
    if (!setCookie) return;
    for (const c of Array.isArray(setCookie) ? setCookie : [setCookie]) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair!.indexOf('=');
      const k = pair!.slice(0, eq).trim();
      const v = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a) || /max-age=0\b/i.test(a.trim()));
      if (expired || v === '') this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
  }

  async request(method: string, url: string, opts: { form?: Record<string, string | string[]>; json?: unknown; headers?: Record<string, string> } = {}): Promise<Res> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    const ck = this.cookieHeader();
    if (ck) headers.cookie = ck;
    let payload: string | undefined;
    if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(opts.form)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
      payload = p.toString();
    } else if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(opts.json);
    }
    const r = await this.app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined ? { payload } : {}) });
    this.store(r.headers['set-cookie'] as string | string[] | undefined);
    return { status: r.statusCode, headers: r.headers as Res['headers'], body: r.body, json: () => JSON.parse(r.body) };
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, headers ? { headers } : {});
  }

  /** GETs the page that holds the form, reads its CSRF token, and POSTs the form with it. */
  async submit(formPageUrl: string, action: string, form: Record<string, string | string[]>): Promise<Res> {
    const page = await this.get(formPageUrl);
    const token = csrfFrom(page.body);
    if (!token) throw new Error(`No CSRF token on ${formPageUrl} (status ${page.status})`);
    return this.request('POST', action, { form: { _csrf: token, ...form } });
  }

  async signIn(email: string, password: string): Promise<Res> {
    const r = await this.submit('/logga-in', '/logga-in', { email, password });
    if (r.status !== 303) throw new Error(`sign-in failed for ${email}: ${r.status}`);
    return r;
  }
}

export function csrfFrom(body: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
}

/** The text of the first element matching a simple tag/class/id pattern, with tags stripped. */
export function textOf(body: string, re: RegExp): string | undefined {
  const m = re.exec(body);
  return m?.[1]?.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
}

export function decodeEntities(s: string): string {
  return s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

// ---------- requests over real HTTP (the front cache sits in the HTTP server, which app.inject bypasses) ----------

export interface RawResponse<B = string> {
  status: number;
  /** Header pairs in the order sent, without the ones node adds per connection. */
  headers: [string, string][];
  body: B;
}

export function httpGetBytes(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse<Buffer>> {
  return new Promise((resolve, reject) => {
    http
      .request(url, { method, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const pairs: [string, string][] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            const k = res.rawHeaders[i]!;
            if (!['date', 'connection', 'keep-alive'].includes(k.toLowerCase())) pairs.push([k, res.rawHeaders[i + 1]!]);
          }
          resolve({ status: res.statusCode ?? 0, headers: pairs, body: Buffer.concat(chunks) });
        });
      })
      .on('error', reject)
      .end();
  });
}

export async function httpGet(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  const r = await httpGetBytes(url, headers, method);
  return { ...r, body: r.body.toString('utf8') };
}
