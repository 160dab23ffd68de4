// The API reference page, rendered on the server from the OpenAPI document (no swagger-ui: the CSP
// allows no inline scripts, and a plain page reads better with a screen reader).
import { html, type HtmlValue, type SafeHtml } from '../../../platform/html.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { apidocsMessages } from '../apidocs.messages.ts';

export interface Schema {
  $ref?: string;
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  default?: unknown;
  examples?: unknown[];
  example?: unknown;
  nullable?: boolean;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}

interface Media {
  schema?: Schema;
}

export interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; description?: string; content?: Record<string, Media> };
  responses?: Record<string, { description?: string; content?: Record<string, Media> }>;
  security?: Record<string, string[]>[];
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
  security?: Record<string, string[]>[];
}

export const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** The messages plus a wrapper for the document's own (English) texts: lang="en" on a Swedish page. */
type T = ReturnType<typeof apidocsMessages> & { en: (text: string) => HtmlValue };

const refName = (ref: string) => ref.replace(/^#\/components\/schemas\//, '');
export const operationId = (method: string, path: string) => `op-${method}-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
const schemaId = (name: string) => `schema-${name.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
const groupId = (name: string) => `group-${name.replace(/[^A-Za-z0-9_-]+/g, '-')}`;

export function needsToken(doc: OpenApiDocument, op: Operation): boolean {
  const sec = op.security ?? doc.security ?? [];
  return sec.some((s) => Object.keys(s).length > 0);
}

function resolve(doc: OpenApiDocument, s: Schema | undefined): Schema | undefined {
  if (s?.$ref) return doc.components?.schemas?.[refName(s.$ref)];
  return s;
}

function typeLabel(s: Schema | undefined, t: T): string {
  if (!s) return 'any';
  if (s.$ref) return refName(s.$ref);
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return t.oneOf(s.enum.map((v) => JSON.stringify(v)).join(', '));
  const alts = s.anyOf ?? s.oneOf;
  const literal = (a: Schema) => (a.const !== undefined ? [a.const] : a.enum?.length === 1 ? a.enum : undefined);
  if (alts && alts.every((a) => literal(a))) return t.oneOf(alts.map((a) => JSON.stringify(literal(a)![0])).join(', '));
  if (alts) return alts.map((a) => typeLabel(a, t)).join(' | ');
  if (s.allOf) return s.allOf.map((a) => typeLabel(a, t)).join(' & ');
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const label = types
    .map((ty) => (ty === 'array' ? t.arrayOf(typeLabel(s.items, t)) : s.format && ty === 'string' ? `string (${s.format})` : ty))
    .join(' | ');
  return (label || (s.properties ? 'object' : 'any')) + (s.nullable ? ' | null' : '');
}

function constraints(s: Schema, t: T): string[] {
  const out: string[] = [];
  if (s.minLength !== undefined || s.maxLength !== undefined) out.push(t.length(s.minLength, s.maxLength));
  if (s.minimum !== undefined || s.maximum !== undefined) out.push(t.range(s.minimum, s.maximum));
  if (s.minItems !== undefined || s.maxItems !== undefined) out.push(t.items(s.minItems, s.maxItems));
  if (s.pattern) out.push(`${t.pattern} ${s.pattern}`);
  if (s.default !== undefined) out.push(`${t.defaultValue} ${JSON.stringify(s.default)}`);
  return out;
}

/** Nested properties of an object (or of an array's items), as an accessible list. */
function schemaTree(doc: OpenApiDocument, schema: Schema | undefined, t: T, depth = 0): SafeHtml {
  if (!schema || depth > 5) return html``;
  if (schema.$ref) return html`<p>${refName(schema.$ref)}: <a href="#${schemaId(refName(schema.$ref))}">${t.seeSchema(refName(schema.$ref))}</a></p>`;
  const target = schema.items && !schema.properties ? schema.items : schema;
  if (target.$ref && target !== schema) return html`<p>${typeLabel(schema, t)} (<a href="#${schemaId(refName(target.$ref))}">${t.seeSchema(refName(target.$ref))}</a>)</p>`;
  const props = target.properties;
  if (!props) return depth === 0 ? html`<p><code>${typeLabel(schema, t)}</code>${schema.description ? html` – ${t.en(schema.description)}` : ''}</p>` : html``;
  const required = new Set(target.required ?? []);
  return html`${depth === 0 && target !== schema ? html`<p><code>${typeLabel(schema, t)}</code></p>` : ''}<ul class="api-props">
${Object.entries(props).map(([name, p]) => {
  const resolved = p.$ref ? undefined : p;
  const extra = resolved ? constraints(resolved, t) : [];
  const nested = resolved && (resolved.properties || resolved.items?.properties || resolved.items?.$ref) ? schemaTree(doc, resolved, t, depth + 1) : p.$ref ? html` <a href="#${schemaId(refName(p.$ref))}">${t.seeSchema(refName(p.$ref))}</a>` : '';
  return html`<li><code class="api-name">${name}</code> <span class="api-type">${typeLabel(p, t)}</span>${required.has(name) ? html` <strong class="api-req">${t.required}</strong>` : ''}${p.description ? html` – ${t.en(p.description)}` : ''}${extra.length ? html` <span class="api-constraints">(${extra.join('; ')})</span>` : ''}${nested}</li>`;
})}
</ul>`;
}

// ---------- examples ----------

export function exampleOf(doc: OpenApiDocument, schema: Schema | undefined, depth = 0): unknown {
  const s = resolve(doc, schema);
  if (!s || depth > 6) return null;
  if (s.examples?.length) return s.examples[0];
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return exampleOf(doc, alts.find((a) => a.type !== 'null') ?? alts[0], depth + 1);
  const type = (Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type) ?? (s.properties ? 'object' : 'string');
  switch (type) {
    case 'object': {
      const props = s.properties ?? {};
      const req = s.required?.length ? s.required : Object.keys(props);
      return Object.fromEntries(req.filter((k) => props[k]).map((k) => [k, exampleOf(doc, props[k], depth + 1)]));
    }
    case 'array':
      return [exampleOf(doc, s.items, depth + 1)];
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      switch (s.format) {
        case 'email':
          return 'name@example.org';
        case 'date-time':
          return '2022-05-30T10:00:00Z';
        case 'date':
          return '2022-05-30';
        case 'uri':
          return 'https://example.org/';
        default:
          return 'text'.padEnd(s.minLength ?? 0, 'x').slice(0, s.maxLength ?? undefined);
      }
  }
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function curlExample(doc: OpenApiDocument, baseUrl: string, method: string, path: string, op: Operation): string {
  const params = op.parameters ?? [];
  const pathPart = path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const p = params.find((x) => x.in === 'path' && x.name === name);
    return encodeURIComponent(String(exampleOf(doc, p?.schema) ?? name));
  });
  const query = params.filter((p) => p.in === 'query' && p.required).map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(exampleOf(doc, p.schema)))}`);
  const url = `${baseUrl}${pathPart}${query.length ? `?${query.join('&')}` : ''}`;
  const parts = [`curl -s${method === 'get' ? '' : ` -X ${method.toUpperCase()}`} ${shellQuote(url)}`];
  if (needsToken(doc, op)) parts.push(`-H "Authorization: Bearer $H22_TOKEN"`);
  const json = op.requestBody?.content?.['application/json'];
  if (json) {
    parts.push(`-H 'Content-Type: application/json'`);
    parts.push(`-d ${shellQuote(JSON.stringify(exampleOf(doc, json.schema)))}`);
  }
  return parts.join(' \\\n  ');
}

// ---------- the page ----------

function inLabel(where: string, t: T): string {
  return ({ path: t.inPath, query: t.inQuery, header: t.inHeader, cookie: t.inCookie } as Record<string, string>)[where] ?? where;
}

function operationView(doc: OpenApiDocument, baseUrl: string, method: string, path: string, op: Operation, t: T): SafeHtml {
  const id = operationId(method, path);
  const params = op.parameters ?? [];
  const body = op.requestBody?.content;
  const responses = Object.entries(op.responses ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return html`<section class="api-op" aria-labelledby="${id}">
