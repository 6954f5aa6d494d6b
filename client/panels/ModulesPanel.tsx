import { formatCount } from '../format.js';
import { useMessages } from '../i18n/use-messages.js';
import { useWall } from '../store/index.js';
import type { Summary } from '../../shared/schemas/summary.js';
import { Panel } from './Panel.js';

interface Row {
  label: string;
  value: string;
  /** Live numbers (today, this hour) glow; standing numbers are calm. */
  live?: boolean;
}

function Quadrant({ glyph, name, rows }: { glyph: string; name: string; rows: Row[] }) {
  return (
    <div className="module" aria-label={name}>
      <span className="module-glyph" aria-hidden>
        {glyph}
      </span>
      <dl className="module-rows">
        {rows.map((r) => (
          <div key={r.label} className={r.live ? 'module-row live' : 'module-row'}>
            <dt>{r.label}</dt>
            <dd>{r.value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** 人 车 房 物: residents and key groups, vehicles and gate passes, houses and rentals, facilities with today's checks. */
export function ModulesPanel({ className }: { className?: string }) {
  const t = useMessages();
  const modules = useWall((s) => s.summary?.modules ?? null);
  const m = t.modules;
  const n = (v: number | undefined) => formatCount(v ?? null, t.locale);
  const pair = (a: number | undefined, b: number | undefined) => `${n(a)} / ${n(b)}`;
  const mod: Partial<Summary['modules']> = modules ?? {};
  const a = mod.activity;
  const live = (label: string, value: string): Row => ({ label, value, live: true });
  const quadrants: { glyph: string; name: string; rows: Row[] }[] = [
    { glyph: '人', name: m.people, rows: [
      { label: m.registered, value: n(mod.people?.registered) },
      { label: m.floating, value: n(mod.people?.floating) },
      { label: m.elderlyAlone, value: n(mod.people?.elderlyAlone) },
      live(m.movedToday, pair(a?.movedInToday, a?.movedOutToday)),
    ] },
    { glyph: '车', name: m.vehicles, rows: [
      { label: m.cars, value: n(mod.vehicles?.registered) },
      live(m.gateHour, pair(a?.gateInLastHour, a?.gateOutLastHour)),
      live(m.gateToday, n(a?.gatePassesToday)),
    ] },
    { glyph: '房', name: m.houses, rows: [
      { label: m.buildings, value: n(mod.houses?.buildings) },
      { label: m.rented, value: n(mod.houses?.rented) },
      { label: m.vacant, value: n(mod.houses?.vacant) },
    ] },
    { glyph: '物', name: m.things, rows: [
      { label: m.lifts, value: n(mod.things?.lifts) },
      { label: m.cameras, value: n(mod.things?.cameras) },
      live(m.inspections, n(a?.inspectionsToday)),
      live(m.faults, n(a?.faultsToday)),
    ] },
  ];
  return (
    <Panel title={t.panels.modules} testId="modules" className={className}>
      <div className="modules">
        {quadrants.map((q) => (
          <Quadrant key={q.glyph} {...q} />
        ))}
      </div>
    </Panel>
  );
}
