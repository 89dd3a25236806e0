/** 检查结果公示's rules (domain/publicity.ts): the setting, and a text made fit to publish or withheld. */
import { expect, test } from '@jest/globals';
import { parsePublishInspectionResults, publishableText } from '../../domain/publicity';

test('the setting is off unless on; a wrong value is an error, not a guess', () => {
  expect(parsePublishInspectionResults(undefined)).toBe(false);
  expect(parsePublishInspectionResults('off')).toBe(false);
  expect(parsePublishInspectionResults(' ON ')).toBe(true);
  expect(() => parsePublishInspectionResults('yes please')).toThrow(/PUBLISH_INSPECTION_RESULTS/);
});

test('numbers removed and the named persons masked; nothing left to find', () => {
  expect(publishableText('李明（电话023-70601234）陪同检查', ['李明'])).toBe('李某（电话（电话号码已隐去））陪同检查');
  expect(publishableText('台账齐全', [])).toBe('台账齐全');
});
