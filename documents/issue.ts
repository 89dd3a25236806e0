/**
 * Enforcement documents (文书) as DOCX: the model is built from the recorded data, checked for
 * its required elements (domain/documents.ts) before anything is written, rendered with `docx`,
 * hashed, and stored once with its bytes and an audit event in one transaction. Adding a kind
 * is one loader (LOADERS, load.ts) and one layout (LAYOUTS, layout.ts).
 *
 * It lives in its own folder, below both the API and the activities, because a workflow step
 * (e.g. issuing a penalty decision after legal review) will call the same function; nothing
 * here knows about HTTP. load.ts builds the model, layout.ts renders it, this file issues it.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  DEFAULT_ISSUING_AUTHORITY,
  DEFAULT_REMEDIES,
  DOCUMENT_TITLES,
  documentNumber,
  missingElements,
  type AdministrativeRemedies,
  type GeneratedDocumentKind,
  type IssuingAuthority,
  type MissingElement,
} from '../domain/documents';
import { appendAudit, Prisma, type PrismaClient } from '../db';

import { LOADERS, type LoadContext } from './load';
import { renderDocx } from './layout';
import { chinaDate } from '../domain/dates';

// ---- issuing --------------------------------------------------------------------------------

export interface IssuedDocumentSummary {
  id: string;
  kind: GeneratedDocumentKind;
  title: string;
  inspectionId: string;
  number: string;
  sha256: string;
  sizeBytes: number;
  fileName: string;
  createdById: string;
  createdAt: string;
}

export type IssueOutcome =
  | { status: 'ISSUED'; document: IssuedDocumentSummary; created: boolean }
  | { status: 'NOT_FOUND'; message: string; subjectType: 'JointInspection' | 'Finding' | 'EnforcementCase' | 'OnTheSpotPenalty' | 'InspectionRecord' }
  | { status: 'NOT_AVAILABLE'; message: string }
  | { status: 'INCOMPLETE'; missing: MissingElement[] };

/** The stored row a summary is made from (the kind as stored, the time as a Date). */
type IssuedRow = Omit<IssuedDocumentSummary, 'kind' | 'title' | 'createdAt'> & { kind: string; createdAt: Date };

export function summaryOf(row: IssuedRow): IssuedDocumentSummary {
  const kind = row.kind as GeneratedDocumentKind;
  return {
    id: row.id,
    kind,
    title: DOCUMENT_TITLES[kind],
    inspectionId: row.inspectionId,
    number: row.number,
    sha256: row.sha256,
    sizeBytes: row.sizeBytes,
    fileName: row.fileName,
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
  };
}

const SUMMARY_SELECT = {
  id: true,
  kind: true,
  inspectionId: true,
  number: true,
  sha256: true,
  sizeBytes: true,
  fileName: true,
  createdById: true,
  createdAt: true,
} as const;

const sha256Hex = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

