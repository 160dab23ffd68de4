// Form posts: validated against a TypeBox schema, with messages per field in the visitor's language.
// Strings are trimmed; empty optional strings become undefined; checkbox arrays are normalised.
import { type Static, type TObject, type TSchema, FormatRegistry, Kind } from '@sinclair/typebox';
import { Value, type ValueError, ValueErrorType } from '@sinclair/typebox/value';
import { platformMessages } from './i18n/messages.ts';
import type { Locale } from './i18n/i18n.ts';
import type { FieldErrors } from './errors.ts';

export const EMAIL_RE = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:.]{2,}$/;
if (!FormatRegistry.Has('email')) FormatRegistry.Set('email', (v) => EMAIL_RE.test(v) && v.length <= 254);
if (!FormatRegistry.Has('uri')) FormatRegistry.Set('uri', (v) => { try { const u = new URL(v); return u.protocol === 'https:' || u.protocol === 'http:'; } catch { return false; } });
if (!FormatRegistry.Has('date')) FormatRegistry.Set('date', (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)));
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => !Number.isNaN(Date.parse(v)));

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors; raw: Record<string, unknown> };

function messageFor(locale: Locale, e: ValueError): string {
  const t = platformMessages(locale);
  const s = e.schema as Record<string, unknown>;
  switch (e.type) {
    case ValueErrorType.StringMinLength:
      return s.minLength === 1 ? t.fieldRequired : t.fieldTooShort(Number(s.minLength));
    case ValueErrorType.StringMaxLength:
      return t.fieldTooLong(Number(s.maxLength));
    case ValueErrorType.StringFormat:
      if (s.format === 'email') return t.fieldInvalidEmail;
      if (s.format === 'uri') return t.fieldInvalidUrl;
      return t.fieldInvalid;
    case ValueErrorType.ObjectRequiredProperty:
      return t.fieldRequired;
    case ValueErrorType.Union:
    case ValueErrorType.Literal:
      return t.fieldInvalidChoice;
    case ValueErrorType.Integer:
    case ValueErrorType.Number:
      return t.fieldInvalidNumber;
    default:
      if ((e.schema as { [Kind]?: string })[Kind] === 'Union' || Array.isArray(s.enum)) return t.fieldInvalidChoice;
      return t.fieldInvalid;
  }
}

function normalise(schema: TObject, body: unknown): Record<string, unknown> {
  const src = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(schema.properties) as [string, TSchema][]) {
    let v = src[key];
    const kind = (prop as { [Kind]?: string })[Kind];
    if (kind === 'Array') {
      if (v === undefined || v === '') v = [];
      else if (!Array.isArray(v)) v = [v];
      v = (v as unknown[]).map((x) => (typeof x === 'string' ? x.trim() : x));
    } else if (kind === 'Boolean') {
      v = v === 'on' || v === 'true' || v === '1' || v === true;
    } else if (kind === 'Integer' || kind === 'Number') {
      if (typeof v === 'string') v = v.trim() === '' ? undefined : /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v.trim()) : v;
    } else if (typeof v === 'string') {
      v = v.replace(/\r\n/g, '\n').trim();
      if (v === '' && !(schema.required ?? []).includes(key)) v = undefined;
    } else if (Array.isArray(v)) {
      v = v[v.length - 1];
    }
    if (v !== undefined) out[key] = v;
  }
  return out;
}

export function parseForm<S extends TObject>(schema: S, body: unknown, locale: Locale): FormResult<Static<S>> {
  const raw = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const value = normalise(schema, body);
  const errors: FieldErrors = {};
  for (const e of Value.Errors(schema, value)) {
    const field = e.path.replace(/^\//, '').split('/')[0] || String((e.schema as { $id?: string }).$id ?? '');
    const key = field || (e.type === ValueErrorType.ObjectRequiredProperty ? e.path.slice(1) : '');
    if (key && !errors[key]) errors[key] = messageFor(locale, e);
  }
  // Required properties that are missing entirely are reported on their own path.
  for (const req of schema.required ?? []) {
    if (value[req] === undefined && !errors[req]) errors[req] = platformMessages(locale).fieldRequired;
  }
  if (Object.keys(errors).length) return { ok: false, errors, raw };
  return { ok: true, value: value as Static<S> };
}

/** The value to show again in a re-rendered form. */
export function rawString(raw: Record<string, unknown> | undefined, key: string): string | undefined {
  const v = raw?.[key];
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}
