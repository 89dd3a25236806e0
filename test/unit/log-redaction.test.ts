import { redactTokenUrl } from '../../api/app';

test('one-time rating tokens never reach the request log', () => {
  expect(redactTokenUrl('/rate/Zm9vYmFyYmF6?utm=1')).toBe('/rate/[redacted]?utm=1');
  expect(redactTokenUrl('/api/public/ratings/Zm9vYmFyYmF6')).toBe('/api/public/ratings/[redacted]');
  expect(redactTokenUrl('/api/inspections/abc/rating-link')).toBe('/api/inspections/abc/rating-link');
  expect(redactTokenUrl(undefined)).toBeUndefined();
});
