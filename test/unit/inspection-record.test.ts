/**
 * The rules of the signed 现场检查笔录 (domain/inspection-record.ts): who may sign, when a
 * record counts as signed, and that a signature locks the content.
 */
import { describe, expect, test } from '@jest/globals';
import { contentChangeRefusal, correctionRefusal, recordSignatureStatus, signatureRefusal } from '../../domain/inspection-record';

const present = ['o1', 'o2'];
const open = { superseded: false, signatures: [], presentOfficerIds: present, officerCertificateNo: '渝执法字第1号' };

describe('who may sign', () => {
  test('an officer present at check-in with a certificate; not one absent or without a number', () => {
    expect(signatureRefusal({ role: 'OFFICER', officerId: 'o1' }, open)).toBeNull();
    expect(signatureRefusal({ role: 'OFFICER', officerId: 'o9' }, open)?.code).toBe('RECORD_SIGNER_NOT_PRESENT');
    expect(signatureRefusal({ role: 'OFFICER', officerId: 'o1' }, { ...open, officerCertificateNo: null })?.code).toBe('RECORD_SIGNER_NOT_PRESENT');
  });

  test('a refusal needs a witness who signs or is described', () => {
    const refusal = { role: 'PARTY_REFUSED' as const, witnessName: '赵某', hasWitnessImage: false, witnessDescription: null, refusalReason: null };
    expect(signatureRefusal({ ...refusal, witnessName: ' ' }, open)?.code).toBe('RECORD_WITNESS_REQUIRED');
    expect(signatureRefusal(refusal, open)?.code).toBe('RECORD_WITNESS_REQUIRED');
    expect(signatureRefusal({ ...refusal, witnessDescription: '村委会工作人员' }, open)).toBeNull();
    expect(signatureRefusal({ ...refusal, hasWitnessImage: true }, open)).toBeNull();
  });

  test('each signer once, and nobody on a superseded version', () => {
    const signed = { ...open, signatures: [{ role: 'PARTY_REFUSED' as const, officerId: null }, { role: 'OFFICER' as const, officerId: 'o1' }] };
    expect(signatureRefusal({ role: 'PARTY', signerName: '王某', hasImage: true }, signed)?.code).toBe('RECORD_ALREADY_SIGNED');
    expect(signatureRefusal({ role: 'OFFICER', officerId: 'o1' }, signed)?.code).toBe('RECORD_ALREADY_SIGNED');
    expect(signatureRefusal({ role: 'OFFICER', officerId: 'o2' }, signed)).toBeNull();
    expect(signatureRefusal({ role: 'OFFICER', officerId: 'o2' }, { ...signed, superseded: true })?.code).toBe('RECORD_SUPERSEDED');
  });
});

test('signed = the party (or its witnessed refusal) and every present officer', () => {
  expect(recordSignatureStatus([], present).status).toBe('UNSIGNED');
  expect(recordSignatureStatus([{ role: 'OFFICER', officerId: 'o1' }, { role: 'OFFICER', officerId: 'o2' }], present)).toMatchObject({ status: 'PARTLY_SIGNED', partyDone: false });
  expect(recordSignatureStatus([{ role: 'PARTY', officerId: null }, { role: 'OFFICER', officerId: 'o2' }], present)).toMatchObject({ status: 'PARTLY_SIGNED', officersMissing: ['o1'] });
  expect(recordSignatureStatus([{ role: 'PARTY_REFUSED', officerId: null }, { role: 'OFFICER', officerId: 'o1' }, { role: 'OFFICER', officerId: 'o2' }], present).status).toBe('SIGNED');
});

test('any signature locks the content; a correction is for a signed, latest version', () => {
  expect(contentChangeRefusal({ signatureCount: 0, superseded: false })).toBeNull();
  expect(contentChangeRefusal({ signatureCount: 1, superseded: false })?.code).toBe('RECORD_SIGNED');
  expect(contentChangeRefusal({ signatureCount: 3, superseded: true })?.code).toBe('RECORD_SUPERSEDED');
  expect(correctionRefusal({ signatureCount: 0, superseded: false })?.code).toBe('RECORD_NOT_SIGNED');
  expect(correctionRefusal({ signatureCount: 2, superseded: false })).toBeNull();
  expect(correctionRefusal({ signatureCount: 2, superseded: true })?.code).toBe('RECORD_SUPERSEDED');
});
