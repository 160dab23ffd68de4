// A site crawler over app.inject: follows same-origin links breadth-first (GET only), checks every
// HTML page and every machine-readable link it meets, and collects every problem instead of stopping
// at the first, so one run shows the whole site's state.
// CRAWL_DEBUG=1 prints every GET with its status and cap bucket.
import { XMLValidator } from 'fast-xml-parser';
import type { FastifyInstance } from 'fastify';

export type Lang = 'sv' | 'en';

export interface Fetched {
  url: string;
  status: number;
  contentType: string;
  location?: string | undefined;
  body: string;
  raw: Buffer;
}

export interface CrawlOptions {
  origin: string;
  starts: string[];
  /** The language a page (path+query) must declare; undefined means "do not check". */
  expectLang: (url: string) => Lang | undefined;
  /** Links are fetched and checked only when this says yes. */
  include: (path: string) => boolean;
  /** Links of a fetched page are followed only when this says yes (leaf pages are checked, not expanded). */
  expand?: (path: string) => boolean;
  perPrefix: number;
  total: number;
  /** The bucket a URL counts against for `perPrefix`; defaults to `capKey`. */
  bucket?: (url: string) => string;
  /** Known, reasoned exceptions: a problem on a matching URL that starts with `problem` is not reported. */
  allow?: Allowance[] | undefined;
}

export interface Allowance {
  url: string | RegExp;
  problem: string;
  reason: string;
}

export function isAllowed(allow: Allowance[] | undefined, url: string, problem: string): boolean {
  return (allow ?? []).some((a) => (typeof a.url === 'string' ? a.url === url : a.url.test(url)) && problem.startsWith(a.problem));
}

export interface CrawlResult {
  pages: Map<string, { status: number; contentType: string; from: string; alternates: Partial<Record<Lang, string>> }>;
  problems: string[];
  skippedByCap: number;
  htmlChecked: number;
  resourcesChecked: number;
}

