import type { Channel, ReporterRole, TicketStatus } from '../../shared/constants.js';

/**
 * The words both pages use, zh-CN, stated once: the wall (wall-zh.ts) and the supervisors' pages (drill-zh.ts) read
 * these beside their own section. Place, category and person names are data from the server, not messages.
 */
export const termsZh = {
  locale: 'zh-CN',
  /** The language toggle names the other language. */
  language: 'EN',
  statuses: {
    reported: '上报',
    accepted: '受理',
    dispatched: '派遣',
    in_progress: '处置中',
    handled: '办结反馈',
    returned: '回退',
    closed: '结案',
    evaluated: '已回访',
    rejected: '不予受理',
    merged: '已合并',
  } satisfies Record<TicketStatus, string> as Record<TicketStatus, string>,
  channels: {
    mini_program: '小程序',
    central_household: '中心户',
    info_officer: '信息员',
    resident: '居民',
    grid_patrol: '网格巡查',
    hotline_12345: '12345热线',
  } satisfies Record<Channel, string> as Record<Channel, string>,
  reporterRoles: {
    resident: '居民',
    central_household: '中心户',
    info_officer: '信息员',
    grid_member: '网格员',
    staff: '工作人员',
  } satisfies Record<ReporterRole, string> as Record<ReporterRole, string>,
  tiers: { 1: '一级', 2: '二级', 3: '三级' } as Record<1 | 2 | 3, string>,
  /** A scope's indicators: the drill's KPI strip and ranking, the wall's gauges and ranking. */
  kpi: {
    responseRate: '响应率',
    closureRate: '办结率',
    onTimeRate: '按期办结率',
    satisfactionRate: '满意率',
    reworkRate: '返工率',
    open: '在办',
    overdue: '超期',
    total: '年度事项',
  },
  /** What a map colours its cells by: short for its tabs, long for its legend. */
  measures: { open: '在办', overdue: '超期', per1000: '每千户' },
  measureLong: { open: '在办事项', overdue: '超期事项', per1000: '每千户年度事项' },
  mapLegend: { households: '户数', high: '高', low: '低' },
  trend: { hourly: '近 24 小时', daily: '近 30 天', reported: '上报', closed: '结案' },
  /** 人车房物: the standing numbers of a scope, and today's activity. */
  modules: {
    people: '人',
    vehicles: '车',
    houses: '房',
    things: '物',
    registered: '户籍人口',
    floating: '流动人口',
    over60: '60岁以上',
    elderlyAlone: '独居老人',
    disabled: '残疾人',
    partyMembers: '党员',
    cars: '登记车辆',
    parking: '车位',
    chargers: '充电桩',
    buildings: '楼栋',
    units: '套',
    rented: '出租',
    vacant: '空置',
    lifts: '电梯',
    gas: '燃气管线',
    hydrants: '消防栓',
    lamps: '路灯',
    cameras: '摄像头',
    inspections: '今日巡检',
    faults: '今日故障',
    movedIn: '今日迁入',
    movedOut: '今日迁出',
    movedToday: '今日迁入/迁出',
    gateHour: '本小时进/出',
    gateToday: '今日通行',
  },
  /** 督办 levels (docs/supervise.md): the wall's strip and the supervisors' 督办 pages. */
  supervise: {
    title: '督办',
    levels: { red: '超期', yellow: '未及时签收', blue: '临期', escalated: '升级督办' } as Record<'red' | 'yellow' | 'blue' | 'escalated', string>,
  },
};

export type Terms = typeof termsZh;
