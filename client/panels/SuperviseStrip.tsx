import { useShallow } from 'zustand/react/shallow';
import { formatCount } from '../format.js';
import { useMessages } from '../i18n/use-messages.js';
import { useWall } from '../store/index.js';

const COLOURS = ['red', 'yellow', 'blue'] as const;

/**
 * 督办 at a glance: the scope's open tickets that are 超期 (red), 未及时签收 (yellow) and 临期 (blue), from the summary's
 * optional `supervise` section (docs/supervise.md). Nothing at all when the server sends no such section.
 */
export function SuperviseStrip() {
  const t = useMessages();
  const counts = useWall(useShallow((s) => s.summary?.supervise ?? null));
  if (!counts) return null;
  return (
    <span className="supervise-strip" data-testid="supervise-strip" aria-label={t.supervise.title}>
      <span className="supervise-strip-title">{t.supervise.title}</span>
      {COLOURS.map((c) => (
        <span key={c} className={`supervise-chip supervise-${c}`} data-testid={`supervise-${c}`} data-value={counts[c]}>
          <i aria-hidden />
          {t.supervise.levels[c]} <b>{formatCount(counts[c], t.locale)}</b>
        </span>
      ))}
    </span>
  );
}
