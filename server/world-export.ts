import { runWorldCommand } from './world-cli.js';
import { exportWorld } from './world/world-io.js';

/** `npm run world:export -- <dir>`: the world of MOSHAO_DB as open files (cells.geojson, staff.csv, organisation.csv, standing.csv). */
runWorldCommand('world:export', 'writes the world of MOSHAO_DB, default data/moshao.db', (dbPath, dir) => {
  const t = exportWorld(dbPath, dir);
  console.error(`moshao world:export: ${dbPath} -> ${dir}: ${t.cells} cells, ${t.stations} service stations, ${t.partyBranches} party branches, ${t.staff} staff`);
  console.error('The files hold names and phone numbers of the district\'s staff: keep them with the same care as the database.');
  return true;
});
