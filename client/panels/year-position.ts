import { DAY_MS, REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS } from '../../shared/constants.js';

/** Where the replay's clock stands in 2023: day of the year (1..365, Asia/Shanghai) and whole percent done. Pure. */
export function yearPosition(clock: number): { day: number; percent: number } {
  const t = Math.min(Math.max(clock, REPLAY_YEAR_START_MS), REPLAY_YEAR_END_MS);
  const day = Math.min(365, Math.floor((t - REPLAY_YEAR_START_MS) / DAY_MS) + 1);
  const percent = Math.floor(((t - REPLAY_YEAR_START_MS) / (REPLAY_YEAR_END_MS - REPLAY_YEAR_START_MS)) * 100);
  return { day, percent };
}
