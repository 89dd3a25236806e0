import { z } from 'zod';
import { CREDIT_GRADES } from '../../../domain/business';
import { RISK_CLASSES } from '../../../domain/draw';
import { MAX_IMPORT_ROWS } from '../../../domain/business-import';

const id = z.string().min(1).max(64);
// Lengths here only bound the request; the rules (and their Chinese messages) are checkBusiness's.
const optionalText = (max: number) => z.string().max(max).nullable().optional();
// WGS-84 (not the GCJ-02 of Chinese map apps); range and both-or-neither are checkBusiness's, with its messages.
const coordinate = z.number().nullable().optional();

export const BusinessIdParams = z.strictObject({ id }).meta({ id: 'BusinessIdParams' });

export const BusinessBody = z
  .strictObject({
    creditCode: z.string().max(40).describe('统一社会信用代码（18位，GB 32100-2015 校验）'),
    name: z.string().max(500).describe('名称'),
    townshipId: z.string().max(64).describe('乡镇：id、9位区划代码或名称'),
    village: z.string().max(100).describe('村（社区）：须为该乡镇的村（社区）之一'),
    address: z.string().max(500).describe('地址（住所/经营场所）'),
    scenarioCode: optionalText(40).describe('场景代码（或场景名称），须已存在'),
    riskClass: z.enum(RISK_CLASSES).nullable().optional().describe('风险等级'),
    creditGrade: z.enum(CREDIT_GRADES).nullable().optional().describe('信用风险分类 A–D'),
    legalRepresentative: optionalText(100).describe('法定代表人（经营者）'),
    contactPhone: optionalText(30).describe('联系电话：手机号或带区号的固定电话'),
    doNotDisturb: z.boolean().default(false).describe('无事不扰：标记后须填写原因；期间可不填（不填：直至取消）'),
    doNotDisturbReason: optionalText(500),
    doNotDisturbFrom: optionalText(20).describe('YYYY-MM-DD'),
    doNotDisturbUntil: optionalText(20).describe('YYYY-MM-DD，不得早于起始日期'),
    latitude: coordinate.describe('登记位置的纬度：WGS-84 十进制度数（-90～90），与 longitude 同时给出或同时不给；照片的 EXIF 位置与之比对'),
    longitude: coordinate.describe('登记位置的经度：WGS-84 十进制度数（-180～180），与 latitude 同时给出或同时不给'),
  })
  .meta({ id: 'BusinessInput' });
export type BusinessBody = z.infer<typeof BusinessBody>;

const booleanText = z.enum(['true', 'false']).transform((v) => v === 'true');

