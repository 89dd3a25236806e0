/**
 * A business (检查对象) as the county records it, and the one check every write goes through:
 * the single-business routes and the register import (domain/business-import.ts) both build a
 * candidate and call `checkBusiness`, so a rule (GB 32100, the village of the township, 无事不扰
 * with a reason) is written once. Pure: the townships, scenarios and the caller's reach come in
 * as data.
 */
import { CREDIT_GRADES, type CreditGrade } from './business';
import { CREDIT_CODE_ALPHABET, creditCodeCheckCharacter } from './credit-code';
import { RISK_CLASSES, type RiskClass } from './draw';
import { PHONE_PATTERN } from './officers';
import { withinTownships, type TownshipScope } from './townships';

export const BUSINESS_FIELDS = [
  'creditCode',
  'name',
  'townshipId',
  'village',
  'address',
  'scenarioCode',
  'riskClass',
  'creditGrade',
  'legalRepresentative',
  'contactPhone',
  'doNotDisturb',
  'doNotDisturbReason',
  'doNotDisturbFrom',
  'doNotDisturbUntil',
  'latitude',
  'longitude',
] as const;
export type BusinessField = (typeof BUSINESS_FIELDS)[number];

/** How each field is called on screen and in the register's headings. */
export const BUSINESS_FIELD_LABELS: Record<BusinessField, string> = {
  creditCode: '统一社会信用代码',
  name: '名称',
  townshipId: '乡镇',
  village: '村（社区）',
  address: '地址',
  scenarioCode: '场景',
  riskClass: '风险等级',
  creditGrade: '信用等级',
  legalRepresentative: '法定代表人（经营者）',
  contactPhone: '联系电话',
  doNotDisturb: '无事不扰',
  doNotDisturbReason: '无事不扰原因',
  doNotDisturbFrom: '无事不扰起',
  doNotDisturbUntil: '无事不扰止',
  latitude: '纬度',
  longitude: '经度',
};

export const RISK_CLASS_LABELS: Record<RiskClass, string> = { LOW: '低', MEDIUM: '中', HIGH: '高' };

/** The lengths a person can type; longer is a paste gone wrong. */
export const BUSINESS_LIMITS = { name: 100, address: 200, legalRepresentative: 50, doNotDisturbReason: 200, village: 50 } as const;

/** A business that passed `checkBusiness`: what is stored in Target. */
export interface BusinessRecord {
  creditCode: string;
  name: string;
  townshipId: string;
  village: string;
  address: string;
  scenarioCode: string | null;
  riskClass: RiskClass | null;
  creditGrade: CreditGrade | null;
  legalRepresentative: string | null;
  contactPhone: string | null;
  doNotDisturb: boolean;
  doNotDisturbReason: string | null;
  doNotDisturbFrom: string | null;
  doNotDisturbUntil: string | null;
  /**
   * The business's registered place in WGS-84 decimal degrees, both or neither. WGS-84 because a
   * photo's EXIF GPS is WGS-84 and the two are compared (domain/evidence.ts); the GCJ-02 that
   * 高德/腾讯 maps show (百度: BD-09) is shifted by a few hundred metres and is not accepted —
   * it cannot be told from WGS-84 by its numbers, so the API and the import say where to read
   * WGS-84 (the phone's GPS at the door, 天地图 whose CGCS2000 agrees with WGS-84 to centimetres).
   */
  latitude: number | null;
  longitude: number | null;
}

/** What a caller sends or a register row holds, before the check: anything may be missing. */
export type BusinessCandidate = { [F in BusinessField]?: BusinessRecord[F] | null };

export interface TownshipRef {
  id: string;
  code: string;
  name: string;
  villages: readonly string[];
}

export interface BusinessContext {
  townships: readonly TownshipRef[];
  scenarios: readonly { code: string; name: string }[];
  /** The caller's reach (domain/townships.ts). */
  scope: TownshipScope;
}

