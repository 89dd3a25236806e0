/**
 * The signed 现场检查笔录: who may sign a version of the record, what a signature must carry,
 * when the record counts as signed, and why a signed record never changes. Pure: the service
 * (api/services/inspection-records.ts) stores, hashes and audits; documents/ renders.
 *
 * Why a signature locks the content: each signature is given on one text (its SHA-256 is kept
 * with the signature). Changing the text under a signature would make the person appear to have
 * signed what they never saw, so a correction is a new version with its own signatures, and the
 * old version stays readable as it was signed.
 */

export const RECORD_SIGNATURE_ROLES = ['PARTY', 'PARTY_REFUSED', 'OFFICER'] as const;
export type RecordSignatureRole = (typeof RECORD_SIGNATURE_ROLES)[number];

export interface RecordSignaturePolicy {
  /** Bytes of one drawn signature (PNG); a phone canvas at 2× is 5–60 KB. */
  maxImageBytes: number;
  /** Pixels on either side: a signature pad, not a photograph. */
  maxImageSide: number;
}

export const DEFAULT_RECORD_SIGNATURE_POLICY: RecordSignaturePolicy = { maxImageBytes: 200 * 1024, maxImageSide: 2000 };

/** One signature on a version of the record, as the rules see it. */
export interface RecordSignatureFact {
  role: RecordSignatureRole;
  officerId: string | null;
}

/** The one signature slot per signer: the party once (signed or refused), each officer once. */
export function signerKeyOf(signature: RecordSignatureFact): string {
  return signature.role === 'OFFICER' ? `OFFICER:${signature.officerId}` : 'PARTY';
}

export type RecordRefusal = { code: RecordRuleCode; message: string };

export type RecordRuleCode =
  | 'RECORD_SIGNED'
  | 'RECORD_SUPERSEDED'
  | 'RECORD_NOT_SIGNED'
  | 'RECORD_ALREADY_SIGNED'
  | 'RECORD_SIGNER_NOT_PRESENT'
  | 'RECORD_WITNESS_REQUIRED'
  | 'RECORD_SIGNATURE_REQUIRED';

/** A version someone has signed cannot change; a superseded one neither. */
export function contentChangeRefusal(record: { signatureCount: number; superseded: boolean }): RecordRefusal | null {
  if (record.superseded) return { code: 'RECORD_SUPERSEDED', message: '该版本的现场检查笔录已被更正版本取代，不能修改；请在最新版本上办理' };
  if (record.signatureCount > 0) {
    return { code: 'RECORD_SIGNED', message: '现场检查笔录已有签名，内容不能再修改；如需更正，请制作更正版本（原版本保留）' };
  }
  return null;
}

/** A correction is for a signed version (an unsigned one is simply changed) that nothing supersedes yet. */
export function correctionRefusal(record: { signatureCount: number; superseded: boolean }): RecordRefusal | null {
  if (record.superseded) return { code: 'RECORD_SUPERSEDED', message: '该版本已被更正，请更正最新版本' };
  if (record.signatureCount === 0) return { code: 'RECORD_NOT_SIGNED', message: '该版本尚无人签名，可直接修改内容，无需制作更正版本' };
  return null;
}

/** What a signature request says, before the image is decoded. */
export type RecordSignatureRequest =
  | { role: 'PARTY'; signerName: string; hasImage: boolean }
  | { role: 'PARTY_REFUSED'; witnessName: string; hasWitnessImage: boolean; witnessDescription: string | null; refusalReason: string | null }
  | { role: 'OFFICER'; officerId: string };

const blank = (value: string | null | undefined) => !value || value.trim().length === 0;

/**
 * Who may sign this version: the party (or its refusal, which needs a witness who signs or is
 * described), and only the officers present at check-in — with a certificate number on their
 * record, since the law's record names it (行政处罚法 §42, §55).
 */
export function signatureRefusal(
  request: RecordSignatureRequest,
  record: { superseded: boolean; signatures: RecordSignatureFact[]; presentOfficerIds: string[]; officerCertificateNo?: string | null },
): RecordRefusal | null {
  if (record.superseded) return { code: 'RECORD_SUPERSEDED', message: '该版本的现场检查笔录已被更正版本取代，请在最新版本上签名' };
  if (request.role === 'OFFICER') {
    if (!record.presentOfficerIds.includes(request.officerId)) {
      return { code: 'RECORD_SIGNER_NOT_PRESENT', message: '只有现场签到的执法人员可以在本笔录上签名' };
    }
    if (blank(record.officerCertificateNo)) {
      return { code: 'RECORD_SIGNER_NOT_PRESENT', message: '您的人员档案中没有执法证号，不能作为执法人员签名；请先由管理员登记执法证' };
    }
  } else if (request.role === 'PARTY') {
    if (blank(request.signerName) || !request.hasImage) {
      return { code: 'RECORD_SIGNATURE_REQUIRED', message: '当事人签名须有手写签名和签名人姓名' };
    }
  } else {
    if (blank(request.witnessName) || (!request.hasWitnessImage && blank(request.witnessDescription))) {
      return {
        code: 'RECORD_WITNESS_REQUIRED',
        message: '当事人拒绝签名的，须由见证人在场见证：请填写见证人姓名，并由见证人手写签名或注明见证人身份（如村委会工作人员）',
      };
    }
  }
  const key = signerKeyOf({ role: request.role, officerId: request.role === 'OFFICER' ? request.officerId : null });
  if (record.signatures.some((s) => signerKeyOf(s) === key)) {
    return {
      code: 'RECORD_ALREADY_SIGNED',
      message: request.role === 'OFFICER' ? '您已在该版本笔录上签名' : '该版本笔录已有当事人签名或拒签记录',
    };
  }
  return null;
}

export type RecordSignatureStatus = 'UNSIGNED' | 'PARTLY_SIGNED' | 'SIGNED';

/**
 * The record counts as signed when the party has signed (or refused before a witness) and every
 * officer present at check-in has signed.
 */
export function recordSignatureStatus(signatures: RecordSignatureFact[], presentOfficerIds: string[]): {
  status: RecordSignatureStatus;
  partyDone: boolean;
  officersMissing: string[];
} {
  const partyDone = signatures.some((s) => s.role === 'PARTY' || s.role === 'PARTY_REFUSED');
  const signed = new Set(signatures.filter((s) => s.role === 'OFFICER').map((s) => s.officerId));
  const officersMissing = presentOfficerIds.filter((id) => !signed.has(id));
  const status = signatures.length === 0 ? 'UNSIGNED' : partyDone && officersMissing.length === 0 ? 'SIGNED' : 'PARTLY_SIGNED';
  return { status, partyDone, officersMissing };
}

export const RECORD_SIGNATURE_STATUS_LABELS: Record<RecordSignatureStatus, string> = {
  UNSIGNED: '未签名',
  PARTLY_SIGNED: '部分签名',
  SIGNED: '已签名',
};
