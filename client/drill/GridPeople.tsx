import type { GridPage } from '../../shared/schemas/drill.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { DTable } from './DTable.js';

/**
 * The cell's station, grid member, central households and their officers. Names and phones come masked from the
 * server (马*, 138****1234) and are shown exactly as given: the client never has, and never rebuilds, the full values.
 */
export function GridPeople({ page }: { page: GridPage }) {
  const t = useDrillMessages();
  return (
    <div className="dpeople" data-testid="grid-people">
      <dl className="dpairs">
        <dt>{t.place.station}</dt>
        <dd>{page.station ? `${page.station.name} · ${page.station.address}` : t.place.none}</dd>
        <dt>{t.place.gridMember}</dt>
        <dd data-testid="grid-member">{page.gridMember ? `${page.gridMember.name} ${page.gridMember.phone}` : t.place.none}</dd>
      </dl>
      <DTable heads={[t.place.central, null, t.place.officers]} compact>
        {page.centralHouseholds.map((ch) => (
          <tr key={ch.id} data-testid="central-household">
            <td>
              {ch.name} <span className="dmuted">{ch.phone}</span>
            </td>
            <td className="dmuted">{t.place.servesHouseholds(ch.households)}</td>
            {/* The label repeats the column's heading where a phone shows each row as a card without the heading row. */}
            <td data-label={t.place.officers}>
              {ch.officers.length === 0
                ? t.place.none
                : ch.officers.map((o) => (
                    <span key={o.id} className="dperson">
                      {o.name} <span className="dmuted">{o.phone}</span>
                    </span>
                  ))}
            </td>
          </tr>
        ))}
      </DTable>
    </div>
  );
}
