import type { TicketStatus } from '../../../shared/constants.js';
import type { Lang, T } from '../i18n.js';

/** When each step happened, oldest first, in the phone's language and Shanghai time. */
export function Timeline({ steps, lang, t }: { steps: { at: number; status: TicketStatus }[]; lang: Lang; t: T }) {
  const fmt = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return (
    <ol className="timeline">
      {steps.map((s, i) => (
        <li key={i} data-status={s.status}><time>{fmt.format(s.at)}</time> {t(`status_${s.status}`)}</li>
      ))}
    </ol>
  );
}
