/**
 * The check-in's place (domain/check-in.ts): the business place's range rule, the evidence's
 * distance rule, the line of the 现场检查笔录 — and a record of a visit checked in before the
 * place was asked renders without it.
 */
import JSZip from 'jszip';
import { renderDocx } from '../../documents';
import { checkInFlags, checkInPositionProblems, checkInPositionText } from '../../domain/check-in';
import { DEFAULT_ISSUING_AUTHORITY, type InspectionRecordModel } from '../../domain/documents';
import { comparedSite, DEFAULT_EVIDENCE_POLICY } from '../../domain/evidence';

const SITE = { lat: 29.8869, lng: 107.7301 };
const near = { latitude: 29.887, longitude: 107.7302, accuracyMeters: 15 };

describe('the range rule', () => {
  test('a position in range, with or without an accuracy, has no problem', () => {
    expect(checkInPositionProblems(near)).toEqual([]);
    expect(checkInPositionProblems({ ...near, accuracyMeters: null })).toEqual([]);
  });

  test('a swapped pair is named as such; a negative or endless accuracy is refused', () => {
    const swapped = checkInPositionProblems({ latitude: 107.7301, longitude: 29.8869, accuracyMeters: null });
    expect(swapped.map((p) => p.field)).toEqual(['latitude']);
    expect(swapped[0].message).toContain('经度和纬度可能填反了');
    expect(checkInPositionProblems({ ...near, longitude: 181 }).map((p) => p.field)).toEqual(['longitude']);
    expect(checkInPositionProblems({ ...near, accuracyMeters: -1 }).map((p) => p.field)).toEqual(['accuracyMeters']);
    expect(checkInPositionProblems({ ...near, accuracyMeters: Number.POSITIVE_INFINITY }).map((p) => p.field)).toEqual(['accuracyMeters']);
  });
});

describe('the distance rule', () => {
  const max = DEFAULT_EVIDENCE_POLICY.maxDistanceMeters;
  test('flagged beyond the limit from the registered place, not within it', () => {
    expect(checkInFlags({ position: near, businessPlace: SITE, maxDistanceMeters: max })).toEqual([]);
    const flags = checkInFlags({ position: { ...near, latitude: SITE.lat + 0.045 }, businessPlace: SITE, maxDistanceMeters: max });
    expect(flags.map((f) => f.code)).toEqual(['CHECK_IN_FAR_FROM_SITE']);
    expect(flags[0].message).toContain('约 5.0 公里，超过 1.0 公里');
    // The limit is the setting's: at 10 km the same place is within it.
    expect(checkInFlags({ position: { ...near, latitude: SITE.lat + 0.045 }, businessPlace: SITE, maxDistanceMeters: 10_000 })).toEqual([]);
  });

  test('nothing to compare without either place', () => {
    expect(checkInFlags({ position: null, businessPlace: SITE, maxDistanceMeters: max })).toEqual([]);
    expect(checkInFlags({ position: near, businessPlace: null, maxDistanceMeters: max })).toEqual([]);
  });

  test("a photo's site: the registered place, else the uploaded site, else the check-in position", () => {
    const checkIn = { lat: 1, lng: 2 };
    expect(comparedSite(SITE, { lat: 3, lng: 4 }, checkIn)?.source).toBe('BUSINESS');
    expect(comparedSite(null, { lat: 3, lng: 4 }, checkIn)?.source).toBe('UPLOAD');
    expect(comparedSite(null, null, checkIn)).toEqual({ source: 'CHECK_IN', ...checkIn });
    expect(comparedSite(null, null)).toBeNull();
  });
});

describe('现场检查笔录', () => {
  test('the line: degrees to six places and the accuracy rounded, or 未提供位置', () => {
    expect(checkInPositionText(near)).toBe('纬度29.887000，经度107.730200（精度约15米）');
    expect(checkInPositionText({ ...near, accuracyMeters: null })).toBe('纬度29.887000，经度107.730200');
    expect(checkInPositionText(null)).toBe('未提供位置');
  });

  const record: InspectionRecordModel = {
    inspectionId: 'i-1',
    party: { name: '包鸾镇老王家常菜馆', creditCode: '92500230MA61XK3A7G', address: '重庆市丰都县包鸾镇包鸾社区新街52号' },
    scenarioName: '餐饮店',
    checkInAt: '2026-11-26T02:05:00.000Z',
    place: '重庆市丰都县包鸾镇包鸾社区新街52号',
    officers: [{ name: '张建国', departmentName: '市场监管', certificateNo: '渝执法字第500230240101号', certificateExpiresOn: '2028-06-30' }],
    departments: [],
    findings: [],
  };
  const textOf = async (model: InspectionRecordModel) => {
    const bytes = await renderDocx('INSPECTION_RECORD', model, { number: '包鸾综执查〔2026〕第1号', issuedOn: '2026-11-26', authority: DEFAULT_ISSUING_AUTHORITY });
    return (await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
  };

  test('the place beside the check-in time, 未提供位置 when the phone gave none, nothing for a visit from before', async () => {
    expect(await textOf({ ...record, checkInPosition: near })).toContain('签到位置纬度29.887000，经度107.730200（精度约15米）');
    expect(await textOf({ ...record, checkInPosition: null })).toContain('签到位置未提供位置');
    const before = await textOf(record);
    expect(before).toContain('检查时间');
    expect(before).not.toContain('签到位置');
  });
});