/** Stable codes of what can be wrong with a business; the API answers with them. */
export const BUSINESS_PROBLEM_CODES = [
  'REQUIRED',
  'TOO_LONG',
  'CREDIT_CODE_INVALID',
  'UNKNOWN_TOWNSHIP',
  'TOWNSHIP_OUT_OF_REACH',
  'VILLAGE_NOT_IN_TOWNSHIP',
  'UNKNOWN_SCENARIO',
  'RISK_CLASS_INVALID',
  'CREDIT_GRADE_INVALID',
  'PHONE_INVALID',
  'DATE_INVALID',
  'DO_NOT_DISTURB_REASON_REQUIRED',
  'DO_NOT_DISTURB_PERIOD_INVALID',
  'DO_NOT_DISTURB_NOT_SET',
  'COORDINATES_INCOMPLETE',
  'COORDINATE_OUT_OF_RANGE',
] as const;
export type BusinessProblemCode = (typeof BUSINESS_PROBLEM_CODES)[number];

export interface BusinessProblem {
  field: BusinessField;
  code: BusinessProblemCode;
  /** Chinese, for the person who typed the value. */
  message: string;
}

export type BusinessCheck = { ok: true; record: BusinessRecord } | { ok: false; problems: BusinessProblem[] };

/** Spaces and case a person adds by accident: the code is stored in capitals without blanks. */
export function normalizeCreditCode(raw: string): string {
  return raw.replace(/[\s\u3000]/g, '').toUpperCase();
}

/**
 * Which check of GB 32100-2015 a (normalized) code fails, in words: the length, a character
 * outside the 31-symbol alphabet (and where), or the check character. Null when it passes.
 */
