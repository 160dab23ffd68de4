import crypto from 'node:crypto';

/** A random token for a cookie or a link; only its hash is stored. */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

export function sha256(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}

export function hmac(secret: string, data: string): string {
  return crypto.createHmac('sha256', secret).update(data).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

/** `value.signature`: tamper-evident (not secret) data for a short-lived cookie. */
export function signValue(secret: string, value: string): string {
  return `${Buffer.from(value).toString('base64url')}.${hmac(secret, value)}`;
}

/** The value signed by `signValue`, or undefined when the signature does not match. */
export function unsignValue(secret: string, signed: string | undefined): string | undefined {
  if (!signed) return undefined;
  const dot = signed.lastIndexOf('.');
  if (dot < 1) return undefined;
  const value = Buffer.from(signed.slice(0, dot), 'base64url').toString('utf8');
  return safeEqual(signed.slice(dot + 1), hmac(secret, value)) ? value : undefined;
}