export const BusinessListQuery = z
  .strictObject({
    townshipId: id.optional(),
    village: z.string().max(50).optional(),
    scenarioCode: z.string().max(40).optional(),
    creditGrade: z.enum(CREDIT_GRADES).optional(),
    doNotDisturb: booleanText.optional().describe('true：只看无事不扰；false：只看未标记的'),
    q: z.string().trim().min(1).max(50).optional().describe('名称或统一社会信用代码的一部分'),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .meta({ id: 'BusinessListQuery' });
export type BusinessListQuery = z.infer<typeof BusinessListQuery>;

export const Business = z
  .object({
    id: z.string(),
    creditCode: z.string(),
    name: z.string(),
    townshipId: z.string().nullable(),
    townshipName: z.string().nullable(),
    village: z.string(),
    address: z.string(),
    scenarioCode: z.string().nullable(),
    riskClass: z.enum(RISK_CLASSES).nullable(),
    creditGrade: z.enum(CREDIT_GRADES).nullable(),
    creditGradeLabel: z.string().nullable(),
    samplingClass: z.enum(RISK_CLASSES).describe('双随机抽取所用的风险类别（由信用等级决定，无等级时按风险等级）'),
    legalRepresentative: z.string().nullable(),
    contactPhone: z.string().nullable(),
    doNotDisturb: z.boolean(),
    doNotDisturbReason: z.string().nullable(),
    doNotDisturbFrom: z.string().nullable(),
    doNotDisturbUntil: z.string().nullable(),
    latitude: z.number().nullable().describe('登记位置的纬度（WGS-84）'),
    longitude: z.number().nullable().describe('登记位置的经度（WGS-84）'),
    createdAt: z.string(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'Business' });

export const BusinessList = z
  .object({ items: z.array(Business), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .meta({ id: 'BusinessList' });

export const ImportQuery = z
  .strictObject({
    mode: z.enum(['check', 'commit']).default('check').describe('check（默认）：只校验并报告，不写入；commit：无错误行时一次性全部写入'),
  })
  .meta({ id: 'BusinessImportQuery' });
export type ImportQuery = z.infer<typeof ImportQuery>;

export const ImportReport = z
  .object({
    mode: z.enum(['check', 'commit']),
    committed: z.boolean().describe('是否已写入（只有 commit 且没有错误行时为 true）'),
    file: z.object({
      name: z.string(),
      sha256: z.string(),
      type: z.enum(['xlsx', 'csv']),
      encoding: z.string().nullable().describe('CSV 的字符编码（UTF-8 或 GB18030）'),
      sheet: z.string().nullable(),
    }),
    headerRow: z.number().int(),
    rows: z.number().int().describe('读取的数据行数（不含空行）'),
    counts: z.object({
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      mergedRows: z.number().int().describe('与前面同一统一社会信用代码的行合并的行数'),
      badRows: z.number().int(),
    }),
    errors: z.array(
      z.object({
        row: z.number().int().describe('Excel 中显示的行号'),
        column: z.string().describe('文件中的列标题'),
        value: z.string(),
        reason: z.string(),
        code: z.string(),
      }),
    ),
    merged: z.array(
      z.object({
        creditCode: z.string(),
        rows: z.array(z.number().int()),
        conflicts: z.array(z.object({ column: z.string(), values: z.array(z.object({ row: z.number().int(), value: z.string() })), kept: z.string() })),
      }),
    ),
    ignoredColumns: z.array(z.string()),
    summary: z.string(),
  })
  .meta({ id: 'BusinessImportReport' });
export type ImportReport = z.infer<typeof ImportReport>;

export const ImportErrorBody = z
  .object({
    error: z.object({ code: z.literal('IMPORT_HAS_ERRORS'), message: z.string() }),
    report: ImportReport,
  })
  .meta({ id: 'BusinessImportRefused' });

export const IMPORT_DESCRIPTION = [
  '上传市场主体名录（.xlsx，或 UTF-8/GB18030 编码的 CSV；按文件内容识别类型，不看扩展名），表单字段 file。',
  `表头须含：统一社会信用代码、名称（企业名称）、乡镇（名称或代码）、村（社区）、地址（住所）；可选：场景、风险等级、信用等级、法定代表人（经营者）、联系电话、无事不扰、原因、起、止、经度、纬度（WGS-84 十进制度数，须同时填写；不是高德、腾讯、百度地图的坐标）。表头行可在前20行内；最多 ${MAX_IMPORT_ROWS} 行。`,
  '**mode=check（默认）**：逐行校验并返回报告（每个错误的行号按 Excel 显示、列标题、值和原因；将新增、更新、无变化、合并的户数），不写入任何数据。',
  '**mode=commit**：只有全部行都无误时，才在一个事务中全部写入并返回报告；只要有一行有误，返回 422 IMPORT_HAS_ERRORS 和完整报告，什么也不写入。',
  '同一统一社会信用代码在文件中出现多次时合并为一户：按行序，后出现的非空值优先；取值不同的列在报告中列出。',
  '与已登记的市场主体（同一统一社会信用代码）匹配时更新之：文件中有的列按文件（空单元格即清空），文件中没有的列保持原值；已登记在您不负责的乡镇的，该行报错。',
  '导入记一条审计事件（文件名、SHA-256、各项计数），每户新增或更新另记一条（变更前后的字段）。',
].join('\n\n');
