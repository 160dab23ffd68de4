// A render cache for public responses, with ETags. Entries carry tags; a command that publishes
// content calls `invalidate(tag)`, which also reaches other app processes through LISTEN/NOTIFY.
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import pg from 'pg';

/** One representation of a cached response: the bytes as rendered, or gzipped. */
export interface CachedVariant {
  body: Buffer;
  etag: string;
  encoding?: 'gzip';
}

export interface CachedResponse extends CachedVariant {
  contentType: string;
  /** The gzipped variant, made on the first request that accepts it; null when gzip does not pay. */
  gzip?: CachedVariant | null;
}

const COMPRESSIBLE = /^(text\/|application\/(json|geo\+json|problem\+json|xml|atom\+xml|javascript)|image\/svg\+xml)/;
const MIN_COMPRESS_BYTES = 1024;

/** Whether a response of this type and size is worth gzipping (text-like, at least 1 kB). */
export function worthCompressing(contentType: string, bytes: number): boolean {
  return bytes >= MIN_COMPRESS_BYTES && COMPRESSIBLE.test(contentType);
}

/** Whether an Accept-Encoding header allows gzip (a q of 0 refuses it). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  // The common case, without weights (browsers send "gzip, deflate, br, zstd"): no parsing per request.
  if (!header.includes(';')) return header.includes('gzip') || header.includes('*');
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';');
    const coding = name!.trim().toLowerCase();
    if (coding !== 'gzip' && coding !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

/**
 * The variant to send for a request's Accept-Encoding. Gzip is made once per entry (a cached page
 * is rendered once per release and sent many times, most to phones) and has its own ETag.
 */
export function variantFor(entry: CachedResponse, acceptEncoding: string | undefined): CachedVariant {
  if (!acceptsGzip(acceptEncoding)) return entry;
  if (entry.gzip === undefined) {
    if (!worthCompressing(entry.contentType, entry.body.length)) entry.gzip = null;
    else {
      const body = zlib.gzipSync(entry.body, { level: 6 });
      entry.gzip = body.length < entry.body.length ? { body, etag: `${entry.etag.slice(0, -1)}-gz"`, encoding: 'gzip' } : null;
    }
  }
  return entry.gzip ?? entry;
}

export interface RenderCache {
  get(key: string): CachedResponse | undefined;
  /** `expiresAt` (epoch ms, wall clock): when the page's words change by the clock, it is not served after that. */
  set(key: string, tags: string[], body: string | Buffer, contentType: string, expiresAt?: number): CachedResponse;
  invalidate(...tags: string[]): void;
  /** Drops entries locally without notifying (used when a notification arrives). */
  drop(tags: string[]): void;
  /** How many times this tag was dropped in this process (by a local invalidation or another process's): what
   *  a module remembers about tagged data is stale once the number moved. */
  generation(tag: string): number;
  size(): number;
}

export function etagOf(body: Buffer): string {
  return `"${crypto.createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`;
}

export function createRenderCache(maxEntries = 5000, notify?: (tags: string[]) => void): RenderCache {
  const entries = new Map<string, CachedResponse & { tags: string[]; expiresAt?: number }>();
  const byTag = new Map<string, Set<string>>();
  const generations = new Map<string, number>();
  const drop = (tags: string[]) => {
    for (const tag of tags) {
      generations.set(tag, (generations.get(tag) ?? 0) + 1);
      const keys = byTag.get(tag);
      if (!keys) continue;
      for (const k of keys) entries.delete(k);
      byTag.delete(tag);
    }
  };
  return {
    get(key) {
      const e = entries.get(key);
      if (e?.expiresAt === undefined || Date.now() < e.expiresAt) return e;
      entries.delete(key);
      for (const t of e.tags) byTag.get(t)?.delete(key);
      return undefined;
    },
    set(key, tags, body, contentType, expiresAt) {
      const buf = typeof body === 'string' ? Buffer.from(body) : body;
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      const entry: CachedResponse & { tags: string[]; expiresAt?: number } = { body: buf, etag: etagOf(buf), contentType, tags };
      if (expiresAt !== undefined) entry.expiresAt = expiresAt;
      entries.set(key, entry);
      for (const t of tags) {
        let s = byTag.get(t);
        if (!s) byTag.set(t, (s = new Set()));
        s.add(key);
      }
      return entry;
    },
    invalidate(...tags) {
      drop(tags);
      notify?.(tags);
    },
    drop,
    generation: (tag) => generations.get(tag) ?? 0,
    size: () => entries.size,
  };
}

const CHANNEL = 'h22_cache';
/** Bytes per NOTIFY payload, under PostgreSQL's limit of 8000. */
const MAX_PAYLOAD = 7900;

/** Splits tags into JSON arrays of at most MAX_PAYLOAD bytes each (a tag longer than that is dropped whole: nothing is tagged so). */
export function notifyPayloads(tags: string[]): string[] {
  const out: string[] = [];
  let batch: string[] = [];
  let size = 2;
  for (const tag of tags) {
    const bytes = Buffer.byteLength(JSON.stringify(tag)) + 1;
    if (bytes + 2 > MAX_PAYLOAD) continue;
    if (size + bytes > MAX_PAYLOAD) {
      out.push(JSON.stringify(batch));
      batch = [];
      size = 2;
    }
    batch.push(tag);
    size += bytes;
  }
  if (batch.length) out.push(JSON.stringify(batch));
  return out;
}

/** Listens for invalidations from other processes. Returns a function that sends one. */
export async function connectCacheBus(databaseUrl: string, cache: () => RenderCache | undefined, log: (m: string) => void) {
  let client: pg.Client | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  // One reconnect loop at a time: a failed connect fires both the rejection and 'end', and two loops
  // per failure would double every second while the database is away.
  const retry = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void listen();
    }, 1000);
  };
  const listen = async () => {
    const c = new pg.Client({ connectionString: databaseUrl, application_name: 'h22-cache-bus' });
    client = c;
    c.on('error', () => {});
    c.on('end', () => {
      if (client === c) retry();
    });
    try {
      await c.connect();
      c.on('notification', (n) => {
        if (n.payload) cache()?.drop(JSON.parse(n.payload) as string[]);
      });
      await c.query(`LISTEN ${CHANNEL}`);
    } catch {
      await c.end().catch(() => {});
      if (client === c) retry();
    }
  };
  await listen();
  return {
    send(pool: pg.Pool, tags: string[]) {
      // A notification carries at most 8000 bytes: a long list goes as several, in one statement.
      const payloads = notifyPayloads(tags);
      if (payloads.length === 0) return;
      pool.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [CHANNEL, payloads]).catch((e: Error) => log(`cache notify failed: ${e.message}`));
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}
