import { runWorldCommand } from './world-cli.js';
import { importWorld } from './world/world-io.js';

/** Problems printed at most; the count of the rest follows. */
const MAX_SHOWN = 200;

/** `npm run world:import -- <dir>`: checks a world set and loads it into MOSHAO_DB in one transaction, or writes nothing. */
runWorldCommand('world:import', 'loads cells.geojson, staff.csv, organisation.csv, standing.csv into MOSHAO_DB', (dbPath, dir) => {
  const r = importWorld(dbPath, dir);
  if (!r.ok) {
    for (const p of r.problems.slice(0, MAX_SHOWN)) console.error(p);
    if (r.problems.length > MAX_SHOWN) console.error(`… and ${r.problems.length - MAX_SHOWN} more problems`);
    console.error(`moshao world:import: ${r.problems.length} problem${r.problems.length > 1 ? 's' : ''}; nothing was written to ${dbPath}`);
    return false;
  }
  const t = r.totals;
  console.error(`moshao world:import: ${dir} -> ${dbPath}${r.created ? ' (new database)' : ''}: ${t.cells} cells, ${t.stations} service stations, ${t.partyBranches} party branches, ${t.staff} staff`);
  console.error('Restart the server to serve the new world.');
  return true;
});
