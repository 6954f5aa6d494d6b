import Type, { type Static } from 'typebox';
import { MODES, SCOPE_LEVELS } from '../constants.js';

export const ScopeLevelSchema = Type.Enum(SCOPE_LEVELS);
export const ModeSchema = Type.Enum(MODES);

/** Every error body: a short code, a sentence a person can act on, and the offending field when there is one. */
export const ErrorBodySchema = Type.Object({
  error: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
});
export type ErrorBody = Static<typeof ErrorBodySchema>;

export const ReplayStateSchema = Type.Object({
  mode: ModeSchema,
  playing: Type.Boolean(),
  /** Virtual seconds per real second; 0 means as fast as the machine goes. */
  speed: Type.Number(),
  clock: Type.Number(),
  loop: Type.Boolean(),
});
export type ReplayState = Static<typeof ReplayStateSchema>;

export const ReplayCommandSchema = Type.Object(
  {
    action: Type.Union([Type.Literal('play'), Type.Literal('pause'), Type.Literal('seek'), Type.Literal('speed')]),
    /** For seek: epoch ms or an ISO date-time. */
    to: Type.Optional(Type.Union([Type.Number(), Type.String({ maxLength: 40 })])),
    speed: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000_000 })),
  },
  { additionalProperties: false },
);
export type ReplayCommand = Static<typeof ReplayCommandSchema>;
