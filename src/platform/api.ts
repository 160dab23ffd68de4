// Helpers for /api/v1 routes: problem-details schemas for OpenAPI, bearer-token auth, cursors.
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';
import type { UserActor } from './auth/actor.ts';

export const API_PREFIX = '/api/v1';

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable error code' }),
    detail: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

/** Standard error responses for the OpenAPI document. */
export function problemResponses(...statuses: number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = {};
  for (const s of statuses) out[s] = Type.Ref('Problem');
  return out;
}

/** Writes need a personal API token (Authorization: Bearer …). */
export function requireApiUser(request: FastifyRequest): UserActor {
  const a = request.actor;
  if (a.kind !== 'user' || a.via !== 'token') throw new AppError('unauthorized', 'This endpoint needs a personal API token sent as "Authorization: Bearer <token>"');
  return a;
}

/** Opaque cursor for keyset pagination. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}
export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === arity && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v as (string | number)[];
  } catch {
    /* fall through */
  }
  throw new AppError('bad_request', 'Invalid cursor');
}
