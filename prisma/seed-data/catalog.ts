/**
 * Seed reference catalog for a Chongqing mountain township (包鸾镇, 丰都县 — administrative
 * division 500230): departments, check items (检查事项) with legal basis / method / measurable
 * limit, scenario lists (场景清单), villages, demo targets and demo officers.
 *
 * Everything about people and businesses here is INVENTED demo data. Legal bases name the law
 * and article as far as they are known; technical limits cite the national standard in the
 * method text. Limits are data, not code: edit them here (or in the database) when a local
 * rule is stricter.
 */
import type { CheckItemSpec, DepartmentSpec, Measurement, ScenarioSpec } from '../../domain/catalog';
import type { Role } from '../../domain/roles';
import { creditCodeCheckCharacter } from '../../domain/credit-code';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** Administrative division code of 丰都县, 重庆市. */
export const DIVISION_CODE = '500230';

/** Builds an 18-character unified social credit code from its first 17 characters (GB 32100-2015). */
export function makeCreditCode(body17: string): string {
  return body17 + creditCodeCheckCharacter(body17);
}

const NONE: Measurement = { kind: 'NONE' };

function numeric(unit: string, limits: { min?: number; max?: number }, validMin: number, validMax: number): Measurement {
  const m: Measurement = { kind: 'NUMERIC', unit, validMin, validMax };
  if (limits.min !== undefined) m.limitMin = limits.min;
  if (limits.max !== undefined) m.limitMax = limits.max;
  return m;
}

// ---------------------------------------------------------------------------------------------
// Departments
// ---------------------------------------------------------------------------------------------

export const departments: DepartmentSpec[] = [
  { code: 'MARKET', name: '丰都县市场监督管理局包鸾市场监督管理所', shortName: '市场监管' },
  { code: 'FIRE', name: '丰都县消防救援大队包鸾镇消防工作站', shortName: '消防' },
  { code: 'SAFETY', name: '包鸾镇应急管理办公室（安全生产监督管理）', shortName: '应急管理' },
  { code: 'ECOENV', name: '包鸾镇生态环境保护办公室', shortName: '生态环境' },
  { code: 'HEALTH', name: '丰都县卫生健康综合行政执法支队包鸾镇执法工作站', shortName: '卫生健康' },
  { code: 'AGRI', name: '包鸾镇农业服务中心（农业综合行政执法）', shortName: '农业农村' },
  { code: 'URBAN', name: '包鸾镇综合行政执法大队', shortName: '综合执法' },
  { code: 'HOUSING', name: '包鸾镇规划建设管理办公室', shortName: '规划建设' },
  { code: 'POLICE', name: '丰都县公安局包鸾派出所', shortName: '派出所' },
];

// ---------------------------------------------------------------------------------------------
// Check items (检查事项)
// ---------------------------------------------------------------------------------------------

const FSL = '《中华人民共和国食品安全法》';
const DAL = '《中华人民共和国药品管理法》';
const FPL = '《中华人民共和国消防法》';
const WSL = '《中华人民共和国安全生产法》';
const HAZ = '《危险化学品安全管理条例》';
const NOISE = '《中华人民共和国噪声污染防治法》';
const AIR = '《中华人民共和国大气污染防治法》';
const PUB = '《公共场所卫生管理条例》';
const PUBR = '《公共场所卫生管理条例实施细则》';
const MIR = '《医疗机构管理条例》';
const MWR = '《医疗废物管理条例》';
const CSR = '《建设工程安全生产管理条例》';
const HOTEL = '《旅馆业治安管理办法》';

/**
 * The no-penalty list (首违不罚清单) as seeded: the items of minor severity whose harm is
 * administrative (licences displayed, records, signs, street order) — not fire safety or
 * production safety items, where even a minor lapse can cost lives. A township replaces it
 * with the lists its departments have published.
 */
export const noPenaltyList: readonly string[] = [
  'MARKET-11',
  'HEALTH-04',
  'HEALTH-06',
  'HEALTH-10',
  'HEALTH-11',
  'HEALTH-12',
  'AGRI-03',
  'URBAN-01',
  'URBAN-02',
  'URBAN-03',
  'URBAN-04',
  'URBAN-06',
  'HOUSING-03',
  'HOUSING-09',
  'POLICE-03',
];

