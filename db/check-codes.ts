/**
 * The 检查码 token: `<inspection id, base64url>.<expiry, unix seconds in base 36>.<HMAC-SHA256>`,
 * signed with the server's secret (CHECK_CODE_SECRET). Nothing is stored: the signature proves
 * the server issued it for that visit and that time, so a code can be shown offline (a QR on the
 * phone) and checked by anyone's phone against the server. A changed character breaks the
 * signature; the comparison takes constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const VERSION = 'c1';

function signature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(`${VERSION}.${body}`, 'utf8').digest('base64url');
}

export function signCheckCode(secret: string, inspectionId: string, expiresAt: Date): string {
  const body = `${Buffer.from(inspectionId, 'utf8').toString('base64url')}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}`;
  return `${body}.${signature(secret, body)}`;
}

export type CheckCodeReading = { valid: false } | { valid: true; inspectionId: string; expiresAt: Date };

/** The visit and expiry a token was signed for, or not valid (forged, altered, not ours). */
export function readCheckCode(secret: string, token: string): CheckCodeReading {
  const parts = token.split('.');
  if (parts.length !== 3) return { valid: false };
  const [id, expiry, given] = parts;
  const expected = Buffer.from(signature(secret, `${id}.${expiry}`), 'utf8');
  const actual = Buffer.from(given, 'utf8');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { valid: false };
  const seconds = parseInt(expiry, 36);
  if (!Number.isFinite(seconds)) return { valid: false };
  return { valid: true, inspectionId: Buffer.from(id, 'base64url').toString('utf8'), expiresAt: new Date(seconds * 1000) };
}
