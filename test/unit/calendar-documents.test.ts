/**
 * The 责令改正通知书 says when its deadline was counted without the year's holiday notice:
 * "（暂按法定节假日推算）" after the date, for the deadline and for each extension so counted.
 */
import JSZip from 'jszip';
import { renderDocx } from '../../documents';
import { DEFAULT_ISSUING_AUTHORITY, type RectificationOrderModel } from '../../domain/documents';

async function textOf(model: RectificationOrderModel): Promise<string> {
  const bytes = await renderDocx('RECTIFICATION_ORDER', model, { number: '包鸾综执改〔2026〕第1号', issuedOn: '2026-12-02', authority: DEFAULT_ISSUING_AUTHORITY });
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  return xml.replace(/<[^>]+>/g, '');
}

const order: RectificationOrderModel = {
  party: { name: '包鸾镇刘记豆花饭庄', creditCode: '92500230MA5XXXXX1X', address: '包鸾镇场镇中街' },
  violations: [{ facts: '疏散通道堆放杂物', legalBasis: '《中华人民共和国消防法》第二十八条' }],
  requirement: '立即清理疏散通道内堆放的物品',
  issuedOn: '2026-12-02',
  deadline: '2027-01-12',
};

test('a provisional deadline and extension carry the note; an official one does not', async () => {
  const provisional = await textOf({
    ...order,
    deadline: '2027-01-15',
    deadlineProvisional: true,
    extensions: [{ reason: '当事人申请', newDeadline: '2027-01-15', provisional: true }],
  });
  expect(provisional).toContain('现责令你（单位）于2027年1月15日（暂按法定节假日推算）前改正上述违法行为');
  expect(provisional).toContain('经第1次延期（当事人申请），整改期限延长至2027年1月15日（暂按法定节假日推算）。');

  const official = await textOf({ ...order, deadline: '2026-12-16', deadlineProvisional: false });
  expect(official).toContain('现责令你（单位）于2026年12月16日前改正上述违法行为');
  expect(official).not.toContain('暂按法定节假日推算');
});
