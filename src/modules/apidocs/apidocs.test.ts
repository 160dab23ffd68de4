import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { createTestApp, Client, decodeEntities, type TestApp } from '../../../test/helpers.ts';
import { listRoutes } from '../../../test/routes.ts';
import { METHODS, exampleOf, operationId, type OpenApiDocument, type Schema } from './views/reference.ts';

let t: TestApp;
let doc: OpenApiDocument;
const WRITES = new Set(['post', 'put', 'patch', 'delete']);

function operations(d: OpenApiDocument) {
  return Object.entries(d.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method]! })),
  );
}

before(async () => {
  t = await createTestApp();
  const r = await new Client(t.app).get('/api/v1/openapi.json');
  assert.equal(r.status, 200);
  assert.match(String(r.headers['content-type']), /^application\/json/);
  doc = JSON.parse(r.body) as OpenApiDocument;
});
after(async () => t.close());

test('the OpenAPI document is 3.1 and lists exactly the /api routes the app has', () => {
  assert.match(doc.openapi, /^3\.1\.\d+$/);
  assert.equal(doc.info.title, 'H22 API');
  const inDoc = operations(doc).map((o) => `${o.method.toUpperCase()} ${o.path}`).sort();
  const registered = listRoutes(t.app)
    .filter((r) => r.url.startsWith('/api/') && r.url !== '/api/v1/openapi.json' && r.url !== '/api/v1/docs')
    .map((r) => `${r.method} ${r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`)
    .sort();
  assert.ok(registered.length > 0, 'the app has /api routes');
  assert.deepEqual(inDoc, registered);
  // Pages, forms and the two documentation routes stay out of the API document.
  assert.ok(Object.keys(doc.paths ?? {}).every((p) => p.startsWith('/api/v1/')));
  assert.equal(doc.paths?.['/api/v1/docs'], undefined);
  assert.equal(doc.paths?.['/healthz'], undefined);
});

test('Problem is a named component, every $ref resolves, and write routes declare bearer security', () => {
  const problem = doc.components?.schemas?.Problem;
  assert.ok(problem, 'components.schemas.Problem');
  assert.deepEqual(Object.keys(problem.properties ?? {}).sort(), ['code', 'detail', 'errors', 'status', 'title', 'type']);
  assert.deepEqual(problem.required, ['type', 'title', 'status', 'code']);
  assert.deepEqual((doc.components as Record<string, unknown>).securitySchemes, { bearer: { type: 'http', scheme: 'bearer' } });

  const refs: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) k === '$ref' ? refs.push(String(x)) : walk(x);
  };
  walk(doc);
  for (const ref of refs) {
    const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
    assert.ok(m && doc.components?.schemas?.[m[1]!], `unresolved $ref ${ref}`);
  }

  const ops = operations(doc);
  const writes = ops.filter((o) => WRITES.has(o.method));
  assert.ok(writes.length > 0, 'the API has write routes');
  // Every write declares its security: bearer (added by default), or an explicit `security: []` for a
  // deliberately public write (e.g. signing up for an event).
  for (const o of writes) {
    assert.ok(Array.isArray(o.op.security), `${o.method} ${o.path} declares security`);
    if (o.op.security.length) assert.deepEqual(o.op.security, [{ bearer: [] }], `${o.method} ${o.path} declares bearer security`);
  }
  assert.ok(writes.filter((o) => o.op.security?.length).length > 0, 'writes that need a token');
  // Public reads exist and need no token.
  assert.ok(ops.some((o) => o.method === 'get' && !o.op.security), 'a public GET without security');
  // Shared schemas are named by their $id (never swagger's `def-0`), and error responses use Problem.
  assert.deepEqual(Object.keys(doc.components?.schemas ?? {}).filter((n) => /^def-\d+$/.test(n)), []);
  const problemRefs = ops.flatMap((o) => Object.entries(o.op.responses ?? {}).filter(([code, r]) => Number(code) >= 400 && r.content?.['application/json']?.schema?.$ref === '#/components/schemas/Problem'));
  assert.ok(problemRefs.length >= writes.length, `error responses use Problem (${problemRefs.length})`);
});

