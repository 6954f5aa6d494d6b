import { callerId, decide, type Principal } from '../auth/policy.js';
import { pseudonym } from '../auth/pseudonym.js';
import type { ReplayCaller } from '../auth/replay-control.js';

/** MOSHAO_DEMO_CONTROLS: who may drive the demo replay over the wall's socket. */
export const DEMO_CONTROLS = ['open', 'supervisors'] as const;
export type DemoControls = (typeof DEMO_CONTROLS)[number];

/**
 * Whether a socket may send 'replay:command'; null when it may, else the sentence that says why not.
 * 'open': any wall (the demo's synthetic year, no personal data; the wall needs no login). 'supervisors': only a
 * socket whose handshake carried a live session cookie of a role policy.ts allows 'replay:control'. The session cookie
 * is SameSite=Strict, so another site's page cannot open a socket that carries it.
 */
export function createReplayGate(controls: DemoControls, principalOf: (cookieHeader: string | undefined) => Principal | null) {
  return (cookieHeader: string | undefined): string | null => {
    if (controls === 'open') return null;
    const principal = principalOf(cookieHeader);
    const decision = decide(principal, 'replay:control');
    if (decision.ok) return null;
    const why = principal ? decision.message : 'this connection carries no supervisor session: log in at /login, then reload the wall.';
    return `Replay control is for supervisors here (MOSHAO_DEMO_CONTROLS=supervisors): ${why}`;
  };
}
export type ReplayGate = ReturnType<typeof createReplayGate>;

/**
 * Who sent a replay command over a socket: the account of the session cookie it carried, else an anonymous wall named
 * by a pseudonym of its address (its seek budget and its audit entries; the address itself is not kept).
 */
export function createReplayCallers(principalOf: (cookieHeader: string | undefined) => Principal | null) {
  return (cookieHeader: string | undefined, address: string): ReplayCaller => {
    const principal = principalOf(cookieHeader);
    if (principal) return { key: callerId(principal), actor: principal, ip: address };
    const wall = `wall:${pseudonym(address)}`;
    return { key: wall, actor: { kind: 'anonymous', name: wall }, ip: wall };
  };
}
export type ReplayCallers = ReturnType<typeof createReplayCallers>;
