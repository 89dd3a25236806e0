/**
 * Where the team checked in (签到位置): the phone's WGS-84 position, when it gives one, kept
 * with the check-in and compared with the business's registered place by the evidence's
 * distance rule (domain/evidence.ts farFromSite) — a far check-in is flagged, not refused.
 */
import { coordinateRangeProblems } from './business-record';
import { farFromSite } from './evidence';

export interface CheckInPosition {
  latitude: number;
  longitude: number;
  /** The phone's accuracy radius in metres (Geolocation API `coords.accuracy`); null when not given. */
  accuracyMeters: number | null;
}

/** Beyond this an accuracy is not a position fix but a guess (cell-tower fixes are a few km). */
export const MAX_CHECK_IN_ACCURACY_METERS = 100_000;

/** The range rule of the business's place, and an accuracy that is a radius in metres. */
export function checkInPositionProblems(position: CheckInPosition): { field: 'latitude' | 'longitude' | 'accuracyMeters'; message: string }[] {
  const problems: { field: 'latitude' | 'longitude' | 'accuracyMeters'; message: string }[] = coordinateRangeProblems(position.latitude, position.longitude);
  const accuracy = position.accuracyMeters;
  if (accuracy !== null && (!Number.isFinite(accuracy) || accuracy < 0 || accuracy > MAX_CHECK_IN_ACCURACY_METERS)) {
    problems.push({ field: 'accuracyMeters', message: `定位精度应为 0 到 ${MAX_CHECK_IN_ACCURACY_METERS} 米之间的半径，实为 ${accuracy}` });
  }
  return problems;
}

export interface CheckInFlag {
  code: 'CHECK_IN_FAR_FROM_SITE';
  message: string;
}

/** The check-in's flags: further than the limit from the business's registered place, when both are known. */
export function checkInFlags(input: {
  position: CheckInPosition | null;
  businessPlace: { lat: number; lng: number } | null;
  maxDistanceMeters: number;
}): CheckInFlag[] {
  if (!input.position || !input.businessPlace) return [];
  const far = farFromSite(input.businessPlace, { lat: input.position.latitude, lng: input.position.longitude }, input.maxDistanceMeters);
  return far ? [{ code: 'CHECK_IN_FAR_FROM_SITE', message: `签到位置距检查对象登记位置${far}，请核对是否在检查现场签到` }] : [];
}

const degrees = (value: number) => value.toFixed(6);

/** The line of the 现场检查笔录: "纬度…，经度…（精度约…米）" or 未提供位置. */
export function checkInPositionText(position: CheckInPosition | null): string {
  if (!position) return '未提供位置';
  const accuracy = position.accuracyMeters === null ? '' : `（精度约${Math.round(position.accuracyMeters)}米）`;
  return `纬度${degrees(position.latitude)}，经度${degrees(position.longitude)}${accuracy}`;
}
