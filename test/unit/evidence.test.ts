import { describe, expect, test } from '@jest/globals';
import { comparedSite, distanceMeters, exifDateTime, photoFlags } from '../../domain/evidence';
import { sniffContentType } from '../../api/services/evidence';

const SITE = { lat: 29.8869, lng: 107.7301 };

describe('photo flags', () => {
  test('distance: 0.009° of latitude is about 1 km', () => {
    expect(distanceMeters(SITE, { lat: SITE.lat + 0.009, lng: SITE.lng })).toBeGreaterThan(990);
    expect(distanceMeters(SITE, { lat: SITE.lat + 0.009, lng: SITE.lng })).toBeLessThan(1010);
  });

  test('within the limit and on the day: no flag; beyond or another day: flagged; no site: the day only', () => {
    const base = { visitDay: '2026-12-06', site: SITE, maxDistanceMeters: 1000 };
    expect(photoFlags({ ...base, takenAt: '2026-12-06T10:00:00', position: { lat: SITE.lat + 0.008, lng: SITE.lng } })).toEqual([]);
    expect(photoFlags({ ...base, takenAt: '2026-12-06T10:00:00', position: { lat: SITE.lat + 0.01, lng: SITE.lng } }).map((f) => f.code)).toEqual(['PHOTO_FAR_FROM_SITE']);
    expect(photoFlags({ ...base, takenAt: '2026-12-05T23:59:59', position: null }).map((f) => f.code)).toEqual(['PHOTO_OTHER_DAY']);
    expect(photoFlags({ ...base, site: null, takenAt: '2026-12-06T08:00:00', position: { lat: 0, lng: 0 } })).toEqual([]);
    expect(photoFlags({ ...base, takenAt: null, position: null }).map((f) => f.code)).toEqual(['PHOTO_NO_EXIF_TIME']);
  });

  test("the business's registered place wins over the site the phone sends; the flag names which was used", () => {
    const phone = { lat: SITE.lat + 0.045, lng: SITE.lng };
    expect(comparedSite(SITE, phone)).toEqual({ source: 'BUSINESS', ...SITE });
    expect(comparedSite(null, phone)).toEqual({ source: 'UPLOAD', ...phone });
    expect(comparedSite(null, null)).toBeNull();
    const base = { visitDay: '2026-12-06', takenAt: '2026-12-06T10:00:00', position: phone, maxDistanceMeters: 1000 };
    expect(photoFlags({ ...base, site: comparedSite(SITE, phone) })[0].message).toContain('距检查对象登记位置约 5.0 公里');
    expect(photoFlags({ ...base, site: comparedSite(null, phone) })).toEqual([]);
  });

  test('EXIF date-times are read as written', () => {
    expect(exifDateTime('2026:12:06 10:15:00')).toBe('2026-12-06T10:15:00');
    expect(exifDateTime('0000:00:00 00:00:00')).toBe('0000-00-00T00:00:00');
    expect(exifDateTime('garbage')).toBeNull();
    expect(exifDateTime(undefined)).toBeNull();
  });
});

describe('the type comes from the content', () => {
  const pad = (head: number[] | string) => Buffer.concat([typeof head === 'string' ? Buffer.from(head, 'latin1') : Buffer.from(head), Buffer.alloc(64)]);
  test.each([
    ['JPEG', pad([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]), 'image/jpeg'],
    ['PNG', pad([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'image/png'],
    ['PDF', pad('%PDF-1.7\n'), 'application/pdf'],
    ['MP4', pad('\u0000\u0000\u0000\u0018ftypmp42\u0000\u0000\u0000\u0000mp42isom'), 'video/mp4'],
    ['ELF', pad([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01]), null],
    ['PE', pad('MZ\u0090\u0000'), null],
    ['a shell script', pad('#!/bin/sh\nrm -rf /\n'), null],
  ])('%s', (_name, bytes, expected) => {
    expect(sniffContentType(bytes)).toBe(expected);
  });
});