export function createDocumentIssuer(deps: {
  prisma: PrismaClient;
  authority?: IssuingAuthority;
  /** The reconsideration organ and court a penalty decision names; DEFAULT_REMEDIES otherwise. */
  remedies?: AdministrativeRemedies;
  minimumCertifiedOfficers?: number;
}) {
  const { prisma } = deps;
  const authority = deps.authority ?? DEFAULT_ISSUING_AUTHORITY;
  const loadContext: LoadContext = { remedies: deps.remedies ?? DEFAULT_REMEDIES, organ: authority.name };

  return {
    /**
     * Issues a document of `kind` for an inspection (a rectification order also names its
     * `findingId`, a penalty decision its `caseId`). The same data asked for again returns the
     * document already issued (same number, same bytes); changed data gets the next number.
     */
    async issueDocument(options: {
      kind: GeneratedDocumentKind;
      inspectionId: string;
      findingId?: string;
      caseId?: string;
      penaltyId?: string;
      recordVersion?: number;
      actor: { officerId: string; name: string };
      now?: Date;
    }): Promise<IssueOutcome> {
      const { kind, inspectionId, actor } = options;
      const subject = { inspectionId, findingId: options.findingId, caseId: options.caseId, penaltyId: options.penaltyId, recordVersion: options.recordVersion };
      const loaded = await (LOADERS[kind] as (typeof LOADERS)[typeof kind])(prisma, subject, loadContext);
      if (!loaded.ok) {
        return loaded.reason === 'NOT_FOUND'
          ? { status: 'NOT_FOUND', message: loaded.message, subjectType: loaded.subjectType ?? 'JointInspection' }
          : { status: 'NOT_AVAILABLE', message: loaded.message };
      }
      const missing = missingElements(kind, loaded.model, { minimumCertifiedOfficers: deps.minimumCertifiedOfficers });
      if (missing.length > 0) return { status: 'INCOMPLETE', missing };

      // Inspection-level kinds keep their original digest input, so documents issued before
      // finding- and case-level kinds existed are still recognised as the same document.
      const source = loaded.sourceKey ? { kind, source: loaded.sourceKey, model: loaded.model } : { kind, model: loaded.model };
      const sourceDigest = sha256Hex(JSON.stringify(source));
      const findExisting = () =>
        prisma.issuedDocument.findUnique({
          where: { kind_inspectionId_sourceDigest: { kind, inspectionId, sourceDigest } },
          select: SUMMARY_SELECT,
        });
      const existing = await findExisting();
      if (existing) return { status: 'ISSUED', document: summaryOf(existing), created: false };

      const now = options.now ?? new Date();
      const issuedOn = chinaDate(now.toISOString());
      const year = Number(issuedOn.slice(0, 4));
      // Two requests may take the same next serial; the unique (kind, year, serial) lets one
      // win and the other retry with the following number, so numbers have no gaps or twins.
      for (let attempt = 0; ; attempt++) {
        try {
          const row = await prisma.$transaction(async (tx) => {
            const last = await tx.issuedDocument.aggregate({ where: { kind, year }, _max: { serial: true } });
            const serial = (last._max.serial ?? 0) + 1;
            const number = documentNumber({ kind, year, serial, authority });
            const bytes = await renderDocx(kind, loaded.model, { number, issuedOn, authority });
            const id = randomUUID();
            const sha256 = sha256Hex(bytes);
            const created = await tx.issuedDocument.create({
              data: {
                id,
                kind,
                inspectionId,
                number,
                year,
                serial,
                sourceDigest,
                sha256,
                sizeBytes: bytes.length,
                content: new Uint8Array(bytes),
                fileName: `${DOCUMENT_TITLES[kind]}-${number}.docx`,
                createdById: actor.officerId,
                createdAt: now,
              },
              select: SUMMARY_SELECT,
            });
            await appendAudit(tx, {
              actor: actor,
              action: 'DOCUMENT_ISSUED',
              subjectType: 'JointInspection',
              subjectId: inspectionId,
              at: now,
              payload: { documentId: id, kind, number, sha256, ...(loaded.sourceKey ? { source: loaded.sourceKey } : {}) },
              idempotencyKey: `document:${kind}:${inspectionId}:${sourceDigest}`,
            });
            return created;
          });
          return { status: 'ISSUED', document: summaryOf(row), created: true };
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          const raced = await findExisting();
          if (raced) return { status: 'ISSUED', document: summaryOf(raced), created: false };
          if (attempt >= 4) throw error;
        }
      }
    },

    async findDocument(id: string): Promise<IssuedDocumentSummary | null> {
      const row = await prisma.issuedDocument.findUnique({ where: { id }, select: SUMMARY_SELECT });
      return row ? summaryOf(row) : null;
    },

    /** The stored bytes, exactly as hashed when issued. */
    async documentContent(id: string): Promise<{ document: IssuedDocumentSummary; content: Buffer } | null> {
      const row = await prisma.issuedDocument.findUnique({ where: { id }, select: { ...SUMMARY_SELECT, content: true } });
      return row ? { document: summaryOf(row), content: Buffer.from(row.content) } : null;
    },
  };
}

export type DocumentIssuer = ReturnType<typeof createDocumentIssuer>;
