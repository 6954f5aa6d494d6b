import { TIME_ZONE } from '../../shared/constants.js';
import { useMessages } from '../i18n/use-messages.js';
import { useWall } from '../store/index.js';

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** One formatter per language: the watermark re-renders with every delta. */
function dayFormat(locale: string): Intl.DateTimeFormat {
  let f = dayFormats.get(locale);
  if (!f) dayFormats.set(locale, (f = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, dateStyle: 'long' })));
  return f;
}

/** The 回放 watermark with the virtual date, in the demo only: nobody may take a replay for the live situation. */
export function ReplayWatermark() {
  const t = useMessages();
  const mode = useWall((s) => s.mode);
  const clock = useWall((s) => s.summary?.clock ?? null);
  if (mode !== 'demo') return null;
  const day = clock === null ? '' : dayFormat(t.locale).format(clock);
  return (
    <div className="watermark" data-testid="replay-watermark" aria-label={t.mode.demo}>
      <span className="watermark-word">{t.mode.demo}</span>
      <span className="watermark-date">{day}</span>
    </div>
  );
}