export const checkItems: CheckItemSpec[] = [
  // ---- 市场监管 MARKET -------------------------------------------------------------------------
  {
    code: 'MARKET-01',
    departmentCode: 'MARKET',
    title: '持有营业执照并置于经营场所醒目位置，登记的名称、经营场所、经营范围与实际一致',
    legalBasis: '《中华人民共和国市场主体登记管理条例》第三条、第三十六条',
    method: '现场查看营业执照正本或电子营业执照，核对名称、经营者、经营场所与实际经营地址、经营项目是否一致',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'MARKET-02',
    departmentCode: 'MARKET',
    title: '取得食品经营许可证且在有效期内（仅销售预包装食品的已备案），经营项目与许可一致',
    legalBasis: `${FSL}第三十五条`,
    method: '查看食品经营许可证（或仅销售预包装食品备案信息），核对主体业态、经营项目、有效期及经营场所地址',
    measurement: NONE,
    severity: 'MAJOR',
  },
  {
    code: 'MARKET-03',
    departmentCode: 'MARKET',
    title: '从事接触直接入口食品工作的从业人员持有有效健康证明',
    legalBasis: `${FSL}第四十五条`,
    method: '对照从业人员花名册逐人查验健康证明原件及有效期（一年），询问当日在岗人员并现场核对身份',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'MARKET-04',
    departmentCode: 'MARKET',
    title: '落实进货查验和记录制度，索取并留存供货者许可证、产品合格证明或票据',
    legalBasis: `${FSL}第五十三条、第五十五条`,
    method: '抽查近一个月进货台账（纸质或电子），随机抽取3种在售食品或原料倒查供货者资质、票据及检验合格证明，记录保存期限不少于产品保质期满后六个月',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'MARKET-05',
    departmentCode: 'MARKET',
    title: '无超过保质期、腐败变质、霉变生虫等不符合食品安全要求的食品及原料',
    legalBasis: `${FSL}第三十四条第（六）项、第（十）项，第五十四条`,
    method: '现场查看货架、库房、冷柜，逐批核对生产日期和保质期，感官检查有无腐败变质、霉变生虫；发现问题的拍照固定并清点数量',
    measurement: NONE,
    severity: 'MAJOR',
  },
  {
    code: 'MARKET-06',
    departmentCode: 'MARKET',
    title: '冷藏设备运行温度不高于8℃',
    legalBasis: `${FSL}第三十三条第一款第（六）项`,
    method: '使用经检定的探针式食品温度计测量冷藏柜（库）中部物品或空间温度，冷藏温度应在0℃～8℃（《餐饮服务食品安全操作规范》）；记录设备编号和读数',
    measurement: numeric('℃', { max: 8 }, -30, 40),
    severity: 'MODERATE',
  },
  {
    code: 'MARKET-07',
    departmentCode: 'MARKET',
    title: '冷冻设备运行温度不高于-18℃',
    legalBasis: `${FSL}第三十三条第一款第（六）项`,
    method: '使用经检定的探针式食品温度计测量冷冻柜（库）内温度，速冻及冷冻食品贮存温度应≤-18℃；设备温度显示与实测不一致的以实测为准',
    measurement: numeric('℃', { max: -18 }, -50, 30),
    severity: 'MODERATE',
  },
  {
    code: 'MARKET-08',
    departmentCode: 'MARKET',
    title: '餐饮具洗碗机（热水）消毒温度达到要求，消毒后餐饮具保洁存放',
    legalBasis: `${FSL}第三十三条第一款第（五）项、第五十六条第二款`,
    method: '在洗碗机消毒段（终段冲洗）放置温度计或读取经校准的温度显示，洗碗机消毒水温一般控制在85℃（《餐饮服务食品安全操作规范》）；查看消毒记录和保洁柜',
    measurement: numeric('℃', { min: 85 }, 0, 150),
    severity: 'MODERATE',
  },
  {
    code: 'MARKET-09',
    departmentCode: 'MARKET',
    title: '集中交易市场开办者审查入场销售者资质，建立入场销售者档案并落实检查制度',
    legalBasis: `${FSL}第六十一条`,
    method: '查阅市场开办者入场销售者档案（营业执照、身份信息、经营品种、摊位号），抽查5个摊位现场核对，查看每日巡查记录',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'MARKET-10',
    departmentCode: 'MARKET',
    title: '用于贸易结算的计量器具（电子计价秤、加油机等）经强制检定合格并在有效期内',
    legalBasis: '《中华人民共和国计量法》第九条',
    method: '查看计量器具上的强制检定合格标志及检定证书有效期；用市场公平秤或标准砝码对电子秤复核，发现作弊装置的立即封存',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'MARKET-11',
    departmentCode: 'MARKET',
    title: '商品和服务明码标价，标价签品名、计价单位、价格清晰准确',
    legalBasis: '《中华人民共和国价格法》第十三条',
    method: '现场查看价目表、标价签，抽查5种商品核对标价与实际结算价格是否一致',
    measurement: NONE,
    severity: 'MINOR',
  },
  {
    code: 'MARKET-12',
    departmentCode: 'MARKET',
    title: '在售蔬菜农药残留快速检测（酶抑制率法）结果为阴性',
    legalBasis: `${FSL}第一百一十二条`,
    method: '按GB/T 5009.199-2003酶抑制率法现场抽取叶菜类样品速测，抑制率≥50%判为阳性，阳性样品依法抽样送检并暂停销售同批次产品',
    measurement: numeric('%', { max: 50 }, 0, 100),
    severity: 'MAJOR',
  },
  {
    code: 'MARKET-13',
    departmentCode: 'MARKET',
    title: '持有有效的药品经营许可证，经营方式和范围与许可一致',
    legalBasis: `${DAL}第五十一条`,
    method: '查看药品经营许可证正本，核对企业名称、注册地址、经营范围、质量负责人及有效期，抽查在售药品是否超范围',
    measurement: NONE,
    severity: 'MAJOR',
  },
  {
    code: 'MARKET-14',
    departmentCode: 'MARKET',
    title: '执行药品进货检查验收制度，购进记录真实完整，不从无资质渠道购进药品',
    legalBasis: `${DAL}第五十六条、第五十七条`,
    method: '随机抽取5个品规药品，倒查随货同行单、发票、供货单位资质和验收记录，核对批号、数量一致',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'MARKET-15',
    departmentCode: 'MARKET',
    title: '冷藏药品储存温度保持在2℃～8℃',
    legalBasis: `${DAL}第五十九条`,
    method: '使用经校准的温度计测量冷藏柜内温度，查阅近30天温湿度监测记录，核对冷藏药品（如胰岛素、疫苗类以外的生物制品）是否放置在冷藏柜内',
    measurement: numeric('℃', { min: 2, max: 8 }, -30, 40),
    severity: 'MODERATE',
  },
  {
    code: 'MARKET-16',
    departmentCode: 'MARKET',
    title: '处方药与非处方药分区陈列，处方药凭处方销售并留存处方或记录',
    legalBasis: `${DAL}第五十四条；《处方药与非处方药分类管理办法（试行）》第八条`,
    method: '现场查看处方药陈列区和标识，抽查处方药销售记录与处方（含电子处方）对应情况，必要时以询问方式核实',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'MARKET-17',
    departmentCode: 'MARKET',
    title: '营业时间内执业药师或依法经过资格认定的药学技术人员在岗履职',
    legalBasis: `${DAL}第五十二条第一款第（一）项`,
    method: '核对执业药师注册证和在岗人员身份，查看执业药师挂牌及考勤记录，询问处方审核流程',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'MARKET-18',
    departmentCode: 'MARKET',
    title: '不向未成年人销售烟、酒，并在显著位置设置不向未成年人销售烟酒的标志',
    legalBasis: '《中华人民共和国未成年人保护法》第五十九条',
    method: '现场查看店内是否在收银台等显著位置张贴标志，检查是否经营烟酒及经营区域，询问店主对购买者年龄的核验做法',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'MARKET-19',
    departmentCode: 'MARKET',
    title: '预包装食品标签完整规范，无“三无”食品（无厂名厂址、无生产日期、无合格证明）',
    legalBasis: `${FSL}第三十四条第（十一）项、第六十七条`,
    method: '重点查看面向学生销售的散装糖果、辣条、饮料等，逐一核对标签上的品名、配料表、净含量、生产者名称地址、生产日期、保质期、生产许可证编号',
    measurement: NONE,
    severity: 'MODERATE',
  },

  // ---- 消防 FIRE -------------------------------------------------------------------------------
  {
    code: 'FIRE-01',
    departmentCode: 'FIRE',
    title: '按规定配置灭火器，压力表指针在绿区（储压式干粉灭火器约1.0～1.4 MPa）',
    legalBasis: `${FPL}第十六条第一款第（二）项`,
    method: '现场清点灭火器数量和位置，逐具查看压力表读数、喷管、保险销、铅封及维修标签，读数记录到0.1 MPa',
    measurement: numeric('MPa', { min: 1.0, max: 1.4 }, 0, 4),
    severity: 'MODERATE',
  },
  {
    code: 'FIRE-02',
    departmentCode: 'FIRE',
    title: '疏散走道净宽度不小于1.1米，无堆放物品占用',
    legalBasis: `${FPL}第二十八条`,
    method: '使用钢卷尺或激光测距仪在疏散走道最窄处测量净宽（扣除堆放物、突出物），参照GB 50016《建筑设计防火规范》',
    measurement: numeric('m', { min: 1.1 }, 0, 20),
    severity: 'MODERATE',
  },
  {
    code: 'FIRE-03',
    departmentCode: 'FIRE',
    title: '消防应急照明和疏散指示标志完好，应急工作时间不少于30分钟',
    legalBasis: `${FPL}第十六条第一款第（二）项`,
    method: '断开正常照明电源（或按下试验按钮）模拟断电，用秒表计时应急照明持续工作时间；查看疏散指示方向是否正确（GB 50016第10.1.5条：不少于0.5h）',
    measurement: numeric('min', { min: 30 }, 0, 600),
    severity: 'MODERATE',
  },
  {
    code: 'FIRE-04',
    departmentCode: 'FIRE',
    title: '疏散走道地面最低水平照度不低于1.0 lx',
    legalBasis: `${FPL}第十六条第一款第（二）项`,
    method: '在应急照明状态下用照度计在疏散走道地面中心线最暗点测量（GB 50016第10.3.2条）',
    measurement: numeric('lx', { min: 1.0 }, 0, 2000),
    severity: 'MINOR',
  },
  {
    code: 'FIRE-05',
    departmentCode: 'FIRE',
    title: '安全出口、疏散通道畅通，营业期间不锁闭，门窗无影响逃生和灭火救援的障碍物（防盗网、广告牌）',
    legalBasis: `${FPL}第二十八条`,
    method: '逐一开启安全出口门，查看是否锁闭、堵塞；查看外窗是否设置固定防盗网或广告牌遮挡',
    measurement: NONE,
    severity: 'MAJOR',
  },
  {
    code: 'FIRE-06',
    departmentCode: 'FIRE',
    title: '电气线路无私拉乱接，电动自行车不在室内或疏散通道停放充电',
    legalBasis: `${FPL}第二十七条`,
    method: '现场查看配电箱、插座、临时线路及大功率电器使用情况，查看楼梯间、门厅有无电动自行车停放充电',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'FIRE-07',
    departmentCode: 'FIRE',
    title: '无“三合一”场所违规住人（生产、储存、经营场所与居住场所设置在同一建筑物内未采取防火分隔）',
    legalBasis: `${FPL}第十九条`,
    method: '查看经营场所内部及阁楼、后堂是否设有住宿，核实住宿部分与经营部分之间的防火分隔和独立疏散设施',
    measurement: NONE,
    severity: 'MAJOR',
  },
  {
    code: 'FIRE-08',
    departmentCode: 'FIRE',
    title: '公众聚集场所投入使用、营业前已通过消防安全检查（或作出告知承诺）',
    legalBasis: `${FPL}第十五条`,
    method: '查阅公众聚集场所投入使用、营业前消防安全检查合格证或告知承诺文书，核对使用性质、面积与实际一致',
    measurement: NONE,
    severity: 'MAJOR',
  },
  {
    code: 'FIRE-09',
    departmentCode: 'FIRE',
    title: '开展防火巡查检查和员工消防安全培训、演练，员工会使用灭火器',
    legalBasis: `${FPL}第十六条第一款第（五）项、第（六）项`,
    method: '查阅防火巡查记录、培训和演练记录，现场随机抽问1～2名员工灭火器使用方法和报警程序',
    measurement: NONE,
    severity: 'MINOR',
  },
  {
    code: 'FIRE-10',
    departmentCode: 'FIRE',
    title: '客房、走道设置独立式感烟火灾探测报警器并能正常报警',
    legalBasis: `${FPL}第十六条第一款第（二）项`,
    method: '抽查不少于3间客房和走道，按下测试按钮或用烟雾测试，确认报警器能发出声光报警；参照《农家乐（民宿）建筑防火导则（试行）》',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'FIRE-11',
    departmentCode: 'FIRE',
    title: '具有火灾、爆炸危险的场所禁止吸烟和使用明火，设置明显禁火标志',
    legalBasis: `${FPL}第二十一条`,
    method: '现场查看禁火标志，查看站区、库房有无烟头、火种及违规动火作业，查阅动火审批记录',
    measurement: NONE,
    severity: 'MAJOR',
  },

  // ---- 应急管理 SAFETY -------------------------------------------------------------------------
  {
    code: 'SAFETY-01',
    departmentCode: 'SAFETY',
    title: '使用燃气的餐饮场所安装可燃气体报警装置并保障正常使用',
    legalBasis: `${WSL}第三十六条第四款`,
    method: '现场查看厨房燃气使用点是否安装可燃气体报警装置及安装位置（液化石油气报警器距地面不高于0.3 m），用标准气或打火机气体测试能否报警，联动切断阀能否动作',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'SAFETY-02',
    departmentCode: 'SAFETY',
    title: '在有较大危险因素的场所和设施、设备上设置明显的安全警示标志',
    legalBasis: `${WSL}第三十五条`,
    method: '现场查看储罐区、配电房、燃气瓶存放点、危险作业区域的安全警示标志是否齐全、醒目',
    measurement: NONE,
    severity: 'MINOR',
  },
  {
    code: 'SAFETY-03',
    departmentCode: 'SAFETY',
    title: '对从业人员进行安全生产教育和培训并建立培训档案',
    legalBasis: `${WSL}第二十八条`,
    method: '查阅安全培训计划、记录和考核档案，现场抽问从业人员本岗位安全操作规程和应急处置措施',
    measurement: NONE,
    severity: 'MINOR',
  },
  {
    code: 'SAFETY-04',
    departmentCode: 'SAFETY',
    title: '电工、焊接与热切割等特种作业人员持有效特种作业操作证上岗',
    legalBasis: `${WSL}第三十条`,
    method: '核对现场特种作业人员身份与特种作业操作证（应急管理部门核发）的作业类别、有效期，可通过全国特种作业操作证查询系统核验',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'SAFETY-05',
    departmentCode: 'SAFETY',
    title: '取得危险化学品经营许可证并在有效期内，经营品种与许可范围一致',
    legalBasis: `${HAZ}第三十三条`,
    method: '查看危险化学品经营许可证，核对许可范围、储存方式与实际经营品种、数量，加油站核对成品油零售经营资格',
    measurement: NONE,
    severity: 'MAJOR',
  },
  {
    code: 'SAFETY-06',
    departmentCode: 'SAFETY',
    title: '危险化学品储存在专用仓库、专用场地或专用储存室内，分类分项存放、专人管理',
    legalBasis: `${HAZ}第二十四条`,
    method: '现场查看储存场所、储存数量与限量、禁忌物料是否混存、出入库登记和专人管理情况',
    measurement: NONE,
    severity: 'MAJOR',
  },
  {
    code: 'SAFETY-07',
    departmentCode: 'SAFETY',
    title: '制定生产安全事故应急救援预案并定期组织演练',
    legalBasis: `${WSL}第八十一条`,
    method: '查阅应急预案文本、备案回执及近一年演练记录（照片、总结），核对应急物资配备',
    measurement: NONE,
    severity: 'MINOR',
  },
  {
    code: 'SAFETY-08',
    departmentCode: 'SAFETY',
    title: '加油区、卸油区及加油机底槽环境可燃气体浓度低于一级报警设定值（25 %LEL）',
    legalBasis: `${HAZ}第二十条；${WSL}第三十六条`,
    method: '使用经检定的便携式可燃气体检测仪在加油机底槽、卸油口、油罐人孔井处检测，读取最大值；同时查看固定式报警器运行状态（GB/T 50493-2019）',
    measurement: numeric('%LEL', { max: 25 }, 0, 100),
    severity: 'MAJOR',
  },
  {
    code: 'SAFETY-09',
    departmentCode: 'SAFETY',
    title: '为从业人员提供符合国家标准或行业标准的劳动防护用品并监督正确佩戴使用',
    legalBasis: `${WSL}第四十五条`,
    method: '现场查看作业人员安全帽、安全带、防护手套等佩戴情况，查阅劳动防护用品发放记录',
    measurement: NONE,
    severity: 'MINOR',
  },
  {
    code: 'SAFETY-10',
    departmentCode: 'SAFETY',
    title: '建立并落实事故隐患排查治理制度，隐患整改闭环',
    legalBasis: `${WSL}第四十一条`,
    method: '查阅隐患排查台账，核对已排查隐患的整改措施、责任人、完成时间和验收记录',
    measurement: NONE,
    severity: 'MINOR',
  },
  {
    code: 'SAFETY-11',
    departmentCode: 'SAFETY',
    title: '卸油静电接地装置完好，防静电接地电阻不大于100 Ω',
    legalBasis: `${HAZ}第二十条`,
    method: '使用接地电阻测试仪测量卸油区静电接地报警仪接地极电阻，查阅防雷防静电检测报告（GB 50156）',
    measurement: numeric('Ω', { max: 100 }, 0, 2000),
    severity: 'MODERATE',
  },
  {
    code: 'SAFETY-12',
    departmentCode: 'SAFETY',
    title: '经营的危险化学品附有化学品安全技术说明书和安全标签，不向无资质单位采购',
    legalBasis: `${HAZ}第三十七条`,
    method: '抽查3种在售危险化学品，查看包装安全标签和安全技术说明书（SDS），倒查供货单位资质',
    measurement: NONE,
    severity: 'MODERATE',
  },

  // ---- 生态环境 ECOENV -------------------------------------------------------------------------
  {
    code: 'ECOENV-01',
    departmentCode: 'ECOENV',
    title: '建设项目依法编制环境影响评价文件并经审批（或登记表备案）后开工建设',
    legalBasis: '《中华人民共和国环境影响评价法》第二十二条、第二十五条',
    method: '对照《建设项目环境影响评价分类管理名录》确定类别，查阅环评批复或登记表备案回执，核对建设地点、规模与实际是否一致',
    measurement: NONE,
    severity: 'MAJOR',
  },
  {
    code: 'ECOENV-02',
    departmentCode: 'ECOENV',
    title: '夜间（22:00—次日6:00）建筑施工场界环境噪声不超过55 dB(A)',
    legalBasis: `${NOISE}第四十条、第七十七条第（一）项；《建筑施工场界环境噪声排放标准》（GB 12523-2011）第4.1条`,
    method: '使用经检定的积分平均声级计（2型及以上），测点设在施工场界外1 m、高度1.2 m以上，测量连续20 min等效声级Leq；夜间最大声级超过限值的幅度不得高于15 dB(A)；同步记录背景噪声',
    measurement: numeric('dB(A)', { max: 55 }, 20, 140),
    severity: 'MAJOR',
  },
  {
    code: 'ECOENV-03',
    departmentCode: 'ECOENV',
    title: '昼间（6:00—22:00）建筑施工场界环境噪声不超过70 dB(A)',
    legalBasis: `${NOISE}第四十条、第七十七条第（一）项；《建筑施工场界环境噪声排放标准》（GB 12523-2011）第4.1条`,
    method: '使用经检定的积分平均声级计，测点设在施工场界外1 m、高度1.2 m以上，测量连续20 min等效声级Leq，同步记录主要噪声源和背景噪声',
    measurement: numeric('dB(A)', { max: 70 }, 20, 140),
    severity: 'MODERATE',
  },
  {
    code: 'ECOENV-04',
    departmentCode: 'ECOENV',
    title: '在噪声敏感建筑物集中区域夜间施工的，已取得连续施工证明并在现场显著位置公示',
    legalBasis: `${NOISE}第四十三条`,
    method: '夜间巡查时查看施工现场是否作业，查验夜间连续施工证明的作业时段、范围及公示情况',
    measurement: NONE,
    severity: 'MAJOR',
  },
  {
    code: 'ECOENV-05',
    departmentCode: 'ECOENV',
    title: '加油站按规定安装油气回收装置并保持正常使用',
    legalBasis: `${AIR}第四十七条第二款`,
    method: '查看卸油、加油油气回收系统及在线监测装置运行状态，查阅年度油气回收检测报告（气液比、密闭性、液阻）',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'ECOENV-06',
    departmentCode: 'ECOENV',
    title: '危险废物（废油、含油抹布、油泥等）设置识别标志、建立管理台账并规范贮存、交有资质单位处置',
    legalBasis: '《中华人民共和国固体废物污染环境防治法》第七十七条、第七十八条、第八十一条',
    method: '现场查看危险废物贮存点的防渗、防流失措施和识别标志，查阅管理台账、转移联单和处置合同',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'ECOENV-07',
    departmentCode: 'ECOENV',
    title: '排放油烟的餐饮服务业经营者安装油烟净化设施并保持正常使用',
    legalBasis: `${AIR}第八十一条第一款`,
    method: '现场查看油烟净化设施型号、运行状态及清洗维护记录，查看排烟口位置是否朝向居民住宅或公共通道',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'ECOENV-08',
    departmentCode: 'ECOENV',
    title: '不得私设暗管或利用渗井、渗坑等逃避监管方式排放污水',
    legalBasis: '《中华人民共和国水污染防治法》第三十九条',
    method: '沿排水管线现场踏勘，查看雨污分流情况和有无暗管、渗坑，必要时使用染色示踪',
    measurement: NONE,
    severity: 'MAJOR',
  },

  // ---- 卫生健康 HEALTH -------------------------------------------------------------------------
  {
    code: 'HEALTH-01',
    departmentCode: 'HEALTH',
    title: '住宿场所取得公共场所卫生许可证并在有效期内',
    legalBasis: `${PUB}第八条`,
    method: '查看公共场所卫生许可证（或告知承诺）原件，核对单位名称、地址、许可项目、有效期，是否在醒目位置公示',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'HEALTH-02',
    departmentCode: 'HEALTH',
    title: '直接为顾客服务的从业人员取得有效健康合格证明并经卫生知识培训',
    legalBasis: `${PUB}第七条；${PUBR}第十条`,
    method: '对照从业人员名单查验健康合格证明及有效期，查阅卫生知识培训记录',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'HEALTH-03',
    departmentCode: 'HEALTH',
    title: '客房床上用品、毛巾、茶具等一客一换一消毒，清洁用品与消毒用品分区存放，不重复使用一次性用品',
    legalBasis: `${PUBR}第十四条`,
    method: '查看布草间、消毒间设置和清洗消毒记录，抽查2间已整理客房的用品是否清洁、已消毒并密封',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'HEALTH-04',
    departmentCode: 'HEALTH',
    title: '客房室内空气二氧化碳浓度不超过0.10%',
    legalBasis: `${PUB}第三条；《公共场所卫生指标及限值要求》（GB 37488-2019）`,
    method: '使用不分光红外二氧化碳测定仪，在客房中央距地面0.8～1.2 m处测量，关闭门窗、无人员活动状态下稳定读数',
    measurement: numeric('%', { max: 0.1 }, 0, 1),
    severity: 'MINOR',
  },
  {
    code: 'HEALTH-05',
    departmentCode: 'HEALTH',
    title: '自备供水或二次供水末梢水游离氯在0.05～2 mg/L范围内',
    legalBasis: '《生活饮用水卫生监督管理办法》第六条；《生活饮用水卫生标准》（GB 5749-2022）',
    method: '在客房或厨房末梢龙头放水1～2 min后取样，用便携式余氯比色计（DPD法）现场测定游离氯',
    measurement: numeric('mg/L', { min: 0.05, max: 2 }, 0, 10),
    severity: 'MODERATE',
  },
  {
    code: 'HEALTH-06',
    departmentCode: 'HEALTH',
    title: '室内公共场所禁止吸烟，设置醒目的禁烟标志',
    legalBasis: `${PUBR}第十八条`,
    method: '查看大堂、走道、客房的禁烟标志，查看有无烟具和吸烟痕迹',
    measurement: NONE,
    severity: 'MINOR',
  },
  {
    code: 'HEALTH-07',
    departmentCode: 'HEALTH',
    title: '取得医疗机构执业许可证（诊所已备案）并在有效期内、按时校验',
    legalBasis: `${MIR}第二十三条`,
    method: '查看医疗机构执业许可证或诊所备案凭证，核对名称、地址、主要负责人、诊疗科目及校验期限',
    measurement: NONE,
    severity: 'MAJOR',
  },
  {
    code: 'HEALTH-08',
    departmentCode: 'HEALTH',
    title: '不使用非卫生技术人员从事医疗卫生技术工作，医师按注册的执业地点、类别、范围执业',
    legalBasis: `${MIR}第二十七条；《中华人民共和国医师法》第十四条`,
    method: '对照排班表核对在岗医师、护士执业证书及注册信息（可通过国家卫生健康委电子化注册系统核验），现场核实诊疗活动',
    measurement: NONE,
    severity: 'MAJOR',
  },
  {
    code: 'HEALTH-09',
    departmentCode: 'HEALTH',
    title: '医疗废物分类收集、专用包装，暂时贮存设施不露天、贮存不超过2天',
    legalBasis: `${MWR}第十六条、第十七条`,
    method: '查看诊室及处置室医疗废物分类容器、锐器盒，查看暂存点的警示标识、防渗漏措施和交接时间',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'HEALTH-10',
    departmentCode: 'HEALTH',
    title: '医疗废物交接登记完整，登记资料保存3年',
    legalBasis: `${MWR}第十二条`,
    method: '查阅医疗废物登记本和转移联单，核对来源、种类、重量或数量、交接时间、经办人签名',
    measurement: NONE,
    severity: 'MINOR',
  },
  {
    code: 'HEALTH-11',
    departmentCode: 'HEALTH',
    title: '在用紫外线消毒灯辐照强度不低于70 μW/cm²',
    legalBasis: '《消毒管理办法》第四条；《医疗机构消毒技术规范》（WS/T 367-2012）',
    method: '开灯5 min后用紫外线辐照计在灯管下方垂直1 m中心处测量，查阅紫外线灯使用时间登记和强度监测记录',
    measurement: numeric('μW/cm²', { min: 70 }, 0, 1000),
    severity: 'MINOR',
  },
  {
    code: 'HEALTH-12',
    departmentCode: 'HEALTH',
    title: '将医疗机构执业许可证、诊疗科目、诊疗时间和收费标准悬挂于明显处所',
    legalBasis: `${MIR}第二十五条`,
    method: '现场查看候诊区、收费处公示内容是否齐全、与登记一致',
    measurement: NONE,
    severity: 'MINOR',
  },

  // ---- 农业农村 AGRI ---------------------------------------------------------------------------
  {
    code: 'AGRI-01',
    departmentCode: 'AGRI',
    title: '取得农药经营许可证，经营限制使用农药的实行定点经营',
    legalBasis: '《农药管理条例》第二十四条',
    method: '查看农药经营许可证范围和有效期，清点在售农药是否有限制使用农药及其定点经营资格',
    measurement: NONE,
    severity: 'MAJOR',
  },
  {
    code: 'AGRI-02',
    departmentCode: 'AGRI',
    title: '建立农药采购台账和销售台账，如实记录并保存2年以上',
    legalBasis: '《农药管理条例》第二十六条、第二十七条',
    method: '查阅采购台账和销售台账（含电子台账），随机抽取2种农药核对进销存数量',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'AGRI-03',
    departmentCode: 'AGRI',
    title: '食用农产品生产者、收购者开具或收取承诺达标合格证',
    legalBasis: '《中华人民共和国农产品质量安全法》第三十九条',
    method: '抽查本地自产蔬菜、禽蛋摊位，查看承诺达标合格证或其他质量安全合格证明及其留存情况',
    measurement: NONE,
    severity: 'MINOR',
  },
  {
    code: 'AGRI-04',
    departmentCode: 'AGRI',
    title: '上市销售的畜禽肉附有动物检疫证明和检疫标志，不经营未经检疫或检疫不合格的动物产品',
    legalBasis: '《中华人民共和国动物防疫法》第二十九条第（三）项',
    method: '查看鲜肉摊位的动物检疫合格证明、胴体检疫验讫印章和肉品品质检验合格证明，核对来源屠宰场、数量',
    measurement: NONE,
    severity: 'MAJOR',
  },
  {
    code: 'AGRI-05',
    departmentCode: 'AGRI',
    title: '不以“长江野生鱼”“江鲜”等名义经营长江流域重点水域非法捕捞的天然渔获物',
    legalBasis: '《中华人民共和国长江保护法》第五十三条',
    method: '查看菜单、招牌、宣传用语和水族箱鱼类来源凭证，询问进货渠道，必要时联合渔政核查',
    measurement: NONE,
    severity: 'MAJOR',
  },
  {
    code: 'AGRI-06',
    departmentCode: 'AGRI',
    title: '农产品生产中不使用国家禁止使用的农药、兽药等农业投入品，严格执行安全间隔期、休药期',
    legalBasis: '《中华人民共和国农产品质量安全法》第二十九条',
    method: '询问并查看自产自销农户的农业投入品使用记录、存放的农药兽药品种，必要时抽样送检',
    measurement: NONE,
    severity: 'MAJOR',
  },

  // ---- 综合执法 URBAN --------------------------------------------------------------------------
  {
    code: 'URBAN-01',
    departmentCode: 'URBAN',
    title: '无店外经营、占道经营和擅自占用道路堆放物料',
    legalBasis: '《城市道路管理条例》第二十七条、第三十一条',
    method: '现场查看门店前人行道、道路是否摆放商品、桌椅、灶具或堆放物料，测量占道范围并拍照取证，核查临时占道许可',
    measurement: NONE,
    severity: 'MINOR',
  },
  {
    code: 'URBAN-02',
    departmentCode: 'URBAN',
    title: '商业经营活动中不使用高音广播喇叭或以持续反复发出高噪声的方法进行广告宣传',
    legalBasis: `${NOISE}第六十三条`,
    method: '现场查看门店是否使用高音喇叭、音箱外放揽客，录音录像取证',
    measurement: NONE,
    severity: 'MINOR',
  },
  {
    code: 'URBAN-03',
    departmentCode: 'URBAN',
    title: '经营场所社会生活噪声边界排放昼间不超过60 dB(A)（2类声环境功能区）',
    legalBasis: `${NOISE}第六十一条；《社会生活环境噪声排放标准》（GB 22337-2008）`,
    method: '使用经检定的积分声级计在经营场所边界外1 m、高度1.2 m以上测量1 min等效声级（非稳态噪声测量被测声源有代表性时段），同步测背景值；夜间限值50 dB(A)',
    measurement: numeric('dB(A)', { max: 60 }, 20, 140),
    severity: 'MINOR',
  },
  {
    code: 'URBAN-04',
    departmentCode: 'URBAN',
    title: '生活垃圾、餐厨垃圾分类投放至指定地点，不随意倾倒、堆放',
    legalBasis: '《中华人民共和国固体废物污染环境防治法》第四十九条',
    method: '查看门店垃圾收集容器设置、分类投放情况及餐厨垃圾收运记录',
    measurement: NONE,
    severity: 'MINOR',
  },
  {
    code: 'URBAN-05',
    departmentCode: 'URBAN',
    title: '无未取得建设工程规划许可证或乡村建设规划许可证的违法建设（含临时搭建）',
    legalBasis: '《中华人民共和国城乡规划法》第四十条、第四十一条、第四十四条',
    method: '对照规划许可文件和附图现场核对建设位置、层数、面积，使用测距仪测量超出部分并拍照取证',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'URBAN-06',
    departmentCode: 'URBAN',
    title: '运输渣土、砂石、土方的车辆采取密闭或其他措施防止物料遗撒',
    legalBasis: `${AIR}第七十条`,
    method: '在工地出入口查看运输车辆密闭、覆盖和车轮冲洗情况，查看出口道路有无带泥上路、遗撒',
    measurement: NONE,
    severity: 'MINOR',
  },

  // ---- 规划建设 HOUSING ------------------------------------------------------------------------
  {
    code: 'HOUSING-01',
    departmentCode: 'HOUSING',
    title: '建筑工程依法取得施工许可证后开工（限额以下小型工程除外）',
    legalBasis: '《中华人民共和国建筑法》第七条',
    method: '查看施工许可证或限额以下工程备案资料，核对建设单位、施工单位、项目负责人及公示牌信息',
    measurement: NONE,
    severity: 'MAJOR',
  },
  {
    code: 'HOUSING-02',
    departmentCode: 'HOUSING',
    title: '施工单位配备专职安全生产管理人员，项目负责人在岗履职',
    legalBasis: `${CSR}第二十一条、第二十三条`,
    method: '核对项目负责人、专职安全员安全生产考核合格证书（B证、C证）和现场在岗情况，查阅带班记录',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'HOUSING-03',
    departmentCode: 'HOUSING',
    title: '施工现场设置连续、稳固的硬质围挡，一般路段高度不低于1.8 m',
    legalBasis: `${AIR}第六十九条第二款`,
    method: '使用钢卷尺或测距仪测量围挡高度（取最低处），查看围挡连续性和稳固性；主要路段按地方规定不低于2.5 m',
    measurement: numeric('m', { min: 1.8 }, 0, 10),
    severity: 'MINOR',
  },
  {
    code: 'HOUSING-04',
    departmentCode: 'HOUSING',
    title: '塔吊司机、起重信号工、架子工等建筑施工特种作业人员持证上岗',
    legalBasis: `${CSR}第二十五条`,
    method: '核对现场特种作业人员身份与建筑施工特种作业操作资格证书（住房城乡建设部门核发）的工种和有效期',
    measurement: NONE,
    severity: 'MAJOR',
  },
  {
    code: 'HOUSING-05',
    departmentCode: 'HOUSING',
    title: '基坑边沿、楼梯口、电梯井口、孔洞口等危险部位设置防护设施和明显的安全警示标志',
    legalBasis: `${CSR}第二十八条`,
    method: '巡查施工现场“四口五临边”防护栏杆、安全网、盖板和警示标志设置情况，拍照记录缺失部位',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'HOUSING-06',
    departmentCode: 'HOUSING',
    title: '施工现场建立消防安全责任制度，设置消防通道、消防水源，配备灭火器材',
    legalBasis: `${CSR}第三十一条`,
    method: '查看临时消防设施、灭火器配置、易燃材料堆放和动火审批记录，检查宿舍区是否使用大功率电器',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'HOUSING-07',
    departmentCode: 'HOUSING',
    title: '施工临时用电开关箱漏电保护器额定漏电动作电流不大于30 mA',
    legalBasis: `${CSR}第二十六条；《施工现场临时用电安全技术规范》（JGJ 46-2005）`,
    method: '使用漏电保护器测试仪对开关箱漏电保护器逐一测试，记录动作电流和动作时间（不大于0.1 s），查看临时用电方案和“一机一闸一漏一箱”',
    measurement: numeric('mA', { max: 30 }, 0, 500),
    severity: 'MAJOR',
  },
  {
    code: 'HOUSING-08',
    departmentCode: 'HOUSING',
    title: '燃气用户不在不具备安全条件的场所使用、储存燃气，不擅自改装燃气设施，使用合格的燃气燃烧器具',
    legalBasis: '《城镇燃气管理条例》第二十八条',
    method: '查看液化石油气钢瓶存放位置（不得在地下室、半地下室）、数量、减压阀和连接软管（金属软管）、钢瓶检验标识和供气单位',
    measurement: NONE,
    severity: 'MODERATE',
  },
  {
    code: 'HOUSING-09',
    departmentCode: 'HOUSING',
    title: '施工现场采取覆盖、分段作业、洒水抑尘、冲洗地面和车辆等防尘降尘措施',
    legalBasis: `${AIR}第六十九条第二款`,
    method: '现场查看裸土和易扬尘物料覆盖、雾炮洒水、出入口车辆冲洗设施运行情况，查阅扬尘防治方案',
    measurement: NONE,
    severity: 'MINOR',
  },

  // ---- 派出所 POLICE ---------------------------------------------------------------------------
  {
    code: 'POLICE-01',
    departmentCode: 'POLICE',
    title: '旅馆（民宿）取得特种行业许可证后开业',
    legalBasis: `${HOTEL}第四条`,
    method: '查看特种行业许可证原件，核对经营地址、房间数与实际一致',
    measurement: NONE,
    severity: 'MAJOR',
  },
  {
    code: 'POLICE-02',
    departmentCode: 'POLICE',
    title: '接待旅客住宿查验身份证件并按规定登记、上传住宿信息（一人一证）',
    legalBasis: `${HOTEL}第六条`,
    method: '抽查当日入住房间与旅馆业治安管理信息系统登记信息是否一致，核对同住人员登记情况',
    measurement: NONE,
    severity: 'MAJOR',
  },
  {
    code: 'POLICE-03',
    departmentCode: 'POLICE',
    title: '设置旅客财物保管箱、柜或保管室并建立登记、领取和交接制度',
    legalBasis: `${HOTEL}第七条`,
    method: '查看财物保管设施和保管登记记录',
    measurement: NONE,
    severity: 'MINOR',
  },
  {
    code: 'POLICE-04',
    departmentCode: 'POLICE',
    title: '销售剧毒化学品、易制爆危险化学品如实记录购买单位、经办人身份和品种、数量、用途，记录保存不少于1年',
    legalBasis: `${HAZ}第四十一条`,
    method: '查阅剧毒、易制爆危险化学品销售台账和经办人身份证明复印件，核对库存与流向登记',
    measurement: NONE,
    severity: 'MAJOR',
  },
];

