import { doNotDisturbDuring, doNotDisturbOn, samplingClassOf } from '../../domain/business';
import { barsAssignment, excludedFromDraw } from '../../domain/conflicts';
import { certificateStatus } from '../../domain/officers';

describe("the county's records", () => {
  test('the credit grade sets the sampling class; without one the risk class does', () => {
    expect(samplingClassOf({ creditGrade: 'A', riskClass: 'HIGH' })).toBe('LOW');
    expect(samplingClassOf({ creditGrade: 'B', riskClass: 'LOW' })).toBe('MEDIUM');
    expect(samplingClassOf({ creditGrade: 'D', riskClass: 'LOW' })).toBe('HIGH');
    expect(samplingClassOf({ creditGrade: null, riskClass: 'HIGH' })).toBe('HIGH');
    expect(samplingClassOf({ creditGrade: null, riskClass: null })).toBe('MEDIUM');
  });

  test('无事不扰 holds within its period, open ends allowed, and never when not flagged', () => {
    const flagged = { doNotDisturb: true, doNotDisturbFrom: '2027-03-01', doNotDisturbUntil: '2027-05-31' };
    expect(doNotDisturbOn(flagged, '2027-02-28')).toBe(false);
    expect(doNotDisturbOn(flagged, '2027-03-01')).toBe(true);
    expect(doNotDisturbOn(flagged, '2027-05-31')).toBe(true);
    expect(doNotDisturbOn(flagged, '2027-06-01')).toBe(false);
    expect(doNotDisturbDuring(flagged, '2027-01-01', '2027-03-01')).toBe(true);
    expect(doNotDisturbDuring(flagged, '2027-06-01', '2027-06-30')).toBe(false);
    expect(doNotDisturbOn({ doNotDisturb: true, doNotDisturbFrom: null, doNotDisturbUntil: null }, '2030-01-01')).toBe(true);
    expect(doNotDisturbOn({ ...flagged, doNotDisturb: false }, '2027-04-01')).toBe(false);
  });

  test('a pending recusal keeps the officer out of the draw but not off the team; an upheld one does both', () => {
    expect([excludedFromDraw('PENDING'), barsAssignment('PENDING')]).toEqual([true, false]);
    expect([excludedFromDraw('UPHELD'), barsAssignment('UPHELD')]).toEqual([true, true]);
    expect([excludedFromDraw('DISMISSED'), barsAssignment('DISMISSED')]).toEqual([false, false]);
  });

  test('a certificate is EXPIRING within the warning days of its last valid day', () => {
    const officer = { certificateNo: '51230001', certificateExpiresOn: '2027-01-31' };
    expect(certificateStatus(officer, '2027-01-01')).toEqual({ state: 'EXPIRING', daysLeft: 30 });
    expect(certificateStatus(officer, '2026-12-31')).toEqual({ state: 'VALID', daysLeft: 31 });
    expect(certificateStatus(officer, '2027-01-31')).toEqual({ state: 'EXPIRING', daysLeft: 0 });
    expect(certificateStatus(officer, '2027-02-01')).toEqual({ state: 'EXPIRED', daysLeft: -1 });
    expect(certificateStatus({ certificateNo: null, certificateExpiresOn: null }, '2027-01-01')).toEqual({ state: 'NONE', daysLeft: null });
    expect(certificateStatus(officer, '2026-12-20', 60).state).toBe('EXPIRING');
  });
});
