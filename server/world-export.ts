import { loadConfig } from './config.js';
import { exportWorld } from './world/world-io.js';

/** `npm run world:export -- <dir>`: the world of MOSHAO_DB as open files (cells.geojson, staff.csv, organisation.csv, standing.csv). */
function main(): void {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: npm run world:export -- <dir>   (writes the world of MOSHAO_DB, default data/moshao.db)');
    process.exit(2);
  }
  try {
    const dbPath = loadConfig().MOSHAO_DB;
    const t = exportWorld(dbPath, dir);
    console.error(`moshao world:export: ${dbPath} -> ${dir}: ${t.cells} cells, ${t.stations} service stations, ${t.partyBranches} party branches, ${t.staff} staff`);
    console.error('The files hold names and phone numbers of the district\'s staff: keep them with the same care as the database.');
  } catch (err) {
    console.error(`moshao world:export: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}

main();