// ---------------------------------------------------------------------------------------------
// Scenarios (场景清单)
// ---------------------------------------------------------------------------------------------

export const scenarios: ScenarioSpec[] = [
  {
    code: 'RESTAURANT',
    name: '餐饮店',
    description:
      '场镇及村内餐馆、农家乐餐饮部分、小吃店：食品安全（许可、健康证、进货查验、冷链温度、餐具消毒）、燃气与消防安全、油烟、占道经营，以及长江禁渔水产品经营。',
    itemCodes: [
      'MARKET-01',
      'MARKET-02',
      'MARKET-03',
      'MARKET-04',
      'MARKET-06',
      'MARKET-07',
      'MARKET-08',
      'FIRE-01',
      'FIRE-05',
      'SAFETY-01',
      'HOUSING-08',
      'ECOENV-07',
      'AGRI-05',
      'URBAN-01',
    ],
  },
  {
    code: 'FARM_MARKET',
    name: '农贸市场',
    description:
      '场镇农贸市场及逢场集市：开办者责任、入场销售者档案、计量器具、明码标价、蔬菜农残快检、鲜肉检疫、承诺达标合格证、消防通道与市容环境。',
    itemCodes: [
      'MARKET-09',
      'MARKET-10',
      'MARKET-11',
      'MARKET-05',
      'MARKET-12',
      'AGRI-03',
      'AGRI-04',
      'AGRI-06',
      'FIRE-01',
      'FIRE-02',
      'FIRE-05',
      'URBAN-01',
      'URBAN-04',
    ],
  },
  {
    code: 'CONSTRUCTION_SITE',
    name: '建筑工地',
    description:
      '场镇安置房、村便民服务中心等在建工程：施工许可、规划许可、环评、施工噪声（昼间70、夜间55 dB(A)）、夜间施工证明、扬尘与围挡、临边防护、临时用电、特种作业人员和施工现场消防。',
    itemCodes: [
      'HOUSING-01',
      'HOUSING-02',
      'HOUSING-03',
      'HOUSING-04',
      'HOUSING-05',
      'HOUSING-06',
      'HOUSING-07',
      'URBAN-05',
      'URBAN-06',
      'ECOENV-01',
      'ECOENV-02',
      'ECOENV-03',
      'ECOENV-04',
      'SAFETY-04',
    ],
  },
  {
    code: 'GUESTHOUSE',
    name: '民宿/宾馆',
    description:
      '乡村民宿、农家乐住宿和场镇小宾馆：特种行业许可与住宿实名登记、公共场所卫生（许可、健康证、用品消毒、客房空气、饮用水）、消防（营业前检查、灭火器、应急照明、安全出口、感烟报警器）。',
    itemCodes: [
      'POLICE-01',
      'POLICE-02',
      'POLICE-03',
      'HEALTH-01',
      'HEALTH-02',
      'HEALTH-03',
      'HEALTH-04',
      'HEALTH-05',
      'HEALTH-06',
      'FIRE-01',
      'FIRE-03',
      'FIRE-05',
      'FIRE-08',
      'FIRE-10',
    ],
  },
  {
    code: 'PHARMACY_CLINIC',
    name: '药店/诊所',
    description:
      '零售药店和村诊所：药品经营许可、进货查验、冷藏药品温度、处方药管理、药师在岗；医疗机构执业许可、卫生技术人员、医疗废物和消毒管理；消防基本要求。',
    itemCodes: [
      'MARKET-13',
      'MARKET-14',
      'MARKET-15',
      'MARKET-16',
      'MARKET-17',
      'HEALTH-07',
      'HEALTH-08',
      'HEALTH-09',
      'HEALTH-10',
      'HEALTH-11',
      'HEALTH-12',
      'FIRE-01',
      'FIRE-05',
    ],
  },
  {
    code: 'FUEL_HAZCHEM',
    name: '加油站/危化品经营',
    description:
      '加油站和危险化学品（含农药）经营门店：经营许可、储存条件、可燃气体浓度、静电接地、安全标签与说明书、剧毒易制爆流向登记、油气回收、危险废物、加油机计量、禁火管理和应急预案。',
    itemCodes: [
      'SAFETY-05',
      'SAFETY-06',
      'SAFETY-07',
      'SAFETY-08',
      'SAFETY-11',
      'SAFETY-12',
      'POLICE-04',
      'ECOENV-05',
      'ECOENV-06',
      'MARKET-10',
      'FIRE-01',
      'FIRE-11',
      'AGRI-01',
      'AGRI-02',
    ],
  },
  {
    code: 'SCHOOL_FOOD_SHOP',
    name: '校园周边食品店',
    description:
      '中小学、幼儿园周边小卖部和食品店：食品经营许可或备案、过期和“三无”食品、进货查验、不向未成年人售烟酒，以及“三合一”住人、电气线路与占道经营。',
    itemCodes: [
      'MARKET-01',
      'MARKET-02',
      'MARKET-04',
      'MARKET-05',
      'MARKET-18',
      'MARKET-19',
      'FIRE-01',
      'FIRE-06',
      'FIRE-07',
      'URBAN-01',
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Villages, demo targets, demo officers
// ---------------------------------------------------------------------------------------------

/** The demo county's township (the town of the 2024 report; the code is invented for the demo). */
export const demoTownship = { code: '500230900', name: '包鸾镇', kind: 'TOWNSHIP' } as const;

/** Villages / communities of the township (invented names). */
export const villages: string[] = ['包鸾社区', '飞仙洞村', '花地堡村', '青龙寨村', '石龙门村', '杨柳坪村'];

export type RiskClass = 'LOW' | 'MEDIUM' | 'HIGH';

export interface SeedTarget {
  key: string;
  name: string;
  creditCode: string;
  address: string;
  village: string;
  scenarioCode: string;
  riskClass: RiskClass;
  /** The registered place, WGS-84 (what evidence photos are checked against); the others have none and fall back to the phone's site. */
  latitude?: number;
  longitude?: number;
}

const ADDRESS_PREFIX = '重庆市丰都县包鸾镇';
/** 个体工商户 (registration authority 9 = 工商/市场监管, type 2). */
const individual = (orgCode9: string): string => makeCreditCode(`92${DIVISION_CODE}${orgCode9}`);
/** 企业 (registration authority 9, type 1). */
const enterprise = (orgCode9: string): string => makeCreditCode(`91${DIVISION_CODE}${orgCode9}`);

/** Invented demo businesses — any resemblance to a real business is unintended. */
export const targets: SeedTarget[] = [
  {
    key: 'restaurant-1',
    name: '包鸾镇老王家常菜馆',
    creditCode: individual('MA61XK3A7'),
    address: `${ADDRESS_PREFIX}包鸾社区新街52号`,
    village: '包鸾社区',
    scenarioCode: 'RESTAURANT',
    riskClass: 'MEDIUM',
    // Invented points near 包鸾镇's centre (丰都县; approximate, WGS-84), so the demo shows the photo-place check.
    latitude: 29.7646,
    longitude: 107.6318,
  },
  {
    key: 'restaurant-2',
    name: '包鸾镇刘记豆花饭庄',
    creditCode: individual('MA6244RB1'),
    address: `${ADDRESS_PREFIX}花地堡村3组18号`,
    village: '花地堡村',
    scenarioCode: 'RESTAURANT',
    riskClass: 'LOW',
    latitude: 29.7712,
    longitude: 107.6405,
  },
  {
    key: 'farm-market-1',
    name: '丰都县包鸾农贸市场管理有限公司',
    creditCode: enterprise('MA5U7C2N4'),
    address: `${ADDRESS_PREFIX}包鸾社区场镇路8号`,
    village: '包鸾社区',
    scenarioCode: 'FARM_MARKET',
    riskClass: 'HIGH',
  },
  {
    key: 'farm-market-2',
    name: '包鸾镇石龙门便民集市服务部',
    creditCode: individual('MA60D8QT5'),
    address: `${ADDRESS_PREFIX}石龙门村1组集市坝`,
    village: '石龙门村',
    scenarioCode: 'FARM_MARKET',
    riskClass: 'MEDIUM',
  },
  {
    key: 'construction-1',
    name: '重庆丰鸾建筑工程有限公司（包鸾场镇安置房项目部）',
    creditCode: enterprise('MA5UE39H8'),
    address: `${ADDRESS_PREFIX}包鸾社区滨河路安置房工地`,
    village: '包鸾社区',
    scenarioCode: 'CONSTRUCTION_SITE',
    riskClass: 'HIGH',
  },
  {
    key: 'construction-2',
    name: '丰都县鸾林建设工程有限公司（飞仙洞村便民服务中心项目部）',
    creditCode: enterprise('MA5UG71L2'),
    address: `${ADDRESS_PREFIX}飞仙洞村2组便民服务中心工地`,
    village: '飞仙洞村',
    scenarioCode: 'CONSTRUCTION_SITE',
    riskClass: 'MEDIUM',
  },
  {
    key: 'guesthouse-1',
    name: '包鸾镇云上飞仙民宿',
    creditCode: individual('MA63NW5P0'),
    address: `${ADDRESS_PREFIX}飞仙洞村4组66号`,
    village: '飞仙洞村',
    scenarioCode: 'GUESTHOUSE',
    riskClass: 'MEDIUM',
  },
  {
    key: 'guesthouse-2',
    name: '包鸾镇鸾悦宾馆',
    creditCode: individual('MA61HR2Y9'),
    address: `${ADDRESS_PREFIX}包鸾社区正街121号`,
    village: '包鸾社区',
    scenarioCode: 'GUESTHOUSE',
    riskClass: 'HIGH',
  },
  {
    key: 'pharmacy-1',
    name: '丰都县鸾康大药房有限公司',
    creditCode: enterprise('MA5UK4T06'),
    address: `${ADDRESS_PREFIX}包鸾社区正街37号`,
    village: '包鸾社区',
    scenarioCode: 'PHARMACY_CLINIC',
    riskClass: 'MEDIUM',
  },
  {
    key: 'clinic-1',
    name: '包鸾镇杨柳坪李氏诊所',
    creditCode: individual('MA62B7WJ3'),
    address: `${ADDRESS_PREFIX}杨柳坪村5组12号`,
    village: '杨柳坪村',
    scenarioCode: 'PHARMACY_CLINIC',
    riskClass: 'LOW',
  },
  {
    key: 'fuel-1',
    name: '丰都县鸾通石化有限公司青龙寨加油站',
    creditCode: enterprise('MA5UM82X1'),
    address: `${ADDRESS_PREFIX}青龙寨村G243沿线1号`,
    village: '青龙寨村',
    scenarioCode: 'FUEL_HAZCHEM',
    riskClass: 'HIGH',
  },
  {
    key: 'hazchem-1',
    name: '包鸾镇兴农农资化工经营部',
    creditCode: individual('MA64CA9F2'),
    address: `${ADDRESS_PREFIX}包鸾社区农贸路15号`,
    village: '包鸾社区',
    scenarioCode: 'FUEL_HAZCHEM',
    riskClass: 'HIGH',
  },
  {
    key: 'school-shop-1',
    name: '包鸾镇学府小卖部',
    creditCode: individual('MA60L3UD6'),
    address: `${ADDRESS_PREFIX}包鸾社区学堂巷4号（包鸾小学对面）`,
    village: '包鸾社区',
    scenarioCode: 'SCHOOL_FOOD_SHOP',
    riskClass: 'MEDIUM',
  },
  {
    key: 'school-shop-2',
    name: '包鸾镇乐乐文具食品店',
    creditCode: individual('MA65QE1K8'),
    address: `${ADDRESS_PREFIX}石龙门村2组（石龙门村小旁）`,
    village: '石龙门村',
    scenarioCode: 'SCHOOL_FOOD_SHOP',
    riskClass: 'LOW',
  },
];

export interface SeedOfficer {
  key: string;
  name: string;
  departmentCode: string | null;
  roles: Role[];
  certificateNo: string | null;
  /** ISO date YYYY-MM-DD */
  certificateExpiresOn: string | null;
  legalQualified: boolean;
}

const cert = (serial: string): string => `渝执法字第${DIVISION_CODE}${serial}号`;

function inspector(key: string, name: string, departmentCode: string, serial: string, expiresOn: string): SeedOfficer {
  return {
    key,
    name,
    departmentCode,
    roles: ['INSPECTOR'],
    certificateNo: cert(serial),
    certificateExpiresOn: expiresOn,
    legalQualified: false,
  };
}

/** Invented demo users. Every department has at least two certified inspectors. */
export const officers: SeedOfficer[] = [
  inspector('market-1', '张建国', 'MARKET', '240101', '2028-06-30'),
  inspector('market-2', '李晓梅', 'MARKET', '240102', '2027-12-31'),
  // Expired certificate: must not be drawn for a visit or counted towards the two-officer rule.
  inspector('market-expired', '王德明', 'MARKET', '190103', '2025-06-30'),
  inspector('fire-1', '陈志强', 'FIRE', '240201', '2028-03-31'),
  inspector('fire-2', '周小勇', 'FIRE', '240202', '2027-09-30'),
  inspector('safety-1', '刘长江', 'SAFETY', '240301', '2029-01-31'),
  inspector('safety-2', '谭红', 'SAFETY', '240302', '2028-10-31'),
  inspector('ecoenv-1', '何文杰', 'ECOENV', '240401', '2028-05-31'),
  inspector('ecoenv-2', '秦雪', 'ECOENV', '240402', '2027-08-31'),
  inspector('health-1', '冉丽', 'HEALTH', '240501', '2029-03-31'),
  inspector('health-2', '黄志华', 'HEALTH', '240502', '2028-02-29'),
  inspector('agri-1', '向春林', 'AGRI', '240601', '2028-11-30'),
  inspector('agri-2', '蒋秀英', 'AGRI', '240602', '2027-07-31'),
  inspector('urban-1', '杨波', 'URBAN', '240701', '2028-12-31'),
  inspector('urban-2', '罗洪', 'URBAN', '240702', '2029-06-30'),
  inspector('housing-1', '曾国平', 'HOUSING', '240801', '2028-04-30'),
  inspector('housing-2', '彭静', 'HOUSING', '240802', '2027-10-31'),
  inspector('police-1', '邓伟', 'POLICE', '240901', '2029-05-31'),
  inspector('police-2', '熊刚', 'POLICE', '240902', '2028-09-30'),
  {
    key: 'coordinator-1',
    name: '马永红',
    departmentCode: 'URBAN',
    roles: ['COORDINATOR', 'INSPECTOR'],
    certificateNo: cert('240703'),
    certificateExpiresOn: '2028-08-31',
    legalQualified: false,
  },
  {
    key: 'coordinator-2',
    name: '唐小燕',
    departmentCode: 'URBAN',
    roles: ['COORDINATOR'],
    certificateNo: cert('240704'),
    certificateExpiresOn: '2027-11-30',
    legalQualified: false,
  },
  {
    key: 'reviewer-1',
    name: '郑文静',
    departmentCode: null,
    roles: ['LEGAL_REVIEWER'],
    certificateNo: null,
    certificateExpiresOn: null,
    legalQualified: true,
  },
  {
    key: 'reviewer-2',
    // 镇政府法律顾问（执业律师）
    name: '吴海涛',
    departmentCode: null,
    roles: ['LEGAL_REVIEWER'],
    certificateNo: null,
    certificateExpiresOn: null,
    legalQualified: true,
  },
  {
    // Newly assigned reviewer without the national legal professional qualification:
    // may not be the first-time reviewer of a penalty decision (行政处罚法第五十八条).
    key: 'reviewer-unqualified',
    name: '袁晓东',
    departmentCode: null,
    roles: ['LEGAL_REVIEWER'],
    certificateNo: null,
    certificateExpiresOn: null,
    legalQualified: false,
  },
  {
    key: 'leader-1',
    // 镇党委书记
    name: '牟德华',
    departmentCode: null,
    roles: ['LEADER'],
    certificateNo: null,
    certificateExpiresOn: null,
    legalQualified: false,
  },
  {
    // 网格员 (the "N力量"): reports events from the villages for 532 rapid response.
    key: 'grid-1',
    name: '秦小芳',
    departmentCode: null,
    roles: ['GRID_WORKER'],
    certificateNo: null,
    certificateExpiresOn: null,
    legalQualified: false,
  },
  {
    key: 'grid-2',
    name: '冉大勇',
    departmentCode: null,
    roles: ['GRID_WORKER'],
    certificateNo: null,
    certificateExpiresOn: null,
    legalQualified: false,
  },
  {
    key: 'admin',
    // 镇党政办信息化专干
    name: '任小川',
    departmentCode: null,
    roles: ['ADMIN'],
    certificateNo: null,
    certificateExpiresOn: null,
    legalQualified: false,
  },
];
