// The auto-escaping tagged template. Everything interpolated is escaped unless it is already SafeHtml.
// The only way to inject markup from a string is `trustedHtml`, kept greppable on purpose.

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c] as string);
}

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    out += render(values[i]) + (strings[i + 1] ?? '');
  }
  return new SafeHtml(out);
}

/** Markup produced by our own renderers (e.g. `richText`) or a vetted library. Never user input. */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** JSON inside <script type="application/ld+json">: escape `<` so no `</script>` can break out. */
export function jsonLd(data: unknown): SafeHtml {
  const json = JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  return trustedHtml(`<script type="application/ld+json">${json}</script>`);
}

export function attrs(map: Record<string, string | number | boolean | null | undefined>): SafeHtml {
  let out = '';
  for (const [k, v] of Object.entries(map)) {
    if (v === false || v === null || v === undefined) continue;
    out += v === true ? ` ${k}` : ` ${k}="${escapeHtml(String(v))}"`;
  }
  return new SafeHtml(out);
}

/**
 * A small, safe text format for editor content: blank-line separated paragraphs, "## " headings,
 * lines starting with "• ", "- " or "* " as lists, **bold**, and [links](https://…) or [links](/path).
 * Everything else is escaped.
 */
export function richText(src: string, opts: { headingLevel?: 2 | 3 } = {}): SafeHtml {
  const h = opts.headingLevel ?? 2;
  const blocks = src.replace(/\r\n/g, '\n').split(/\n\s*\n/);
  const out: string[] = [];
  for (const block of blocks) {
    const lines = block.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    if (lines.length === 0) continue;
    let para: string[] = [];
    let list: string[] = [];
    const flushPara = () => {
      if (para.length) out.push(`<p>${para.map(inline).join(' ')}</p>`);
      para = [];
    };
    const flushList = () => {
      if (list.length) out.push(`<ul>${list.map((l) => `<li>${inline(l)}</li>`).join('')}</ul>`);
      list = [];
    };
    for (const line of lines) {
      const heading = /^#{2,3}\s+(.*)$/.exec(line);
      const item = /^[•\-*]\s+(.*)$/.exec(line);
      if (heading) {
        flushPara();
        flushList();
        out.push(`<h${h}>${inline(heading[1] ?? '')}</h${h}>`);
      } else if (item) {
        flushPara();
        list.push(item[1] ?? '');
      } else {
        flushList();
        para.push(line);
      }
    }
    flushPara();
    flushList();
  }
  return trustedHtml(out.join('\n'));
}

function inline(s: string): string {
  let out = '';
  const re = /\[([^\]]+)\]\(((?:https?:\/\/|\/|#|mailto:)[^\s)]*)\)|\*\*([^*]+)\*\*/g;
  let last = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    out += escapeHtml(s.slice(last, m.index));
    if (m[1] !== undefined) out += `<a href="${escapeHtml(m[2] ?? '')}">${escapeHtml(m[1])}</a>`;
    else out += `<strong>${escapeHtml(m[3] ?? '')}</strong>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(s.slice(last));
}

/** Plain text of a richText source, for search, meta descriptions and JSON-LD. */
export function richTextToPlain(src: string): string {
  return src
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/^#{2,3}\s+/gm, '')
    .replace(/^[•\-*]\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}
