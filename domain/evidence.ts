/**
 * Evidence files (证据材料): which kinds are accepted, their size limits, and the checks of a
 * photo's EXIF time and place against the visit. Pure: the service sniffs, hashes and stores.
 */

export const EVIDENCE_KINDS = ['PHOTO', 'VIDEO', 'AUDIO', 'PDF'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const EVIDENCE_SUBJECTS = ['CHECK_RESULT', 'FINDING', 'EVENT', 'CASE'] as const;
export type EvidenceSubject = (typeof EVIDENCE_SUBJECTS)[number];

export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = { PHOTO: '照片', VIDEO: '视频', AUDIO: '录音', PDF: 'PDF 文件' };

const MB = 1024 * 1024;

export interface EvidencePolicy {
  /** Bytes per kind; larger files are refused (413). */
  maxBytes: Record<EvidenceKind, number>;
  /** A photo taken further than this from the business's place is flagged. */
  maxDistanceMeters: number;
}

export const DEFAULT_EVIDENCE_POLICY: EvidencePolicy = {
  maxBytes: { PHOTO: 20 * MB, VIDEO: 500 * MB, AUDIO: 100 * MB, PDF: 50 * MB },
  maxDistanceMeters: 1000,
};

/**
 * The content types accepted, by what the bytes say (magic numbers), never by the file name.
 * Camera and 执法记录仪 formats: JPEG/PNG/HEIC/WebP photos, MP4/MOV/3GP/AVI/WebM video,
 * MP3/M4A/WAV/AMR/OGG audio.
 */
export const ACCEPTED_TYPES: Record<string, EvidenceKind> = {
  'image/jpeg': 'PHOTO',
  'image/png': 'PHOTO',
  'image/webp': 'PHOTO',
  'image/heic': 'PHOTO',
  'image/heif': 'PHOTO',
  'video/mp4': 'VIDEO',
  'video/quicktime': 'VIDEO',
  'video/3gpp': 'VIDEO',
  'video/x-msvideo': 'VIDEO',
  'video/webm': 'VIDEO',
  'audio/mpeg': 'AUDIO',
  'audio/mp4': 'AUDIO',
  'audio/x-m4a': 'AUDIO',
  'audio/wav': 'AUDIO',
  'audio/x-wav': 'AUDIO',
  'audio/amr': 'AUDIO',
  'audio/ogg': 'AUDIO',
  'application/pdf': 'PDF',
};

export interface EvidenceFlag {
  code: 'PHOTO_FAR_FROM_SITE' | 'PHOTO_OTHER_DAY' | 'PHOTO_NO_EXIF_TIME';
  message: string;
}

/** Where the place a photo is compared with comes from: the business's registered place, or the site the uploading phone sent. */
export const SITE_SOURCES = ['BUSINESS', 'UPLOAD', 'CHECK_IN'] as const;
export type SiteSource = (typeof SITE_SOURCES)[number];
export const SITE_SOURCE_LABELS: Record<SiteSource, string> = { BUSINESS: '检查对象登记位置', UPLOAD: '上传时给出的检查地点', CHECK_IN: '现场签到位置' };

export interface ComparedSite {
  source: SiteSource;
  lat: number;
  lng: number;
}

/**
 * The place a photo's GPS is checked against (all WGS-84). The business's registered place wins
 * when it has one: the phone's position is what is being checked, so a site the same phone sends
 * cannot vouch for it. The uploaded site is the fallback for a business without coordinates (and
 * for events, which have no business); without one, the position the team checked in at.
 */
export function comparedSite(
  business: { lat: number; lng: number } | null,
  uploaded: { lat: number; lng: number } | null,
  checkIn: { lat: number; lng: number } | null = null,
): ComparedSite | null {
  if (business) return { source: 'BUSINESS', ...business };
  if (uploaded) return { source: 'UPLOAD', ...uploaded };
  if (checkIn) return { source: 'CHECK_IN', ...checkIn };
  return null;
}

/** Great-circle distance in metres (haversine; the Earth's mean radius). */
export function distanceMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The flags of a photo: taken on another day than the visit (the camera's local date, China
 * time, against the visit's China date) or further than the limit from the business. Without
 * the site's coordinates only the day is checked.
 */
export function photoFlags(input: {
  takenAt: string | null;
  position: { lat: number; lng: number } | null;
  visitDay: string | null;
  site: { lat: number; lng: number; source?: SiteSource } | null;
  maxDistanceMeters: number;
}): EvidenceFlag[] {
  const flags: EvidenceFlag[] = [];
  if (input.visitDay) {
    const day = input.takenAt?.slice(0, 10) ?? null;
    if (!day) flags.push({ code: 'PHOTO_NO_EXIF_TIME', message: '照片没有拍摄时间（EXIF），无法核对是否为检查当日拍摄' });
    else if (day !== input.visitDay) flags.push({ code: 'PHOTO_OTHER_DAY', message: `照片拍摄于 ${day}，不是检查当日（${input.visitDay}）` });
  }
  const far = input.site && input.position ? farFromSite(input.site, input.position, input.maxDistanceMeters) : null;
  if (far) flags.push({ code: 'PHOTO_FAR_FROM_SITE', message: `照片拍摄地点距${SITE_SOURCE_LABELS[input.site?.source ?? 'UPLOAD']}${far}` });
  return flags;
}

/**
 * The one distance rule (the evidence policy's maxDistanceMeters): a position further than the
 * limit from the site is flagged, never refused — GPS drifts, a business's registered place can be
 * wrong. Returns the clause that says so ("约 1.2 公里，超过 1.0 公里"), null when within.
 */
export function farFromSite(site: { lat: number; lng: number }, position: { lat: number; lng: number }, maxDistanceMeters: number): string | null {
  const meters = distanceMeters(site, position);
  return meters > maxDistanceMeters ? `约 ${(meters / 1000).toFixed(1)} 公里，超过 ${(maxDistanceMeters / 1000).toFixed(1)} 公里` : null;
}

/** "2026:12:06 10:15:00" (EXIF) → "2026-12-06T10:15:00"; null when it is not a date. */
export function exifDateTime(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : null;
}
