import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { DISTRICT_CODE } from '../../shared/constants.js';
import { useMessages } from '../i18n/use-messages.js';
import { useWall } from '../store/index.js';
import { scopeName } from './known-scopes.js';
import { problemText } from './problem-text.js';
import { rotationStore } from './run-rotation.js';

/** The about box's account of the rotation: its scopes by name, the interval, which one is on, what the URL got wrong. */
export function RotationAbout() {
  const t = useMessages();
  const view = useStore(rotationStore, (s) => s.view);
  const outlines = useWall(useShallow((s) => ({ townGeo: s.townGeo, villageGeo: s.villageGeo, geo: s.geo })));
  if (!view) return null;
  const name = (scope: string) => (scope === DISTRICT_CODE ? t.rotation.district : (scopeName(scope, outlines) ?? scope));
  return (
    <section data-testid="about-rotation">
      <h3>{t.rotation.about(view.everyMs / 1000)}</h3>
      <ol>
        {view.scopes.map((scope, i) => (
          <li key={`${i}-${scope}`} data-scope={scope} data-current={i === view.index}>
            {name(scope)} <small>{scope}</small>
            {i === view.index && <strong> · {t.rotation.current}</strong>}
          </li>
        ))}
      </ol>
      {view.problems.length > 0 && <p className="about-warning">{view.problems.map((p) => problemText(t, p)).join('; ')}</p>}
    </section>
  );
}
