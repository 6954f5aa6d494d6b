/** Minutes past a deadline as hours and minutes (0 when not yet past: the caller says 未到期). */
export function splitMinutes(minutes: number): { h: number; m: number } {
  const total = Math.max(0, Math.floor(minutes));
  return { h: Math.floor(total / 60), m: total % 60 };
}
