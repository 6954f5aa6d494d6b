import { useMessages } from '../i18n/use-messages.js';
import { RotationAbout } from '../rotation/RotationAbout.js';
import { useWall, wallStore } from '../store/index.js';
import { yearPosition } from './year-position.js';

/** Sources and licences of the data and fonts, and what is illustrative. Opened with the header button or 'i'. */
export function AboutBox() {
  const t = useMessages();
  const open = useWall((s) => s.aboutOpen);
  const mode = useWall((s) => s.mode);
  const clock = useWall((s) => s.summary?.clock ?? null);
  if (!open) return null;
  const position = mode === 'demo' && clock !== null ? yearPosition(clock) : null;
  const close = () => wallStore.getState().setAbout(false);
  return (
    <div className="about-backdrop" onClick={close}>
      <div className="about" role="dialog" aria-modal="true" aria-labelledby="about-title" data-testid="about" onClick={(e) => e.stopPropagation()}>
        <h2 id="about-title">{t.about.title}</h2>
        <p className="about-warning">{t.about.illustrative}</p>
        <h3>{t.about.sources}</h3>
        <ul>
          <li>{t.about.divisions}</li>
          <li>{t.about.outlines}</li>
          <li>{t.about.fonts}</li>
          <li>{t.about.charts}</li>
        </ul>
        <p>{t.about.privacy}</p>
        <RotationAbout />
        {position && <p data-testid="about-year-position">{t.replay.position(position.day, position.percent)}</p>}
        <p className="control-hint">{t.replay.hint}</p>
        <button type="button" className="control" onClick={close} autoFocus>
          {t.about.close}
        </button>
      </div>
    </div>
  );
}