<h3 id="${id}"><span class="api-method">${method.toUpperCase()}</span> <code>${path}</code></h3>
${op.summary ? html`<p class="api-summary">${t.en(op.summary)}</p>` : ''}
${op.description && op.description !== op.summary ? html`<p>${t.en(op.description)}</p>` : ''}
${op.deprecated ? html`<p><strong>${t.deprecated}</strong></p>` : ''}
<p class="api-auth">${needsToken(doc, op) ? t.authToken : t.authNone}</p>
${params.length
  ? html`<h4>${t.parameters}</h4>
<div class="table-scroll" tabindex="0" role="region" aria-label="${t.parameters}: ${method.toUpperCase()} ${path}"><table>
<thead><tr><th scope="col">${t.colName}</th><th scope="col">${t.colIn}</th><th scope="col">${t.colType}</th><th scope="col">${t.colRequired}</th><th scope="col">${t.colDescription}</th></tr></thead>
<tbody>${params.map((p) => {
  const extra = p.schema && !p.schema.$ref ? constraints(p.schema, t) : [];
  return html`<tr><th scope="row"><code>${p.name}</code></th><td>${inLabel(p.in, t)}</td><td>${typeLabel(p.schema, t)}</td><td>${p.required ? t.yes : t.no}</td><td>${t.en(p.description ?? p.schema?.description ?? '')}${extra.length ? html` (${extra.join('; ')})` : ''}</td></tr>`;
})}</tbody>
</table></div>`
  : ''}
