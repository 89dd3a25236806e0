/**
 * The documents of the penalty procedure: 行政处罚事先告知书 (§44, with the hearing right of §63
 * when it applies), 听证通知书 (§64(2)–(4)) and 听证笔录 (§64(8)) — required elements and what
 * the rendered DOCX says.
 */
import JSZip from 'jszip';
import { renderDocx } from '../../documents';
import {
  DEFAULT_ISSUING_AUTHORITY,
  missingElements,
  type DocumentModels,
  type HearingNoticeModel,
  type HearingRecordModel,
  type PriorNoticeModel,
} from '../../domain/documents';

const party = { name: '丰都县某食品有限公司', creditCode: '91500230MA5U7AKX37', address: '重庆市丰都县包鸾镇工业园1号' };

async function textOf<K extends 'PRIOR_NOTICE' | 'HEARING_NOTICE' | 'HEARING_RECORD'>(kind: K, model: DocumentModels[K]): Promise<string> {
  const bytes = await renderDocx(kind, model, { number: '包鸾综执告〔2026〕第1号', issuedOn: '2026-03-02', authority: DEFAULT_ISSUING_AUTHORITY });
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  return xml.replace(/<[^>]+>/g, '');
}

const notice: PriorNoticeModel = {
  party,
  facts: '当事人生产经营超过保质期的食品',
  evidence: ['现场检查笔录', '抽样检验报告'],
  legalBasis: '《中华人民共和国食品安全法》第一百二十四条第一款',
  penalty: { kind: '罚款', fineAmount: 150_000, confiscationAmount: null },
  hearingGrounds: ['对法人或者其他组织处以100000元以上的较大数额罚款（第六十三条第一款第一项）'],
  statementWorkingDays: 5,
  hearingRequestWorkingDays: 5,
  issuedOn: '2026-03-02',
};

test('the prior notice states the penalty, the rights and — with §63 — the hearing right and its term', async () => {
  expect(missingElements('PRIOR_NOTICE', notice)).toEqual([]);
  const text = await textOf('PRIOR_NOTICE', notice);
  expect(text).toContain('行政处罚事先告知书');
  expect(text).toContain('人民币150,000元');
  expect(text).toContain('第四十四条');
  expect(text).toContain('有权要求听证');
  expect(text).toContain('五个工作日内');
  const plain = await textOf('PRIOR_NOTICE', { ...notice, hearingGrounds: [], penalty: { kind: '罚款', fineAmount: 2000, confiscationAmount: null } });
  expect(plain).not.toContain('听证');
  expect(missingElements('PRIOR_NOTICE', { ...notice, legalBasis: ' ', penalty: { kind: '罚款', fineAmount: null, confiscationAmount: null } }).map((m) => m.element)).toEqual([
    'legalBasis',
    'penalty.fineAmount',
  ]);
});

const hearingNotice: HearingNoticeModel = {
  party,
  caseTitle: '某食品公司生产经营超过保质期食品案',
  hearingAt: '2026-03-17T01:00:00.000Z',
  place: '包鸾镇人民政府三楼会议室',
  presidingName: '谭法审',
  public: true,
  notPublicReason: null,
  issuedOn: '2026-03-06',
};

test('the hearing notice names time, place, the presiding officer, and the rights to challenge and of a no-show', async () => {
  expect(missingElements('HEARING_NOTICE', hearingNotice)).toEqual([]);
  const text = await textOf('HEARING_NOTICE', hearingNotice);
  expect(text).toContain('2026年3月17日 09时00分');
  expect(text).toContain('谭法审');
  expect(text).toContain('申请回避');
  expect(text).toContain('视为放弃听证权利');
  expect(missingElements('HEARING_NOTICE', { ...hearingNotice, public: false }).map((m) => m.element)).toEqual(['notPublicReason']);
});

const record: HearingRecordModel = {
  party,
  caseTitle: '某食品公司生产经营超过保质期食品案',
  hearingAt: '2026-03-17T01:00:00.000Z',
  place: '包鸾镇人民政府三楼会议室',
  presidingName: '谭法审',
  investigators: ['市场一', '市场二'],
  summary: '调查人员陈述事实、证据和处罚建议；当事人质证、申辩',
  partyOpinion: '请求从轻处罚',
  partySigned: false,
  refusalNote: null,
};

test('a hearing record is not issued unsigned without the refusal noted; signed, it renders for the signatures', async () => {
  expect(missingElements('HEARING_RECORD', record).map((m) => m.element)).toEqual(['partySigned']);
  expect(missingElements('HEARING_RECORD', { ...record, refusalNote: '当事人拒绝签字，主持人注明' })).toEqual([]);
  const text = await textOf('HEARING_RECORD', { ...record, partySigned: true });
  expect(text).toContain('听证笔录');
  expect(text).toContain('市场一、市场二');
  expect(text).toContain('第六十四条第八项');
  expect(text).toContain('核对无误后签名');
});
