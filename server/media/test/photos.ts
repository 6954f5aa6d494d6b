import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** Where the fixture photos were "taken": the 管委会 of 镇江经开区, in EXIF's degrees/minutes/seconds. */
export const FIXTURE_GPS = { GPSLatitudeRef: 'N', GPSLatitude: '32/1 12/1 3/1', GPSLongitudeRef: 'E', GPSLongitude: '119/1 31/1 7/1' };
export const FIXTURE_CAMERA = 'MoshaoTestPhone';

/**
 * A phone's JPEG: noise (so it compresses like a photo, not like a flat colour), the camera's make and model, GPS
 * coordinates, and an orientation tag saying "turn me a quarter to the right" (6), as phones held upright write it.
 */
export async function phonePhoto(width: number, height: number, quality = 90): Promise<Buffer> {
  const noise = await sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png({ compressionLevel: 0 }).toBuffer();
  return sharp(noise)
    .jpeg({ quality })
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD0: { Make: FIXTURE_CAMERA, Model: FIXTURE_CAMERA }, IFD3: FIXTURE_GPS })
    .toBuffer();
}

/** A plain image of any format sharp writes. */
export function plainImage(format: 'png' | 'webp' | 'jpeg', width = 200, height = 120): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#2a7' } }).toFormat(format).toBuffer();
}

const chunk = (type: string, data: Buffer): Buffer => {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
};

/**
 * A decompression bomb: a PNG whose header declares `side` x `side` RGB pixels (50,000 squared is 7.5 GB decoded)
 * followed by a small run of compressed zeros. A server that decodes before it checks the size is the one that falls.
 */
export function pngBomb(side = 50_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(4 * 1024 * 1024))), chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Whether an EXIF block (sharp's metadata().exif) points at a GPS directory: tag 0x8825 in its first IFD. */
export function exifHasGps(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  const tiff = exif.subarray(exif.indexOf('Exif\0\0', 0, 'latin1') >= 0 ? exif.indexOf('Exif\0\0', 0, 'latin1') + 6 : 0);
  const le = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const ifd = u32(4);
  for (let i = 0, n = u16(ifd); i < n; i++) if (u16(ifd + 2 + i * 12) === 0x8825) return true;
  return false;
}
