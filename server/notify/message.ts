import type { PublicTicket } from '../../shared/schemas/ticket.js';
import { superviseSerial, shanghaiMinute } from '../domain/supervise/serial.js';
import type { SuperviseLevel } from '../domain/supervise/rules.js';

/** The tickets a message lists at most; the rest are counted ("另有 N 件"). */
export const DIGEST_LISTED_MAX = 20;

export const LEVEL_TITLES: Record<SuperviseLevel, string> = {
  blue: '蓝色督办 · 临期', yellow: '黄色督办 · 未及时签收', red: '红色督办 · 超期', escalated: '升级督办 · 已上提',
};

/**
 * One ticket of a notice: only what anyone may see (built from the public projection), never a resident's words,
 * names or phone numbers — these messages land in group chats.
 */
export interface NoticeTicket {
  id: number;
  serial: string;
  category: string;
  categoryName: string;
  unit: string;
  cell: string;
  status: string;
  reportedAt: number;
  deadline: number;
  overdueMinutes: number;
  level: SuperviseLevel;
  link: string;
}

export interface Digest {
  level: SuperviseLevel;
  tickets: NoticeTicket[];
}

/** The deadline a level is about: the response deadline for yellow, the closing one otherwise. */
export function deadlineOf(t: Pick<PublicTicket, 'responseDueAt' | 'closeDueAt'>, level: SuperviseLevel): number {
  return level === 'yellow' ? t.responseDueAt : t.closeDueAt;
}

/** A notice's line for a ticket, from its public projection. Pure. */
export function noticeTicket(t: PublicTicket, level: SuperviseLevel, now: number, categoryName: string, publicUrl: string): NoticeTicket {
  const deadline = deadlineOf(t, level);
  return {
    id: t.id, serial: superviseSerial(t.id, t.reportedAt), category: t.category, categoryName, unit: t.handlingUnit, cell: t.gridId,
    status: t.status, reportedAt: t.reportedAt, deadline, overdueMinutes: Math.max(0, Math.floor((now - deadline) / 60_000)), level,
    link: `${publicUrl.replace(/\/+$/, '')}/drill/ticket/${t.id}`,
  };
}

const overdueText = (minutes: number) => (minutes <= 0 ? '未超期' : `已超 ${Math.floor(minutes / 60)} 小时 ${minutes % 60} 分`);

/** The markdown both group robots render: a title, up to DIGEST_LISTED_MAX tickets, and how many more. Pure. */
export function digestMarkdown(d: Digest, mentions: readonly string[] = []): { title: string; text: string } {
  const title = `${LEVEL_TITLES[d.level]}（${d.tickets.length} 件）`;
  const lines = [`### ${title}`];
  for (const t of d.tickets.slice(0, DIGEST_LISTED_MAX)) {
    lines.push(`> [${t.serial}](${t.link}) ${t.categoryName} · ${t.unit} · 网格 ${t.cell}`,
      `> 上报 ${shanghaiMinute(t.reportedAt)} · 时限 ${shanghaiMinute(t.deadline)} · ${overdueText(t.overdueMinutes)}`, '');
  }
  const more = d.tickets.length - DIGEST_LISTED_MAX;
  if (more > 0) lines.push(`另有 ${more} 件，请到指挥中心查看。`);
  if (mentions.length > 0) lines.push(mentions.map((m) => `@${m}`).join(' '));
  return { title, text: lines.join('\n') };
}
