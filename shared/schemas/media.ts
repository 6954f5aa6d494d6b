import Type, { type Static } from 'typebox';

/** At most this many photos go with one report or one handle. */
export const MAX_PHOTOS = 6;
/** A photo's file as it comes in: 10 MB at most. */
export const MEDIA_MAX_BYTES = 10 * 1024 * 1024;
/** A photo's pixels as it comes in: 25 megapixels at most (a phone's camera; a decompression bomb declares far more). */
export const MEDIA_MAX_PIXELS = 25_000_000;
/** The long side of the two stored copies. */
export const MEDIA_SIZES = { thumb: 320, full: 1600 } as const;
export type MediaSize = keyof typeof MEDIA_SIZES;

/** A media id: 22 url-safe characters, 128 random bits (knowing one is no way in: GET checks the reader). */
export const MEDIA_ID_PATTERN = '^[A-Za-z0-9_-]{22}$';
export const MediaIdSchema = Type.String({ pattern: MEDIA_ID_PATTERN });

/** Ids from POST /api/media, not yet attached: `photos` of a report, a round's fault, or a handle (处置后). */
export const PhotoIdsSchema = Type.Array(MediaIdSchema, { maxItems: MAX_PHOTOS, uniqueItems: true });

/** POST /api/media: the stored photo (its 1600 px copy's size and bytes). */
export const MediaUploadedSchema = Type.Object({
  id: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  bytes: Type.Integer(),
});
export type MediaUploaded = Static<typeof MediaUploadedSchema>;

export const PHOTO_STAGES = ['before', 'after'] as const;
export type PhotoStage = (typeof PHOTO_STAGES)[number];
/** One photo of a ticket as a reader in scope sees it listed: fetch it from GET /api/media/:id?size=thumb|full. */
export const PhotoRefSchema = Type.Object({ id: Type.String(), stage: Type.Enum(PHOTO_STAGES) });
export type PhotoRef = Static<typeof PhotoRefSchema>;

export const MediaParamsSchema = Type.Object({ id: MediaIdSchema });
export const MediaQuerySchema = Type.Object({ size: Type.Optional(Type.Enum(['thumb', 'full'])) });
