/**
 * An evidence upload with an Idempotency-Key (a phone resending a photo it queued offline) over
 * real HTTP: a resend answers the stored evidence (one row, one file, one audit event), two
 * identical requests racing end the same way (the primary key settles it, on SQLite and
 * PostgreSQL), and the same key with another file is a 409 that leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import sharp from 'sharp';
import { localEvidenceStore, type EvidenceSettings } from '../../db';
import { DEFAULT_EVIDENCE_POLICY } from '../../domain/evidence';
import { expectConforms } from '../support/conforms';
import { inspectionWithMarketFinding, restaurantVisitRequest } from '../support/factories';
import { eventually, useTestStack } from '../support/harness';
import { EvidenceResponse } from '../../api/routes/evidence/schema';

// The API of these tests stores into a folder the tests count files in.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'onevisit-evidence-key-'));
const evidence: EvidenceSettings = { store: localEvidenceStore(root), policy: DEFAULT_EVIDENCE_POLICY };

const stack = useTestStack({
  name: 'evidence-key',
  officers: ['coordinator-2', 'market-1', 'fire-1'],
  apis: { keyed: { evidence } },
});
const { prisma, http, tokens } = stack;
let checkResultPath: string;
let subjectId: string;

/** A small JPEG of one colour (different colours: different files). */
const jpeg = (red: number) =>
  sharp({ create: { width: 32, height: 24, channels: 3, background: { r: red, g: 40, b: 40 } } })
    .jpeg()
    .toBuffer();
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function upload(bytes: Buffer, idempotencyKey?: string, to = checkResultPath) {
  const form = new FormData();
  form.append('file', new Blob([bytes]), 'photo.jpg');
  const res = await fetch(`${stack.apis.keyed.api.baseUrl}${to}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens['market-1']}`, ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}) },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as any };
}

function storedFiles(): string[] {
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Rows, files and audit events of this check result's evidence. */
async function counts() {
  const rows = await prisma.evidence.findMany({ where: { subjectType: 'CHECK_RESULT', subjectId }, select: { id: true } });
  const audits = await prisma.auditEvent.count({ where: { action: 'EVIDENCE_UPLOADED', subjectId: { in: rows.map((r) => r.id) } } });
  return { rows: rows.length, files: storedFiles().length, audits };
}

beforeAll(async () => {
  const visit = await inspectionWithMarketFinding({ prisma, http, tokens });
  const item = await prisma.assignedItem.findFirstOrThrow({
    where: { departmentCheck: { inspectionId: visit.inspectionId, department: { code: 'MARKET' } } },
    include: { checkItem: true },
  });
  checkResultPath = `/api/inspections/${visit.inspectionId}/checks/MARKET/items/${item.checkItem.code}/evidence`;
  subjectId = `${visit.inspectionId}/MARKET/${item.checkItem.code}`;
}, 120_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('an upload with an Idempotency-Key', () => {
  test('sent again: the same evidence (id, hash) is answered, and there is one row, one file (and its thumbnail), one audit event', async () => {
    const before = await counts();
    const bytes = await jpeg(200);
    const first = await upload(bytes, 'photo-key-repeat');
    expect(first.status).toBe(201);
    expectConforms(EvidenceResponse, first.body);
    expect(first.body.sha256).toBe(sha256(bytes));
    const again = await upload(bytes, 'photo-key-repeat');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await counts()).toEqual({ rows: before.rows + 1, files: before.files + 2, audits: before.audits + 1 });
  });

  test('two identical requests racing: both answer the same evidence, one row, one file, one audit event', async () => {
    const before = await counts();
    const bytes = await jpeg(120);
    const [a, b] = await Promise.all([upload(bytes, 'photo-key-race'), upload(bytes, 'photo-key-race')]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).toBe(a.body.id);
    expect(b.body.sha256).toBe(sha256(bytes));
    expect(await counts()).toEqual({ rows: before.rows + 1, files: before.files + 2, audits: before.audits + 1 });
  });

  test('the same key with another file: 409 EVIDENCE_KEY_REUSED, and the other file leaves nothing behind', async () => {
    const first = await upload(await jpeg(60), 'photo-key-other');
    expect(first.status).toBe(201);
    const before = await counts();
    const other = await upload(await jpeg(250), 'photo-key-other');
    expect({ status: other.status, code: other.body.error.code }).toEqual({ status: 409, code: 'EVIDENCE_KEY_REUSED' });
    expect(other.body.error.message).toContain('同一键只能重发同一份文件');
    expect(await counts()).toEqual(before);
    // The stored evidence is the first file's.
    expect((await prisma.evidence.findUniqueOrThrow({ where: { id: first.body.id } })).sha256).toBe(first.body.sha256);
  });

  test('without a key the same file twice is two pieces of evidence (a second photo of the same thing)', async () => {
    const bytes = await jpeg(90);
    const [a, b] = [await upload(bytes), await upload(bytes)];
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).not.toBe(a.body.id);
  });

  test('an empty key is refused (400) and the header is in the API document', async () => {
    const res = await upload(await jpeg(10), ' ');
    expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    const doc = await http('GET', '/api/openapi.json');
    const operation = doc.body.paths['/api/inspections/{id}/checks/{department}/items/{itemCode}/evidence'].post;
    expect(operation.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'idempotency-key', required: false }));
  });

  test('a cancelled visit takes no new evidence (409 ALREADY_CLOSED), but a resend of a photo stored before answers it', async () => {
    // Another business, so the join window lets this visit be scheduled beside the first one.
    const body = await restaurantVisitRequest(prisma, { targetKey: 'restaurant-2' });
    const scheduled = await http('POST', '/api/inspections', { token: tokens['coordinator-2'], body });
    expect(scheduled.status).toBe(202);
    const id = scheduled.body.id as string;
    const item = await prisma.assignedItem.findFirstOrThrow({
      where: { departmentCheck: { inspectionId: id, department: { code: 'MARKET' } } },
      include: { checkItem: true },
    });
    const to = `/api/inspections/${id}/checks/MARKET/items/${item.checkItem.code}/evidence`;
    const stored = await upload(await jpeg(30), 'photo-before-cancel', to);
    expect(stored.status).toBe(201);
    const cancelled = await http('POST', `/api/inspections/${id}/cancel`, { token: tokens['coordinator-2'], body: { reason: '企业停业' } });
    expect(cancelled.status).toBe(200);
    await eventually(async () => expect((await prisma.jointInspection.findUniqueOrThrow({ where: { id } })).status).toBe('CANCELLED'));

    const refused = await upload(await jpeg(31), 'photo-after-cancel', to);
    expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 409, code: 'ALREADY_CLOSED' });
    expect(refused.body.error.message).toContain('联合检查已取消');
    const resent = await upload(await jpeg(30), 'photo-before-cancel', to);
    expect({ status: resent.status, id: resent.body.id }).toEqual({ status: 201, id: stored.body.id });
    expect(await prisma.evidence.count({ where: { inspectionId: id } })).toBe(1);
  });
});