${body
  ? html`<h4>${t.requestBody}</h4>
${Object.entries(body).map(([type, media]) => html`<p class="api-media"><code>${type}</code>${op.requestBody?.required ? html` <strong class="api-req">${t.required}</strong>` : ''}</p>${schemaTree(doc, media.schema, t)}`)}`
  : ''}
<h4>${t.responses}</h4>
<dl class="api-responses">
${responses.map(([code, r]) => html`<dt>${t.status(code)}</dt><dd>${r.description && r.description !== 'Default Response' ? html`<p>${t.en(r.description)}</p>` : ''}${r.content
  ? Object.entries(r.content).map(([type, media]) => html`<p class="api-media"><code>${type}</code></p>${schemaTree(doc, media.schema, t)}`)
  : html`<p>${t.noBody}</p>`}</dd>`)}
</dl>
<h4>${t.example}</h4>
<pre tabindex="0"><code>${curlExample(doc, baseUrl, method, path, op)}</code></pre>
</section>`;
}

export interface ApiOperationRef {
  method: string;
  path: string;
  op: Operation;
  group: string;
}

/** Every operation, grouped by its first tag or else by the first path segment after /api/v1. */
export function operationsOf(doc: OpenApiDocument): ApiOperationRef[] {
  const out: ApiOperationRef[] = [];
  for (const path of Object.keys(doc.paths ?? {}).sort()) {
    const item = doc.paths![path]!;
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const group = op.tags?.[0] ?? path.replace(/^\/api\/v\d+\//, '').split('/')[0] ?? path;
      out.push({ method, path, op, group });
    }
  }
  return out;
}

export function referenceView(doc: OpenApiDocument, locale: Locale, baseUrl: string): SafeHtml {
  const t: T = { ...apidocsMessages(locale), en: (text) => (locale === 'sv' && text ? html`<span lang="en">${text}</span>` : text) };
  const ops = operationsOf(doc);
  const groups = new Map<string, ApiOperationRef[]>();
  for (const o of ops) groups.set(o.group, [...(groups.get(o.group) ?? []), o]);
  const schemas = Object.entries(doc.components?.schemas ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return html`<p class="lead">${t.lead}</p>
${t.languageNote ? html`<p>${t.languageNote}</p>` : ''}
<p><a href="/api/v1/openapi.json">${t.openapiLink}</a> · ${t.en(`${doc.info.title} ${doc.info.version}`)}</p>
<nav class="toc api-toc" aria-labelledby="api-toc-title">
<h2 id="api-toc-title" class="toc-group">${t.contents}</h2>
<ul>
<li><a href="#api-auth">${t.authTitle}</a></li>
<li><a href="#api-errors">${t.errorsTitle}</a></li>
${[...groups].map(([g, list]) => html`<li><a href="#${groupId(g)}">${g}</a><ul>${list.map((o) => html`<li><a href="#${operationId(o.method, o.path)}">${o.method.toUpperCase()} ${o.path}</a></li>`)}</ul></li>`)}
${schemas.length ? html`<li><a href="#api-schemas">${t.schemasTitle}</a></li>` : ''}
</ul>
</nav>
<h2 id="api-auth">${t.authTitle}</h2>
<p>${t.authBody}</p>
<pre tabindex="0"><code>npx h22 token create --email you@example.org</code></pre>
<h2 id="api-errors">${t.errorsTitle}</h2>
<p>${t.errorsBody}</p>
${ops.length === 0 ? html`<p>${t.noOperations}</p>` : ''}
${[...groups].map(([g, list]) => html`<section class="api-group" aria-labelledby="${groupId(g)}"><h2 id="${groupId(g)}">${g}</h2>${list.map((o) => operationView(doc, baseUrl, o.method, o.path, o.op, t))}</section>`)}
${schemas.length
  ? html`<h2 id="api-schemas">${t.schemasTitle}</h2>
${schemas.map(([name, s]) => html`<section class="api-schema" aria-labelledby="${schemaId(name)}"><h3 id="${schemaId(name)}"><code>${name}</code></h3>${s.description ? html`<p>${t.en(s.description)}</p>` : ''}${schemaTree(doc, s, t)}</section>`)}`
  : ''}`;
}