/** Paths behind a one-time token (sign-in and reset links: a page for the token; verification: its GET uses it) or that leave the session: never followed. */
const STATEFUL = [/^\/logout\b/, /^\/auth\//, /^\/logga-in\/lank\/./, /^\/en\/sign-in\/link\/./, /^\/verifiera-e-post\//, /^\/en\/verify-email\//, /^\/aterstall-losenord\//, /^\/en\/reset-password\//];

export function isStateful(path: string): boolean {
  return STATEFUL.some((re) => re.test(path));
}

export function decodeEntities(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  if (!m) return undefined;
  return decodeEntities(m[1] ?? m[2] ?? m[3] ?? '');
}

/** Same-origin targets of `<a href>` and `<link rel="alternate">`, as path+query, in document order. */
export function extractLinks(body: string, pageUrl: string, origin: string): string[] {
  const out: string[] = [];
  const tags = body.match(/<a\s[^>]*>|<link\s[^>]*>/gi) ?? [];
  for (const tag of tags) {
    if (/^<link/i.test(tag) && !/\srel\s*=\s*"?alternate/i.test(tag)) continue;
    const href = attr(tag, 'href');
    if (href === undefined) continue;
    const target = resolveLink(href, pageUrl, origin);
    if (target !== undefined) out.push(target);
  }
  return out;
}

/** Same-origin files a page loads: `<script src>`, `<link rel="stylesheet">`, `<img src>`. */
export function extractAssets(body: string, pageUrl: string, origin: string): string[] {
  const out: string[] = [];
  for (const tag of body.match(/<script\s[^>]*>|<link\s[^>]*>|<img\s[^>]*>/gi) ?? []) {
    if (/^<link/i.test(tag) && !/\srel\s*=\s*"?stylesheet/i.test(tag)) continue;
    const ref = attr(tag, /^<link/i.test(tag) ? 'href' : 'src');
    const target = ref === undefined ? undefined : resolveLink(ref, pageUrl, origin);
    if (target !== undefined) out.push(target);
  }
  return out;
}

/** path+query of a same-origin link; undefined for mailto:/tel:/javascript:/external/bare fragments. */
export function resolveLink(href: string, pageUrl: string, origin: string): string | undefined {
  const h = href.trim();
  if (h === '' || h.startsWith('#')) return undefined;
  if (/^(mailto|tel|javascript|data|sms):/i.test(h)) return undefined;
  let u: URL;
  try {
    u = new URL(h, origin + pageUrl);
  } catch {
    return undefined;
  }
  if (u.origin !== new URL(origin).origin) return undefined;
  return u.pathname + u.search;
}

/** The `<link rel="alternate" hreflang>` twins a page declares. */
export function alternatesOf(body: string, pageUrl: string, origin: string): Partial<Record<Lang, string>> {
  const out: Partial<Record<Lang, string>> = {};
  for (const tag of body.match(/<link\s[^>]*>/gi) ?? []) {
    if (!/\srel\s*=\s*"?alternate/i.test(tag)) continue;
    const lang = attr(tag, 'hreflang');
    const href = attr(tag, 'href');
    if ((lang === 'sv' || lang === 'en') && href) {
      const t = resolveLink(href, pageUrl, origin);
      if (t) out[lang] = t;
    }
  }
  return out;
}

/** What a visitor reads: scripts, styles and tags removed, entities decoded. */
export function visibleText(body: string): string {
  return decodeEntities(
    body
      .replace(/<script\b[\s\S]*?<\/script>/gi, ' ')
      .replace(/<style\b[\s\S]*?<\/style>/gi, ' ')
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<[^>]+>/g, ' '),
  ).replace(/\s+/g, ' ');
}

/** Units that are written in camel case in ordinary text. */
const UNITS = new Set(['kWh', 'MWh', 'GWh', 'TWh', 'mAh', 'kB']);

function around(text: string, i: number): string {
  return text.slice(Math.max(0, i - 40), i + 40).trim();
}

/** Problems of one HTML page: language, one h1, title, main, leaked values or template syntax, img alt. */
export function checkHtmlPage(body: string, expectLang: Lang | undefined): string[] {
  const problems: string[] = [];
  const lang = /<html[^>]*\slang="([^"]*)"/i.exec(body)?.[1];
  if (!lang) problems.push('no <html lang>');
  else if (expectLang && lang !== expectLang) problems.push(`<html lang="${lang}">, expected "${expectLang}"`);
  const h1s = (body.match(/<h1[\s>]/gi) ?? []).length;
  if (h1s !== 1) problems.push(`${h1s} <h1> elements`);
  const title = /<title>([\s\S]*?)<\/title>/i.exec(body)?.[1]?.trim();
  if (!title) problems.push('no <title>');
  if (!/<main[\s>]/i.test(body)) problems.push('no <main>');
  const text = visibleText(body);
  for (const re of [/\bundefined\b/, /\bNaN\b/, /\[object Object\]/, /\bnull\b/, /\{\{|\}\}/, /\$\{/]) {
    const m = re.exec(text);
    if (m) problems.push(`visible text has "${m[0]}": …${around(text, m.index)}…`);
  }
  // A raw identifier in prose (an enum value like in_progress, a catalogue key like readAbout) means a label
  // was not translated. Code samples are exempt; so are units written in camel case.
  const prose = visibleText(body.replace(/<(code|pre)\b[\s\S]*?<\/\1>/gi, ' '));
  const ident = [...prose.matchAll(/\b[a-z]+[A-Z][A-Za-z]*\b|\b[a-z0-9]+_[a-z0-9_]+\b/g)].find((m) => !UNITS.has(m[0]));
  if (ident) problems.push(`identifier in visible text "${ident[0]}": …${around(prose, ident.index)}…`);
  // The same leaks inside attributes (href="…/undefined", value="null", alt="NaN").
  for (const m of body.matchAll(/\s([a-z-]+)="([^"]*)"/gi)) {
    const v = decodeEntities(m[2]!);
    if (/(^|\/|=)(undefined|null|NaN)($|[/&?#])|\[object Object\]|\$\{/.test(v) && m[1] !== 'content') problems.push(`attribute ${m[1]}="${v}"`);
  }
  for (const img of body.match(/<img\b[^>]*>/gi) ?? []) {
    if (!/\salt\s*=/i.test(img)) problems.push(`<img> without alt: ${img.slice(0, 120)}`);
  }
  // References between elements (label for, aria-*) must land on exactly one element.
  const ids = new Map<string, number>();
  for (const m of body.matchAll(/<[a-z][^>]*?\sid="([^"]+)"/gi)) ids.set(m[1]!, (ids.get(m[1]!) ?? 0) + 1);
  for (const [id, n] of ids) if (n > 1) problems.push(`id="${id}" used ${n} times`);
  for (const m of body.matchAll(/\s(for|aria-describedby|aria-labelledby|aria-controls)="([^"]*)"/gi)) {
    for (const ref of m[2]!.split(/\s+/).filter(Boolean)) if (!ids.has(ref)) problems.push(`${m[1]}="${ref}" names no element`);
  }
  for (const th of body.match(/<th\b[^>]*>/gi) ?? []) {
    if (!/\sscope=/i.test(th)) problems.push(`<th> without scope: ${th}`);
  }
  // The CSP forbids inline scripts and styles; JSON-LD is data, not script.
  for (const sc of body.match(/<script\b[^>]*>/gi) ?? []) {
    if (!/\ssrc=/i.test(sc) && !/type="application\/ld\+json"/i.test(sc)) problems.push(`inline <script>: ${sc}`);
  }
  if (/<[a-z][^>]*\sstyle="/i.test(body) || /<style[\s>]/i.test(body)) problems.push('inline style (the CSP forbids it)');
  if (/\son[a-z]+="/i.test(body.replace(/<script\b[\s\S]*?<\/script>/gi, ''))) problems.push('inline event handler (the CSP forbids it)');
  return problems;
}

type Kind = 'json' | 'ics' | 'csv' | 'xml' | 'xlsx' | 'css' | 'js' | 'html' | 'other';

/** What a link promises by its path (extension or API prefix). */
export function claimedKind(path: string): Kind | undefined {
  const p = path.split('?')[0]!;
  if (/\.(json|geojson)$/.test(p)) return 'json';
  if (/\.ics$/.test(p)) return 'ics';
  if (/\.csv$/.test(p)) return 'csv';
  if (/\.(xml|atom|rss)$/.test(p)) return 'xml';
  if (/\.xlsx$/.test(p)) return 'xlsx';
  if (/\.css$/.test(p)) return 'css';
  if (/\.m?js$/.test(p)) return 'js';
  if (p.startsWith('/api/') && p !== '/api/v1/docs') return 'json';
  return undefined;
}

export function kindOfContentType(ct: string): Kind {
  const t = ct.split(';')[0]!.trim().toLowerCase();
  if (t === 'text/html') return 'html';
  if (t === 'application/json' || t.endsWith('+json')) return 'json';
  if (t === 'text/calendar') return 'ics';
  if (t === 'text/csv') return 'csv';
  if (t === 'application/xml' || t === 'text/xml' || t.endsWith('+xml')) return 'xml';
  if (t === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') return 'xlsx';
  if (t === 'text/css') return 'css';
  if (t === 'text/javascript' || t === 'application/javascript') return 'js';
  return 'other';
}

/** Problems of a machine-readable response: the content type its link claims, and that it parses. */
export function checkResource(path: string, contentType: string, raw: Buffer): string[] {
  const claimed = claimedKind(path);
  const kind = kindOfContentType(contentType);
  if (claimed && claimed !== kind) return [`claims ${claimed} but answers content-type "${contentType}"`];
  const body = raw.toString('utf8');
  switch (kind) {
    case 'json': {
      let data: unknown;
      try {
        data = JSON.parse(body);
      } catch (e) {
        return [`JSON does not parse: ${(e as Error).message}`];
      }
      if (/\.geojson$/.test(path.split('?')[0]!)) {
        const type = (data as { type?: unknown } | null)?.type;
        if (!/^application\/geo\+json/.test(contentType)) return [`GeoJSON answers content-type "${contentType}"`];
        if (type !== 'FeatureCollection' && type !== 'Feature') return [`GeoJSON has type ${JSON.stringify(type)}`];
      }
      return [];
    }
    case 'ics':
      return body.startsWith('BEGIN:VCALENDAR') && /END:VCALENDAR\s*$/.test(body) ? [] : ['ICS is not one VCALENDAR'];
    case 'csv': {
      const header = body.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
      return header.includes(',') || header.includes(';') ? [] : [`CSV has no header row: "${header.slice(0, 80)}"`];
    }
    case 'xml': {
      const v = XMLValidator.validate(body);
      return v === true ? [] : [`XML does not parse: ${v.err.msg} (line ${v.err.line})`];
    }
    case 'xlsx':
      return raw.subarray(0, 2).toString('latin1') === 'PK' ? [] : ['XLSX is not a zip file'];
    default:
      return [];
  }
}

/** The cap bucket: language, first two path segments (after /en), and whether it has a query. */
export function capKey(path: string): string {
  const [p, q] = path.split('?');
  const en = p === '/en' || p!.startsWith('/en/');
  const rest = en ? p!.slice(3) : p!;
  const segs = rest.split('/').filter(Boolean).slice(0, 2);
  return `${en ? 'en:' : 'sv:'}/${segs.join('/')}${q !== undefined ? '?' : ''}`;
}

/**
 * Buckets by the route a URL hits (`/initiativ/:slug`, `/program?` for any query), so every event page
 * or filter combination shares one cap while each distinct page type gets its own.
 */
export function routeBucket(patterns: string[]): (url: string) => string {
  const compiled = patterns
    .filter((p) => p !== '/*' && p !== '*')
    .map((p) => {
      const segs = p.split('/').filter(Boolean);
      const re = new RegExp('^/' + segs.map((s) => (s.startsWith(':') ? '[^/]+' : s === '*' ? '.*' : s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))).join('/') + '/?$');
      return { p, re, staticSegs: segs.filter((s) => !s.startsWith(':') && s !== '*').length };
    })
    .sort((a, b) => b.staticSegs - a.staticSegs || a.p.localeCompare(b.p));
  return (url) => {
    const [path, q] = url.split('?');
    const hit = compiled.find((c) => c.re.test(path!));
    return `${hit ? hit.p : capKey(path!)}${q !== undefined ? '?' : ''}`;
  };
}

export function cookieFetcher(app: FastifyInstance, cookies?: Map<string, string>) {
  return async (url: string): Promise<Fetched> => {
    const headers: Record<string, string> = {};
    if (cookies && cookies.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const r = await app.inject({ method: 'GET', url, headers });
    const loc = r.headers.location;
    return {
      url,
      status: r.statusCode,
      contentType: String(r.headers['content-type'] ?? ''),
      location: typeof loc === 'string' ? loc : undefined,
      body: r.body,
      raw: r.rawPayload,
    };
  };
}

/** Breadth-first crawl from `starts`; returns every page seen and every problem found. */
export async function crawl(fetch: (url: string) => Promise<Fetched>, o: CrawlOptions): Promise<CrawlResult> {
  const pages: CrawlResult['pages'] = new Map();
  const problems: string[] = [];
  const seen = new Set<string>();
  // One queue per bucket; the next URL comes from the least-visited bucket, so the total cap cuts
  // evenly and every kind of page is reached before any kind gets a second helping.
  const buckets = new Map<string, { admitted: number; fetched: number; queue: { url: string; from: string }[] }>();
  let skippedByCap = 0;
  let htmlChecked = 0;
  let resourcesChecked = 0;
  const report = (url: string, from: string, what: string) => {
    if (isAllowed(o.allow, url, what)) return;
    problems.push(`${url} (linked from ${from}): ${what}`);
  };
  const keyOf = o.bucket ?? capKey;
  const enqueue = (url: string, from: string) => {
    if (seen.has(url)) return;
    const path = url.split('?')[0]!;
    if (isStateful(path) || !o.include(path)) return;
    seen.add(url);
    const key = keyOf(url);
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { admitted: 0, fetched: 0, queue: [] }));
    if (b.admitted >= o.perPrefix) {
      skippedByCap++;
      return;
    }
    b.admitted++;
    b.queue.push({ url, from });
  };
  const next = () => {
    let best: { fetched: number; queue: { url: string; from: string }[] } | undefined;
    for (const b of buckets.values()) if (b.queue.length && (!best || b.fetched < best.fetched)) best = b;
    if (!best) return undefined;
    best.fetched++;
    return best.queue.shift();
  };
  for (const s of o.starts) enqueue(s, '(start)');

  for (let item = next(); item; item = next()) {
    if (pages.size >= o.total) {
      skippedByCap += 1 + [...buckets.values()].reduce((n, b) => n + b.queue.length, 0);
      break;
    }
    const { url, from } = item;
    const r = await fetch(url);
    if (process.env.CRAWL_DEBUG) console.log('GET', r.status, keyOf(url), url);
    const path = url.split('?')[0]!;
    const entry = { status: r.status, contentType: r.contentType, from, alternates: {} as Partial<Record<Lang, string>> };
    pages.set(url, entry);
    if (r.status >= 500) {
      report(url, from, `${r.status} server error`);
      continue;
    }
    if (r.status >= 300 && r.status < 400) {
      const next = r.location ? resolveLink(r.location, url, o.origin) : undefined;
      if (next) enqueue(next, `${url} (redirect)`);
      continue;
    }
    if (r.status >= 400) {
      report(url, from, `${r.status} for a link we render`);
      continue;
    }
    const kind = kindOfContentType(r.contentType);
    if (kind !== 'html') {
      resourcesChecked++;
      for (const p of checkResource(url, r.contentType, r.raw)) report(url, from, p);
      continue;
    }
    if (claimedKind(url)) {
      report(url, from, `claims ${claimedKind(url)} but answers HTML`);
      continue;
    }
    htmlChecked++;
    for (const p of checkHtmlPage(r.body, o.expectLang(url))) report(url, from, p);
    entry.alternates = alternatesOf(r.body, url, o.origin);
    if (o.expand && !o.expand(path)) continue;
    for (const link of extractLinks(r.body, url, o.origin)) enqueue(link, url);
    for (const asset of extractAssets(r.body, url, o.origin)) enqueue(asset, url);
  }
  return { pages, problems, skippedByCap, htmlChecked, resourcesChecked };
}

/**
 * The language switch: every HTML page's hreflang twin exists and names this page as its own twin.
 * Twins the crawl did not reach (caps) are fetched here.
 */
export async function checkTwins(fetch: (url: string) => Promise<Fetched>, result: CrawlResult, origin: string, allow?: Allowance[]): Promise<{ problems: string[]; checked: number }> {
  const problems: string[] = [];
  let checked = 0;
  const report = (url: string, what: string) => {
    if (!isAllowed(allow, url, what)) problems.push(`${url}: ${what}`);
  };
  const twinAlternates = new Map<string, { status: number; alternates: Partial<Record<Lang, string>> }>();
  const twinOf = async (url: string) => {
    const known = result.pages.get(url) ?? twinAlternates.get(url);
    if (known) return known;
    const r = await fetch(url);
    const t = { status: r.status, alternates: r.status === 200 && kindOfContentType(r.contentType) === 'html' ? alternatesOf(r.body, url, origin) : {} };
    twinAlternates.set(url, t);
    return t;
  };
  for (const [url, page] of result.pages) {
    if (page.status !== 200) continue;
    const alt = page.alternates;
    if (!alt.sv && !alt.en) continue;
    if (!alt.sv || !alt.en) {
      report(url, `hreflang names only ${alt.sv ? 'sv' : 'en'}`);
      continue;
    }
    checked++;
    const self: Lang = url === '/en' || url.startsWith('/en/') || url.startsWith('/en?') ? 'en' : 'sv';
    const other: Lang = self === 'sv' ? 'en' : 'sv';
    // A page may name a canonical form of itself (the programme adds its default day): same path, then.
    const canonical = alt[self]!;
    if (canonical.split('?')[0] !== url.split('?')[0]) report(url, `its own hreflang="${self}" is another page, ${canonical}`);
    const twin = await twinOf(alt[other]!);
    if (twin.status !== 200) {
      report(url, `its ${other} twin ${alt[other]} answers ${twin.status}`);
      continue;
    }
    if (twin.alternates[self] !== canonical) report(url, `its ${other} twin ${alt[other]} points back to ${twin.alternates[self] ?? '(nothing)'}, not ${canonical}`);
  }
  return { problems, checked };
}
