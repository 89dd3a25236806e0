/**
 * The pure parts of the audit chain and the 检查码: canonical JSON (one text whatever the key
 * order), the event hash (any field changes it), the code's expiry (end of the visit's China
 * day + margin) and its signature (a changed character or another key is not ours).
 */
import { auditEventHash, canonicalJson, GENESIS_HASH, readCheckCode, signCheckCode } from '../../db';
import { checkCodeExpiry } from '../../domain/check-code';

test('canonical JSON sorts keys at every level and leaves arrays in order', () => {
  expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
});

test('the event hash covers every field, the seq and the link', () => {
  const event = {
    id: 'e1', idempotencyKey: 'k', actorId: 'o1', actorName: '张三', action: 'CHECKED_IN', subjectType: 'JointInspection',
    subjectId: 'i1', at: new Date('2026-12-06T01:02:03.456Z'), payloadJson: '{"a":1}', seq: 1, prevHash: GENESIS_HASH,
  };
  const hash = auditEventHash(event);
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  expect(auditEventHash({ ...event })).toBe(hash);
  for (const change of [{ actorName: '李四' }, { at: new Date('2026-12-06T01:02:03.457Z') }, { payloadJson: '{"a":2}' }, { seq: 2 }, { prevHash: 'f'.repeat(64) }, { idempotencyKey: null }]) {
    expect(auditEventHash({ ...event, ...change })).not.toBe(hash);
  }
});

test('a code opens its visit until the end of the visit day (China time) plus the margin', () => {
  expect(checkCodeExpiry('2026-12-06').toISOString()).toBe('2026-12-07T16:00:00.000Z'); // 24:00 + 24 h, Beijing time
  expect(checkCodeExpiry('2026-12-06', 0).toISOString()).toBe('2026-12-06T16:00:00.000Z');
});

test('a signed code reads back; altered, re-dated or signed with another key it is not ours', () => {
  const secret = 'a-secret-of-at-least-thirty-two-characters';
  const expiresAt = new Date('2026-12-07T16:00:00.000Z');
  const token = signCheckCode(secret, 'inspection-1', expiresAt);
  expect(readCheckCode(secret, token)).toEqual({ valid: true, inspectionId: 'inspection-1', expiresAt });
  const [id, expiry, signature] = token.split('.');
  expect(readCheckCode(secret, `${Buffer.from('inspection-2').toString('base64url')}.${expiry}.${signature}`).valid).toBe(false);
  expect(readCheckCode(secret, `${id}.${(parseInt(expiry, 36) + 1).toString(36)}.${signature}`).valid).toBe(false);
  expect(readCheckCode('another-secret-of-thirty-two-characters!', token).valid).toBe(false);
  expect(readCheckCode(secret, 'x').valid).toBe(false);
  expect(readCheckCode(secret, `${token}.more`).valid).toBe(false);
});
