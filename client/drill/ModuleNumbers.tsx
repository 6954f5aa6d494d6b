import type { Summary } from '../../shared/schemas/summary.js';
import { formatCount } from '../format.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';

/** 人车房物: the cell's standing numbers, and today's inspections and faults (summary.modules). */
export function ModuleNumbers({ modules }: { modules: Summary['modules'] }) {
  const t = useDrillMessages();
  const m = t.modules;
  const { people, vehicles, houses, things, activity } = modules;
  const groups: { title: string; rows: [string, number][] }[] = [
    {
      title: m.people,
      rows: [[m.registered, people.registered], [m.floating, people.floating], [m.over60, people.over60], [m.elderlyAlone, people.elderlyAlone], [m.disabled, people.disabled], [m.partyMembers, people.partyMembers]],
    },
    {
      title: m.vehicles,
      rows: [[m.cars, vehicles.registered], [m.parking, vehicles.parkingSpaces], [m.chargers, vehicles.evChargers], [m.gateToday, activity.gatePassesToday]],
    },
    {
      title: m.houses,
      rows: [[m.buildings, houses.buildings], [m.units, houses.units], [m.rented, houses.rented], [m.vacant, houses.vacant], [m.movedIn, activity.movedInToday], [m.movedOut, activity.movedOutToday]],
    },
    {
      title: m.things,
      rows: [[m.lifts, things.lifts], [m.gas, things.gasPipelines], [m.hydrants, things.hydrants], [m.lamps, things.streetLamps], [m.cameras, things.cameras]],
    },
  ];
  return (
    <div className="dmodules" data-testid="modules">
      <div className="dmodules-today">
        <span>
          {m.inspections} <b data-testid="inspections-today">{formatCount(activity.inspectionsToday)}</b>
        </span>
        <span>
          {m.faults} <b className={activity.faultsToday > 0 ? 'bad' : undefined}>{formatCount(activity.faultsToday)}</b>
        </span>
      </div>
      <div className="dmodules-groups">
        {groups.map((g) => (
          <div key={g.title} className="dmodule">
            <h3>{g.title}</h3>
            <dl>
              {g.rows.map(([label, value]) => (
                <div key={label} className="dmodule-row">
                  <dt>{label}</dt>
                  <dd>{formatCount(value)}</dd>
                </div>
              ))}
            </dl>
          </div>
        ))}
      </div>
    </div>
  );
}
