import { Compile } from 'typebox/compile';
import {
  BuildingChangedSchema, DeviceEventSchema, MODULE_EVENT_TYPES, ModuleEventSchema, PersonMovedSchema, VehiclePassedSchema, type ModuleEvent,
  type ModuleEventType,
} from './schemas/modules.js';
import { firstProblem } from './validation.js';

// Compiled once. The union decides; the branch of the event's own type only words the refusal (a union's own error
// would say "matches none of four shapes", not which field is wrong).
const union = Compile(ModuleEventSchema);
const branches: Record<ModuleEventType, ReturnType<typeof Compile>> = {
  'person.moved_in': Compile(PersonMovedSchema),
  'person.moved_out': Compile(PersonMovedSchema),
  'vehicle.passed': Compile(VehiclePassedSchema),
  'device.inspected': Compile(DeviceEventSchema),
  'device.fault': Compile(DeviceEventSchema),
  'building.changed': Compile(BuildingChangedSchema),
};

export type CheckedModuleEvent =
  | { ok: true; event: ModuleEvent; at: number }
  | { ok: false; error: 'invalid_event'; message: string; field?: string };

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Epoch ms of an ISO 8601 date-time with its zone, or null when it names no instant (2023-02-30, 24:00, +25:00) or
 * one before 1970: Date.parse would roll 30 February over into March.
 */
export function parseIsoInstant(text: string): number | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  const ms = Number((m[7] ?? '0').padEnd(3, '0'));
  // Before 1970 no system of ours reported anything (and Date.UTC reads years 0..99 as 1900..1999).
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (new Date(local).getUTCDate() !== d) return null;
  let offset = 0;
  if (m[8] !== 'Z') {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 14 || om > 59) return null;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  return local - offset;
}

const ref = (text: string) => `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;

/** The check of one event of a batch: its shape against the union, then its instant. Pure. */
export function checkModuleEvent(input: unknown): CheckedModuleEvent {
  if (!union.Check(input)) {
    const type = (input as { type?: unknown } | null)?.type;
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      return { ok: false, error: 'invalid_event', message: 'An event must be an object with id, type, at and gridId.' };
    }
    if (typeof type !== 'string' || !(MODULE_EVENT_TYPES as readonly string[]).includes(type)) {
      const named = typeof type === 'string' ? `Unknown event type ${ref(type)}` : '"type" is required';
      return { ok: false, error: 'invalid_event', field: 'type', message: `${named}; it must be one of: ${MODULE_EVENT_TYPES.join(', ')}.` };
    }
    const branch = branches[type as ModuleEventType];
    const problem = firstProblem(branch.Errors(input), `${type} event`);
    const message = problem.field === 'at' ? '"at" must be an ISO date-time with its zone, e.g. 2026-12-01T08:30:00+08:00.'
      : problem.field === 'gridId' ? '"gridId" must be a grid cell id such as 321171001001-01.' : problem.message;
    return problem.field ? { ok: false, error: 'invalid_event', field: problem.field, message } : { ok: false, error: 'invalid_event', message };
  }
  const at = parseIsoInstant(input.at);
  if (at === null) return { ok: false, error: 'invalid_event', field: 'at', message: `"at" ${ref(input.at)} names no instant since 1970 (check the day, hour and zone).` };
  return { ok: true, event: input, at };
}