export function creditCodeMessage(code: string): string | null {
  if (code.length !== 18) return `统一社会信用代码应为18位，实为${code.length}位`;
  for (let i = 0; i < code.length; i++) {
    if (!CREDIT_CODE_ALPHABET.includes(code[i])) {
      return `统一社会信用代码第${i + 1}位“${code[i]}”不是允许的字符（只能是数字和大写字母，不含I、O、Z、S、V）`;
    }
  }
  const expected = creditCodeCheckCharacter(code.slice(0, 17));
  if (expected !== code[17]) {
    return `统一社会信用代码校验位（第18位）不正确：按 GB 32100-2015 由前17位算得应为“${expected}”，实为“${code[17]}”，请核对代码是否抄错`;
  }
  return null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a YYYY-MM-DD string is a real calendar date (no 2026-02-30). */
export function isCalendarDate(date: string): boolean {
  if (!DATE.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

const blank = (value: string | null | undefined): value is null | undefined | '' => value == null || value.trim() === '';

/** The township a reference names: its id, its 9-digit code or its name. */
export function findTownship(townships: readonly TownshipRef[], ref: string): TownshipRef | undefined {
  const text = ref.trim();
  return townships.find((t) => t.id === text || t.code === text || t.name === text);
}

/**
 * Every rule a business must satisfy, all problems at once (a person fixes a row in one go).
 * Text is trimmed; empty optional text becomes null.
 */
export function checkBusiness(candidate: BusinessCandidate, context: BusinessContext): BusinessCheck {
  const problems: BusinessProblem[] = [];
  const problem = (field: BusinessField, code: BusinessProblemCode, message: string) => problems.push({ field, code, message });

  const text = (field: 'name' | 'address' | 'village' | 'legalRepresentative' | 'doNotDisturbReason', required: boolean): string | null => {
    const value = candidate[field];
    if (blank(value)) {
      if (required) problem(field, 'REQUIRED', `${BUSINESS_FIELD_LABELS[field]}不能为空`);
      return null;
    }
    const trimmed = value.trim();
    if (trimmed.length > BUSINESS_LIMITS[field]) {
      problem(field, 'TOO_LONG', `${BUSINESS_FIELD_LABELS[field]}不能超过${BUSINESS_LIMITS[field]}个字`);
    }
    return trimmed;
  };

  let creditCode = '';
  if (blank(candidate.creditCode)) problem('creditCode', 'REQUIRED', '统一社会信用代码不能为空');
  else {
    creditCode = normalizeCreditCode(candidate.creditCode);
    const message = creditCodeMessage(creditCode);
    if (message) problem('creditCode', 'CREDIT_CODE_INVALID', message);
  }

  const name = text('name', true);
  const address = text('address', true);
  const village = text('village', true);
  const legalRepresentative = text('legalRepresentative', false);

  let township: TownshipRef | undefined;
  if (blank(candidate.townshipId)) problem('townshipId', 'REQUIRED', '乡镇不能为空');
  else {
    township = findTownship(context.townships, candidate.townshipId);
    if (!township) problem('townshipId', 'UNKNOWN_TOWNSHIP', `没有名称或代码为“${candidate.townshipId.trim()}”的乡镇`);
    else if (!withinTownships(context.scope, township.id)) {
      problem('townshipId', 'TOWNSHIP_OUT_OF_REACH', `您不负责${township.name}，不能登记或修改该乡镇的市场主体`);
    }
  }
  if (township && village && !township.villages.includes(village)) {
    problem('village', 'VILLAGE_NOT_IN_TOWNSHIP', `${township.name}没有“${village}”这个村（社区）；可选：${township.villages.join('、')}`);
  }

  let scenarioCode: string | null = null;
  if (!blank(candidate.scenarioCode)) {
    const ref = candidate.scenarioCode.trim();
    const scenario = context.scenarios.find((s) => s.code === ref || s.name === ref);
    if (!scenario) problem('scenarioCode', 'UNKNOWN_SCENARIO', `没有代码或名称为“${ref}”的场景；可选：${context.scenarios.map((s) => `${s.name}（${s.code}）`).join('、')}`);
    else scenarioCode = scenario.code;
  }

  let riskClass: RiskClass | null = null;
  if (!blank(candidate.riskClass)) {
    if ((RISK_CLASSES as readonly string[]).includes(candidate.riskClass)) riskClass = candidate.riskClass;
    else problem('riskClass', 'RISK_CLASS_INVALID', '风险等级应为 高、中、低（HIGH、MEDIUM、LOW）之一');
  }
  let creditGrade: CreditGrade | null = null;
  if (!blank(candidate.creditGrade)) {
    if ((CREDIT_GRADES as readonly string[]).includes(candidate.creditGrade)) creditGrade = candidate.creditGrade;
    else problem('creditGrade', 'CREDIT_GRADE_INVALID', '信用等级应为 A、B、C、D 之一');
  }

  let contactPhone: string | null = null;
  if (!blank(candidate.contactPhone)) {
    contactPhone = candidate.contactPhone.trim();
    if (!PHONE_PATTERN.test(contactPhone)) problem('contactPhone', 'PHONE_INVALID', '联系电话应为11位手机号或带区号的固定电话（如 023-70612345）');
  }

  const doNotDisturb = candidate.doNotDisturb === true;
  const doNotDisturbReason = text('doNotDisturbReason', false);
  const date = (field: 'doNotDisturbFrom' | 'doNotDisturbUntil'): string | null => {
    const value = candidate[field];
    if (blank(value)) return null;
    const trimmed = value.trim();
    if (!isCalendarDate(trimmed)) {
      problem(field, 'DATE_INVALID', `${BUSINESS_FIELD_LABELS[field]}应为有效日期（YYYY-MM-DD），实为“${trimmed}”`);
      return null;
    }
    return trimmed;
  };
  const doNotDisturbFrom = date('doNotDisturbFrom');
  const doNotDisturbUntil = date('doNotDisturbUntil');
  if (doNotDisturb) {
    // 无事不扰 keeps a business out of random sampling: the reason is what a reviewer checks.
    if (!doNotDisturbReason) problem('doNotDisturbReason', 'DO_NOT_DISTURB_REASON_REQUIRED', '标记无事不扰须填写原因');
    if (doNotDisturbFrom && doNotDisturbUntil && doNotDisturbFrom > doNotDisturbUntil) {
      problem('doNotDisturbUntil', 'DO_NOT_DISTURB_PERIOD_INVALID', `无事不扰截止日期（${doNotDisturbUntil}）不能早于起始日期（${doNotDisturbFrom}）`);
    }
  } else {
    // A reason or a period without the flag is a half-filled entry; it is not dropped silently.
    const stray = (['doNotDisturbReason', 'doNotDisturbFrom', 'doNotDisturbUntil'] as const).find((f) => !blank(candidate[f]));
    if (stray) problem(stray, 'DO_NOT_DISTURB_NOT_SET', `填写了${BUSINESS_FIELD_LABELS[stray]}，但未标记无事不扰；请标记无事不扰或清空该项`);
  }

  const { latitude, longitude } = coordinates(candidate, problem);

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    record: {
      creditCode,
      name: name!,
      townshipId: township!.id,
      village: village!,
      address: address!,
      scenarioCode,
      riskClass,
      creditGrade,
      legalRepresentative,
      contactPhone,
      doNotDisturb,
      doNotDisturbReason,
      doNotDisturbFrom,
      doNotDisturbUntil,
      latitude,
      longitude,
    },
  };
}

/** Where to read WGS-84 coordinates; said with every coordinate problem. */
export const WGS84_HINT = '请填写 WGS-84 坐标（手机 GPS 定位或天地图所示的十进制度数），不要填高德、腾讯、百度地图上的坐标（GCJ-02/BD-09，会偏差数百米）';

/** Latitude and longitude: both or neither, finite and in range (a swapped pair is named as such). */
function coordinates(
  candidate: BusinessCandidate,
  problem: (field: BusinessField, code: BusinessProblemCode, message: string) => void,
): { latitude: number | null; longitude: number | null } {
  const lat = candidate.latitude ?? null;
  const lng = candidate.longitude ?? null;
  if (lat === null && lng === null) return { latitude: null, longitude: null };
  if (lat === null || lng === null) {
    const missing: BusinessField = lat === null ? 'latitude' : 'longitude';
    problem(missing, 'COORDINATES_INCOMPLETE', `经度和纬度须同时填写或同时留空：缺少${BUSINESS_FIELD_LABELS[missing]}`);
    return { latitude: null, longitude: null };
  }
  const problems = coordinateRangeProblems(lat, lng);
  for (const p of problems) problem(p.field, 'COORDINATE_OUT_OF_RANGE', p.message);
  return problems.length === 0 ? { latitude: lat, longitude: lng } : { latitude: null, longitude: null };
}

/**
 * The range of a WGS-84 pair — latitude −90…90, longitude −180…180, finite — with a swapped pair
 * named as such. The one rule for every place the app is given: a business's registered place,
 * a check-in's position.
 */
export function coordinateRangeProblems(lat: number, lng: number): { field: 'latitude' | 'longitude'; message: string }[] {
  const swapped = Math.abs(lat) > 90 && Math.abs(lat) <= 180 && Math.abs(lng) <= 90 ? '（经度和纬度可能填反了）' : '';
  const problems: { field: 'latitude' | 'longitude'; message: string }[] = [];
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) {
    problems.push({ field: 'latitude', message: `纬度应在 -90 到 90 之间，实为 ${lat}${swapped}；${WGS84_HINT}` });
  }
  if (!Number.isFinite(lng) || lng < -180 || lng > 180) {
    problems.push({ field: 'longitude', message: `经度应在 -180 到 180 之间，实为 ${lng}；${WGS84_HINT}` });
  }
  return problems;
}

/** The fields whose values differ, with before and after: what the audit row keeps of a change. */
export function businessChanges(
  before: BusinessRecord,
  after: BusinessRecord,
): { fields: BusinessField[]; before: Partial<BusinessRecord>; after: Partial<BusinessRecord> } {
  const fields = BUSINESS_FIELDS.filter((f) => before[f] !== after[f]);
  const pick = (r: BusinessRecord) => Object.fromEntries(fields.map((f) => [f, r[f]])) as Partial<BusinessRecord>;
  return { fields, before: pick(before), after: pick(after) };
}

/** A stored Target row as the columns hold it (plain strings; no township for rows from before townships). */
export type BusinessRow = Omit<BusinessRecord, 'riskClass' | 'creditGrade' | 'townshipId'> & {
  riskClass: string | null;
  creditGrade: string | null;
  townshipId: string | null;
};

/** A stored row as a record, to compare with a checked one. */
export function recordOfRow(row: BusinessRow): BusinessRecord {
  return {
    creditCode: row.creditCode,
    name: row.name,
    townshipId: row.townshipId ?? '',
    village: row.village,
    address: row.address,
    scenarioCode: row.scenarioCode,
    riskClass: row.riskClass as RiskClass | null,
    creditGrade: row.creditGrade as CreditGrade | null,
    legalRepresentative: row.legalRepresentative,
    contactPhone: row.contactPhone,
    doNotDisturb: row.doNotDisturb,
    doNotDisturbReason: row.doNotDisturbReason,
    doNotDisturbFrom: row.doNotDisturbFrom,
    doNotDisturbUntil: row.doNotDisturbUntil,
    latitude: row.latitude,
    longitude: row.longitude,
  };
}
