// One flat list of error codes with stable ids; JSON errors are RFC 9457 problem details.

export const ERROR_CODES = {
  not_found: 404,
  forbidden: 403,
  unauthorized: 401,
  csrf_invalid: 403,
  validation_failed: 422,
  bad_request: 400,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  database_unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A message per field, keyed by the field name as in the form or JSON body. */
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly fields?: FieldErrors,
  ) {
    super(message ?? code);
    this.name = 'AppError';
    this.status = ERROR_CODES[code];
  }
}

export const notFound = (what = 'Not found') => new AppError('not_found', what);
export const forbidden = (why = 'Forbidden') => new AppError('forbidden', why);

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  errors?: { field: string; message: string }[];
}

export function problem(code: ErrorCode, detail?: string, fields?: FieldErrors): Problem {
  const p: Problem = {
    type: `https://h22.localhost/problems/${code.replace(/_/g, '-')}`,
    title: code.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    status: ERROR_CODES[code],
    code,
  };
  if (detail) p.detail = detail;
  if (fields && Object.keys(fields).length) p.errors = Object.entries(fields).map(([field, message]) => ({ field, message }));
  return p;
}

/**
 * A write that lost a race with another one: a row it refers to was deleted meanwhile (23503), another
 * took the same unique value first (23505), or PostgreSQL could not serialise the two (40001, 40P01).
 * Forms check these cases before writing; what slips between the check and the write is a conflict to
 * try again, not a server error.
 */
export function isConcurrentChange(e: unknown): boolean {
  const code = (e as { code?: unknown } | undefined)?.code;
  return code === '23503' || code === '23505' || code === '40001' || code === '40P01';
}

/** Errors that mean "the database is not there right now" rather than a bug. */
export function isDatabaseDown(e: unknown): boolean {
  const err = e as { code?: string; message?: string } | undefined;
  if (!err) return false;
  const code = err.code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004'].includes(code)) return true;
  const msg = err.message ?? '';
  return /Connection terminated|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|is not currently accepting connections|Client has encountered a connection error/i.test(msg);
}
