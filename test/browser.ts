// Browser harness for the journeys in e2e/: the app served in-process over real HTTP on 127.0.0.1,
// Debian's Chromium driven by playwright-core, and axe (WCAG 2.1 A + AA) on every page a journey loads.
import assert from 'node:assert/strict';
import net from 'node:net';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { createTestApp, type TestApp } from './helpers.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const PHONE = { width: 375, height: 740 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;
export const NARROW = { width: 320, height: 640 } as const;

/** A port that was free a moment ago on 127.0.0.1 (the app must know its own URL before it is built). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface LiveApp extends TestApp {
  /** http://127.0.0.1:PORT, also the app's BASE_URL (links in mail, OIDC redirect URIs). */
  baseUrl: string;
  port: number;
}

/**
 * Builds the app like production (own database cloned from the template) and serves it on
 * 127.0.0.1. Pass `port` when something else (an OIDC client registration) must know the URL first.
 */
export async function startLiveApp(opts: { seed?: boolean; env?: Record<string, string>; port?: number } = {}): Promise<LiveApp> {
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freePort());
    const baseUrl = `http://127.0.0.1:${port}`;
    const t = await createTestApp({ seed: opts.seed ?? true, env: { BASE_URL: baseUrl, ...opts.env } });
    try {
      // buildServer has already awaited app.ready(); listen only binds the socket.
      await t.app.listen({ port, host: '127.0.0.1' });
      return { ...t, baseUrl, port };
    } catch (e) {
      await t.close();
      // Another process took the port between freePort() and listen(): try a new one.
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || opts.port !== undefined || attempt >= 3) throw e;
    }
  }
}

/**
 * One Chromium per test file; close it in `after`. Host names do not resolve, so nothing outside
 * 127.0.0.1 (map tiles, fonts) is ever fetched and no page waits on the internet. This is done in
 * the resolver rather than with request interception, which would switch off the HTTP cache.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
}

/** A fresh context: no cookies, no cache, Swedish browser locale, Stockholm time. */
export async function newContext(browser: Browser, baseUrl: string, viewport: { width: number; height: number } = DESKTOP): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
  context.setDefaultTimeout(15_000);
  return context;
}

// ---------- axe ----------

interface AxeNode {
  target: unknown;
  html: string;
  failureSummary?: string | undefined;
}
interface AxeViolation {
  id: string;
  impact?: string | null | undefined;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/** A readable account of axe violations: rule, impact, help, and where (selector, HTML, why). */
export function formatViolations(url: string, violations: AxeViolation[]): string {
  const lines = [`${violations.length} axe violation(s) on ${url}:`];
  for (const v of violations) {
    lines.push(`\n• ${v.id} [${v.impact ?? 'n/a'}] ${v.help}\n  ${v.helpUrl}`);
    for (const n of v.nodes.slice(0, 5)) {
      lines.push(`  - at ${JSON.stringify(n.target)}\n    ${n.html.slice(0, 200)}`);
      if (n.failureSummary) lines.push(`    ${n.failureSummary.replace(/\n/g, '\n    ')}`);
    }
    if (v.nodes.length > 5) lines.push(`  … and ${v.nodes.length - 5} more element(s)`);
  }
  return lines.join('\n');
}

/** Runs axe with the WCAG 2.1 A/AA tags on the page as it is now; fails with a readable list. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  if (result.violations.length > 0) assert.fail(formatViolations(page.url(), result.violations as AxeViolation[]));
  // Guard against a vacuous pass (axe not run, or an empty document).
  assert.ok(result.passes.length > 0, `axe checked nothing on ${page.url()}`);
}

// ---------- journeys: every loaded document gets an axe check ----------

/**
 * Wraps a page for a journey. Each document the page loads (link, form, redirect) is recorded; the
 * journey's steps run axe after each load, and `finish()` fails if any loaded document was never checked.
 */
export class Journey {
  /** Every document loaded, in order, with whether axe ran on it. */
  readonly loads: { url: string; checked: boolean }[] = [];
  private waiters: (() => void)[] = [];

  constructor(readonly page: Page) {
    page.on('load', () => {
      this.loads.push({ url: page.url(), checked: false });
      for (const w of this.waiters.splice(0)) w();
    });
  }

  private nextLoad(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Runs axe on the current document and marks it checked. */
  async check(): Promise<void> {
    await this.page.waitForLoadState('load');
    await expectNoAxeViolations(this.page);
    const last = this.loads[this.loads.length - 1];
    if (last) last.checked = true;
  }

  /** Opens a path and checks it. */
  async goto(path: string): Promise<void> {
    const loaded = this.nextLoad();
    const r = await this.page.goto(path);
    assert.ok(r, `no response for ${path}`);
    await loaded;
    await this.check();
  }

  /** Does something that loads a new document (click a link, submit a form), waits for it and checks it. */
  async navigate(action: () => Promise<unknown>): Promise<void> {
    const loaded = this.nextLoad();
    await action();
    await loaded;
    await this.check();
  }

  /** Clicks and follows the navigation it causes. */
  clickAndLoad(target: Locator): Promise<void> {
    return this.navigate(() => target.click());
  }

  /** Signs in with e-mail and password on the Swedish sign-in page, checking both pages it loads. */
  async signIn(who: { email: string; password: string }): Promise<void> {
    await this.goto('/logga-in');
    const main = this.page.getByRole('main');
    await main.getByLabel('E-postadress').fill(who.email);
    await main.getByLabel('Lösenord').fill(who.password);
    await this.clickAndLoad(main.getByRole('button', { name: 'Logga in', exact: true }));
  }

  /** Fails unless every document the journey loaded was checked with axe; returns the URLs. */
  finish(): string[] {
    const unchecked = this.loads.filter((l) => !l.checked).map((l) => l.url);
    assert.deepEqual(unchecked, [], `pages loaded without an axe check: ${unchecked.join(', ')}`);
    assert.ok(this.loads.length > 0, 'the journey loaded no page');
    return this.loads.map((l) => l.url);
  }
}