test('the example request bodies on the reference page are valid against the route schemas', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  (formats as unknown as { default: (a: Ajv) => void }).default(ajv);
  for (const [name, s] of Object.entries(doc.components?.schemas ?? {})) ajv.addSchema(s as object, `#/components/schemas/${name}`);
  let checked = 0;
  for (const o of operations(doc)) {
    const schema = o.op.requestBody?.content?.['application/json']?.schema as Schema | undefined;
    if (!schema) continue;
    const example = exampleOf(doc, schema);
    const validate = ajv.compile(schema as object);
    assert.ok(validate(example), `${o.method} ${o.path}: ${JSON.stringify(example)} ${ajv.errorsText(validate.errors)}`);
    checked++;
  }
  assert.ok(checked > 0, 'at least one request body was checked');
});

test('the reference page in English lists every operation with its auth needs and a curl line', async () => {
  const r = await new Client(t.app).get('/api/v1/docs', { 'accept-language': 'en-GB,en;q=0.8' });
  assert.equal(r.status, 200);
  assert.match(r.body, /<html lang="en">/);
  const body = decodeEntities(r.body);
  assert.match(body, /<h1>API reference<\/h1>/);
  assert.match(body, /href="\/api\/v1\/openapi\.json"/);
  const ops = operations(doc);
  assert.equal((r.body.match(/class="api-op"/g) ?? []).length, ops.length);
  for (const o of ops) {
    const id = operationId(o.method, o.path);
    const section = new RegExp(`<h3 id="${id}"><span class="api-method">${o.method.toUpperCase()}</span> <code>${o.path.replace(/[{}]/g, '\\$&')}</code></h3>([\\s\\S]*?)</section>`).exec(body);
    assert.ok(section, `section for ${o.method} ${o.path}`);
    const text = section[1]!;
    const needsToken = (o.op.security ?? []).length > 0;
    assert.match(text, needsToken ? /Needs a personal API token \(Authorization: Bearer\)\./ : /No token needed\./, `${o.method} ${o.path} auth`);
    assert.match(text, new RegExp(`curl -s${o.method === 'get' ? '' : ` -X ${o.method.toUpperCase()}`} 'http://h22\\.test/api/v1/`), `${o.method} ${o.path} curl`);
    if (needsToken) assert.match(text, /-H "Authorization: Bearer \$H22_TOKEN"/);
    if (o.op.requestBody) assert.match(text, /<h4>Request body<\/h4>[\s\S]*-H 'Content-Type: application\/json'[\s\S]*-d '\{/);
    if ((o.op.parameters ?? []).length) {
      for (const p of o.op.parameters!) assert.match(text, new RegExp(`<th scope="row"><code>${p.name}</code></th><td>${p.in}</td>`));
    }
    for (const code of Object.keys(o.op.responses ?? {})) assert.match(text, new RegExp(`<dt>Status ${code}</dt>`));
  }
  assert.match(body, /<h3 id="schema-Problem"><code>Problem<\/code><\/h3>/);
  assert.match(r.headers.vary as string, /Accept-Language/);
});

test('the reference page is Swedish by default, marks the English schema texts, and links to its English twin', async () => {
  const c = new Client(t.app);
  const sv = await c.get('/api/v1/docs');
  assert.equal(sv.status, 200);
  assert.match(sv.body, /<html lang="sv">/);
  const body = decodeEntities(sv.body);
  assert.match(body, /<h1>API-referens<\/h1>/);
  assert.match(body, /<h4>Svar<\/h4>/);
  assert.match(body, /Ingen nyckel behövs\.|Kräver en personlig API-nyckel/);
  assert.match(body, /<span lang="en">/);
  assert.match(sv.body, /<a class="lang-switch" href="\/api\/v1\/docs\?lang=en" hreflang="en"/);
  const en = await c.get('/api/v1/docs?lang=en');
  assert.match(en.body, /<html lang="en">/);
  assert.match(en.body, /<a class="lang-switch" href="\/api\/v1\/docs\?lang=sv" hreflang="sv"/);
  assert.doesNotMatch(en.body, /<span lang="en">/);
});
