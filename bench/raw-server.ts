// The baseline: a bare node:http server that answers each benchmarked request with the exact bytes
// and headers the app sent for it (captured by bench/faq.ts), with no other work.
import http from 'node:http';

export interface Fixture {
  path: string;
  /** When set, this fixture answers requests that carry exactly this If-None-Match. */
  ifNoneMatch?: string;
  status: number;
  /** Header name/value pairs as the app sent them (rawHeaders order), minus Date/Connection/Keep-Alive. */
  headers: [string, string][];
  bodyBase64: string;
}

process.once('message', (msg: { fixtures: Fixture[] }) => {
  const byPath = new Map<string, { plain?: { status: number; headers: string[]; body: Buffer }; cond?: { etag: string; status: number; headers: string[]; body: Buffer } }>();
  for (const f of msg.fixtures) {
    const entry = byPath.get(f.path) ?? {};
    const prepared = { status: f.status, headers: f.headers.flat(), body: Buffer.from(f.bodyBase64, 'base64') };
    if (f.ifNoneMatch) entry.cond = { etag: f.ifNoneMatch, ...prepared };
    else entry.plain = prepared;
    byPath.set(f.path, entry);
  }
  const server = http.createServer((req, res) => {
    const entry = byPath.get(req.url ?? '');
    const r = entry?.cond && req.headers['if-none-match'] === entry.cond.etag ? entry.cond : entry?.plain;
    if (!r) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(r.status, r.headers);
    res.end(r.status === 304 ? undefined : r.body);
  });
  // Same keep-alive behaviour as Fastify's defaults, so connection handling is not what we measure.
  server.keepAliveTimeout = 72_000;
  server.listen({ port: 0, host: '127.0.0.1' }, () => {
    process.send?.({ port: (server.address() as { port: number }).port });
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
});
