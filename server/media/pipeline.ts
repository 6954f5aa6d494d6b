import sharp, { type Metadata } from 'sharp';
import { MEDIA_MAX_PIXELS, MEDIA_SIZES } from '../../shared/schemas/media.js';
import { DomainError, type RefusalStatus } from '../domain/errors.js';

// Decoded pixels are never kept between photos: a photo's pixels live only while it is processed.
sharp.cache(false);

/** The formats taken in, as their first bytes say (a file's name and its Content-Type are what the sender claims). */
export type SniffedFormat = 'jpeg' | 'png' | 'webp' | 'heic';

/** HEIF brands of HEIC photos (iPhones write heic and mif1). AVIF's own brand is not among them. */
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

/** The format of a file by its content alone, or null for anything else (SVG, a script, a PDF, GIF, TIFF...). */
export function sniffFormat(b: Buffer): SniffedFormat | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (b.length >= 12 && b.toString('latin1', 4, 8) === 'ftyp' && HEIC_BRANDS.has(b.toString('latin1', 8, 12))) return 'heic';
  return null;
}

/** What the image library calls each format. */
const SHARP_FORMAT: Record<SniffedFormat, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp', heic: 'heif' };

/** The two stored copies of one photo, both plain JPEG with no metadata at all. */
export interface ProcessedPhoto {
  full: { bytes: Buffer; width: number; height: number };
  thumb: { bytes: Buffer; width: number; height: number };
}

const refused = (status: RefusalStatus, code: string, message: string) => new DomainError(status, code, message, 'file');

/**
 * A photo as it is kept: sniffed by content, its size checked from its header before a pixel is decoded (a 50,000 x
 * 50,000 PNG is refused without allocating its 7.5 GB), turned upright by its EXIF orientation, then re-encoded from
 * pixels into a 1600 px and a 320 px JPEG. Re-encoding writes no metadata: EXIF (GPS, camera, time), XMP, IPTC and ICC
 * profiles are all left behind, and colours are converted to sRGB first. sharp decodes and encodes on libuv's worker
 * threads, so the event loop only waits on promises here. Anything wrong is a 4xx DomainError naming the field.
 */
export async function processPhoto(input: Buffer): Promise<ProcessedPhoto> {
  const format = sniffFormat(input);
  if (!format) {
    throw refused(415, 'unsupported_image', 'The file is not a JPEG, PNG, WebP or HEIC photo by its content (its name or type do not count); nothing was stored.');
  }
  const options = { limitInputPixels: MEDIA_MAX_PIXELS, failOn: 'warning' as const };
  let meta: Metadata;
  try {
    // The header alone: no pixel is decoded, so the size is checked below with our own words.
    meta = await sharp(input, { failOn: 'warning', limitInputPixels: false }).metadata();
  } catch {
    throw refused(422, 'unreadable_image', `The file starts like a ${format.toUpperCase()} but its header cannot be read; nothing was stored.`);
  }
  if (meta.format !== SHARP_FORMAT[format]) {
    throw refused(415, 'unsupported_image', `The file starts like a ${format.toUpperCase()} but is ${meta.format ?? 'something else'} inside; nothing was stored.`);
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (!(pixels > 0) || pixels > MEDIA_MAX_PIXELS) {
    throw refused(422, 'too_many_pixels', `The photo is ${meta.width} x ${meta.height} pixels; at most ${MEDIA_MAX_PIXELS / 1e6} megapixels are taken. Nothing was stored.`);
  }
  try {
    const full = await sharp(input, options)
      .autoOrient()
      .resize(MEDIA_SIZES.full, MEDIA_SIZES.full, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
    // The thumbnail from the upright copy: a tenth of the decoding work of the original, the same picture.
    const thumb = await sharp(full.data, options)
      .resize(MEDIA_SIZES.thumb, MEDIA_SIZES.thumb, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 78 })
      .toBuffer({ resolveWithObject: true });
    return {
      full: { bytes: full.data, width: full.info.width, height: full.info.height },
      thumb: { bytes: thumb.data, width: thumb.info.width, height: thumb.info.height },
    };
  } catch (err) {
    if (format === 'heic' && /heif|hevc|compression|codec|plugin/i.test((err as Error).message)) {
      throw refused(415, 'heic_unsupported',
        'This server cannot decode this HEIC photo (its image library reads HEIF only with AV1 inside); send it as JPEG (iPhone: Settings > Camera > Formats > Most Compatible). Nothing was stored.');
    }
    throw refused(422, 'unreadable_image', `The ${format.toUpperCase()} cannot be decoded: it is cut short or damaged. Nothing was stored.`);
  }
}
