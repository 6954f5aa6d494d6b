import { useSyncExternalStore } from 'react';

/**
 * The app's words: zh-CN first (the people who use it read Chinese), English beside it. Both catalogues have the same
 * keys (i18n.test.ts). These strings are in client/, so the build's font subset (scripts/font-subset.ts) holds them.
 */
const zh = {
  appName: '末梢 · 网格上报',
  home: '首页',
  report: '上报问题',
  rounds: '民情记录本',
  mine: '我的上报',
  activate: '激活账号',
  login: '登录',
  logout: '退出登录',
  language: 'English',
  residentHint: '居民请扫描网格二维码海报上报问题。',
  reporterHint: '信息员、中心户请用联系卡上的激活码激活账号。',
  hello: '您好',
  cell: '网格',
  waiting: '待发送',
  waitingNote: '没有网络时，上报会保存在手机上，网络恢复后自动发送。',
  refused: '未被受理',
  discard: '删除',
  sendNow: '立即发送',
  offline: '无网络',
  loading: '加载中…',
  loadFailed: '加载失败，请稍后再试。',
  retry: '重试',
  category: '问题类别',
  place: '位置',
  useGps: '用手机定位',
  locating: '定位中…',
  accuracy: '精度约 {m} 米',
  outside: '您不在经开区范围内，请在地图上点选位置。',
  gpsFailed: '无法定位：{why}。请在地图上点选位置。',
  tapMap: '或在下方地图上点选位置',
  chosenCell: '已选：{name}',
  description: '问题描述',
  descriptionHint: '发生了什么？在哪里？',
  urgent: '紧急',
  photos: '照片（最多 6 张）',
  addPhoto: '添加照片',
  removePhoto: '移除',
  preparing: '正在处理照片…',
  submit: '提交',
  sending: '发送中…',
  sent: '已提交，感谢您的上报！',
  queued: '已保存，网络恢复后自动发送。',
  receipt: '回执号',
  trackIt: '查看办理进度',
  newReport: '再报一件',
  required: '请填写此项',
  tooLong: '内容太长',
  tooMany: '最多 6 张照片',
  badCode: '激活码是 8 位字母和数字',
  tooShort: '密码至少 10 位',
  mismatch: '两次输入的密码不一致',
  range: '请选择 1 到 5 星',
  code: '激活码',
  username: '用户名',
  password: '密码',
  newPassword: '设置密码（至少 10 位）',
  confirm: '再次输入密码',
  activated: '激活成功，您的用户名是 {username}，请记住它。',
  today: '今日巡查',
  dateOf: '日期 {date}',
  ok: '正常',
  fault: '故障',
  faultNote: '故障情况',
  device_elevator: '电梯',
  device_gas: '燃气管道',
  device_hydrant: '消火栓',
  device_water: '水管',
  device_reminder: '提醒居民关水、关电、关气',
  doneToday: '今日已记录',
  last30: '最近 30 天',
  noRounds: '还没有记录。',
  faults: '故障 {n} 项',
  ticketsFiled: '已生成工单 {ids}',
  noTickets: '您还没有上报过问题。',
  status: '状态',
  reportedAt: '上报',
  status_reported: '已上报',
  status_accepted: '已受理',
  status_dispatched: '已派遣',
  status_in_progress: '处置中',
  status_handled: '已办结',
  status_returned: '已回退',
  status_closed: '已结案',
  status_evaluated: '已评价',
  status_rejected: '不予受理',
  status_merged: '已合并',
  rateIt: '请评价办理结果',
  comment: '评价意见（选填）',
  rated: '感谢您的评价：{n} 星',
  trackTitle: '办理进度',
  notFound: '没有找到这个回执号。',
  live: '实时更新',
  back: '返回',
  myReceipts: '我的回执',
  photoCount: '{n} 张照片',
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  appName: 'Moshao · grid reports',
  home: 'Home',
  report: 'Report a problem',
  rounds: 'Rounds book',
  mine: 'My reports',
  activate: 'Activate account',
  login: 'Log in',
  logout: 'Log out',
  language: '中文',
  residentHint: 'Residents: scan the QR poster of your grid cell to report a problem.',
  reporterHint: 'Information officers and central households: activate your account with the code on your contact card.',
  hello: 'Hello',
  cell: 'Grid cell',
  waiting: 'Waiting to send',
  waitingNote: 'Without network, reports are kept on the phone and sent when the network returns.',
  refused: 'Refused',
  discard: 'Discard',
  sendNow: 'Send now',
  offline: 'Offline',
  loading: 'Loading…',
  loadFailed: 'Could not load; try again later.',
  retry: 'Retry',
  category: 'Category',
  place: 'Place',
  useGps: 'Use my location',
  locating: 'Locating…',
  accuracy: 'Accuracy about {m} m',
  outside: 'You are outside the district: tap the place on the map.',
  gpsFailed: 'No location: {why}. Tap the place on the map.',
  tapMap: 'or tap the place on the map below',
  chosenCell: 'Chosen: {name}',
  description: 'Description',
  descriptionHint: 'What happened, and where?',
  urgent: 'Urgent',
  photos: 'Photos (up to 6)',
  addPhoto: 'Add photos',
  removePhoto: 'Remove',
  preparing: 'Preparing photos…',
  submit: 'Submit',
  sending: 'Sending…',
  sent: 'Sent. Thank you for reporting!',
  queued: 'Saved: it will be sent when the network returns.',
  receipt: 'Receipt',
  trackIt: 'Follow its progress',
  newReport: 'Report another',
  required: 'Required',
  tooLong: 'Too long',
  tooMany: 'At most 6 photos',
  badCode: 'The code is 8 letters and digits',
  tooShort: 'At least 10 characters',
  mismatch: 'The passwords differ',
  range: 'Choose 1 to 5 stars',
  code: 'Activation code',
  username: 'Username',
  password: 'Password',
  newPassword: 'Choose a password (10+ characters)',
  confirm: 'Repeat the password',
  activated: 'Activated. Your username is {username}: keep it.',
  today: "Today's rounds",
  dateOf: 'Date {date}',
  ok: 'OK',
  fault: 'Fault',
  faultNote: 'What is wrong',
  device_elevator: 'Lift',
  device_gas: 'Gas pipe',
  device_hydrant: 'Hydrant',
  device_water: 'Water pipe',
  device_reminder: 'Reminded residents: water, power, gas off',
  doneToday: 'Recorded today',
  last30: 'Last 30 days',
  noRounds: 'Nothing recorded yet.',
  faults: '{n} faults',
  ticketsFiled: 'Tickets filed: {ids}',
  noTickets: 'You have not reported anything yet.',
  status: 'Status',
  reportedAt: 'Reported',
  status_reported: 'Reported',
  status_accepted: 'Accepted',
  status_dispatched: 'Dispatched',
  status_in_progress: 'In progress',
  status_handled: 'Handled',
  status_returned: 'Returned',
  status_closed: 'Closed',
  status_evaluated: 'Rated',
  status_rejected: 'Rejected',
  status_merged: 'Merged',
  rateIt: 'Rate how it was handled',
  comment: 'Comment (optional)',
  rated: 'Thank you: {n} stars',
  trackTitle: 'Progress',
  notFound: 'No report with this receipt.',
  live: 'Live',
  back: 'Back',
  myReceipts: 'My receipts',
  photoCount: '{n} photos',
};

export const CATALOGUES = { zh, en } as const;
export type Lang = keyof typeof CATALOGUES;

const KEY = 'moshao-m-lang';
const listeners = new Set<() => void>();
let lang: Lang = (() => {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
})();

export function setLang(next: Lang): void {
  lang = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // a private window may refuse storage: the choice lasts the visit
  }
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  listeners.forEach((l) => l());
}

/** A message with its {placeholders} filled. */
export function format(l: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return CATALOGUES[l][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function useLang(): { lang: Lang; t: T } {
  const l = useSyncExternalStore((cb) => (listeners.add(cb), () => listeners.delete(cb)), () => lang);
  return { lang: l, t: (key, vars) => format(l, key, vars) };
}
