import Type, { type Static } from 'typebox';
import { ISO_DATE_TIME_PATTERN } from './common.js';
import { GRID_ID_PATTERN, SCOPE_ID_MAX_CHARS } from '../scope.js';

/**
 * Facts about 人车房物 sent by the systems that know them (residence registry, gate barriers, facility inspections,
 * housing management) to POST /api/modules/events. Each event has the sender's own id (a resend is a duplicate, not a
 * second fact), its type, the instant it happened and the grid cell it happened in.
 */

/** What one grid cell's 人车房物 saw in one hour: the demo's streams make it up, the aggregates tally it. */
export interface CellHourActivity {
  movedIn: number;
  movedOut: number;
  gateIn: number;
  gateOut: number;
  /** Daily rounds of central households (lift, gas pipe, hydrant, public water pipe) done in this hour. */
  inspections: number;
  /** Rounds in this hour that found a fault (each would raise a ticket). */
  faults: number;
}

export const MODULE_EVENTS_MAX_PER_CALL = 1000;
/** 1,000 events of a few hundred bytes each: more than the 64 KiB other bodies may have. */
export const MODULE_EVENTS_MAX_BODY_BYTES = 1024 * 1024;
/** Other systems' clocks drift: an event up to this far after ours is taken as happening now, a later one refused. */
export const MODULE_EVENT_FUTURE_SKEW_MS = 5 * 60_000;

export const MODULE_EVENT_TYPES = [
  'person.moved_in', 'person.moved_out', 'vehicle.passed', 'device.inspected', 'device.fault', 'building.changed',
] as const;
export type ModuleEventType = (typeof MODULE_EVENT_TYPES)[number];
export const DEVICES = ['elevator', 'camera', 'hydrant', 'gas', 'water'] as const;
export const GATE_DIRECTIONS = ['in', 'out'] as const;
/** How far one building.changed may move a count: a building, not a district. */
export const BUILDING_CHANGE_MAX = 10_000;

const common = {
  id: Type.String({ minLength: 1, maxLength: 120 }),
  at: Type.String({ maxLength: 40, pattern: ISO_DATE_TIME_PATTERN }),
  gridId: Type.String({ maxLength: SCOPE_ID_MAX_CHARS, pattern: GRID_ID_PATTERN }),
};
const closed = { additionalProperties: false } as const;
const Change = Type.Integer({ minimum: -BUILDING_CHANGE_MAX, maximum: BUILDING_CHANGE_MAX });

export const PersonMovedSchema = Type.Object({ ...common, type: Type.Enum(['person.moved_in', 'person.moved_out']) }, closed);
export const VehiclePassedSchema = Type.Object({
  ...common, type: Type.Literal('vehicle.passed'), direction: Type.Enum(GATE_DIRECTIONS), gate: Type.String({ minLength: 1, maxLength: 80 }),
}, closed);
export const DeviceEventSchema = Type.Object({ ...common, type: Type.Enum(['device.inspected', 'device.fault']), device: Type.Enum(DEVICES) }, closed);
/** How a building's occupancy counts changed (negative: fewer); they move the standing house numbers of its cell. */
export const BuildingChangedSchema = Type.Object({
  ...common,
  type: Type.Literal('building.changed'),
  building: Type.String({ minLength: 1, maxLength: 80 }),
  change: Type.Object({ households: Type.Optional(Change), rented: Type.Optional(Change), vacant: Type.Optional(Change) }, { ...closed, minProperties: 1 }),
}, closed);

/** The one schema every event is checked against. */
export const ModuleEventSchema = Type.Union([PersonMovedSchema, VehiclePassedSchema, DeviceEventSchema, BuildingChangedSchema]);
export type ModuleEvent = Static<typeof ModuleEventSchema>;

/** The body: the events themselves are checked one by one, so that a bad one is named and the good ones still count. */
export const ModuleEventBatchSchema = Type.Object({
  events: Type.Array(Type.Unknown(), { minItems: 1, maxItems: MODULE_EVENTS_MAX_PER_CALL }),
}, closed);

export const ModuleEventRejectionSchema = Type.Object({
  index: Type.Integer({ minimum: 0 }),
  error: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
});
export type ModuleEventRejection = Static<typeof ModuleEventRejectionSchema>;

export const ModuleEventAnswerSchema = Type.Object({
  accepted: Type.Integer({ minimum: 0 }),
  duplicates: Type.Integer({ minimum: 0 }),
  rejected: Type.Array(ModuleEventRejectionSchema),
});
export type ModuleEventAnswer = Static<typeof ModuleEventAnswerSchema>;
