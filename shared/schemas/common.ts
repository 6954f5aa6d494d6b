import Type, { type Static, type TSchema } from 'typebox';
import { MODES, REPLAY_SPEED_MAX, REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS, SCOPE_LEVELS } from '../constants.js';

/** `schema` or null: a step not taken yet, a rate of nothing, a field that does not apply. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

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

export const REPLAY_ACTIONS = ['play', 'pause', 'seek', 'speed'] as const;

/** An ISO 8601 date-time with its zone (Z or ±hh:mm), so that a seek means the same instant everywhere. */
export const ISO_DATE_TIME_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$';

/**
 * A replay command as a client sends it, over POST /api/replay or the socket's 'replay:command'. Both doors check it
 * with parseReplayCommand (shared/replay-command.ts), which also applies the rules between fields.
 */
export const ReplayCommandSchema = Type.Object(
  {
    action: Type.Enum(REPLAY_ACTIONS),
    /** For seek: epoch ms or an ISO date-time, inside 2023 (Asia/Shanghai), the replayed year. */
    to: Type.Optional(
      Type.Union([
        Type.Number({ minimum: REPLAY_YEAR_START_MS, maximum: REPLAY_YEAR_END_MS }),
        Type.String({ maxLength: 40, pattern: ISO_DATE_TIME_PATTERN }),
      ]),
    ),
    /** For speed: virtual seconds per real second, 0 (as fast as possible) to REPLAY_SPEED_MAX. */
    speed: Type.Optional(Type.Number({ minimum: 0, maximum: REPLAY_SPEED_MAX })),
  },
  { additionalProperties: false },
);
export type ReplayCommand = Static<typeof ReplayCommandSchema>;

/** A command that passed parseReplayCommand: what the replayer receives, with `to` already in epoch ms. */
export type ValidReplayCommand =
  | { action: 'play' }
  | { action: 'pause' }
  | { action: 'seek'; to: number }
  | { action: 'speed'; speed: number };
