/**
 * Photos are cut on the phone to at most 1600 px on their long side and sent as JPEG: a 12 MP photo is 4-6 MB, its
 * 1600 px copy 200-400 kB, which a village's mobile network sends. The server re-encodes it anyway (and strips what
 * the camera wrote into it); this only saves the reporter's data and time.
 */
export const PHOTO_MAX_SIDE = 1600;
export const MAX_PHOTOS = 6;
const QUALITY = 0.85;

/** The size to draw at: the same when it fits, else scaled down keeping the shape. */
export function fitWithin(width: number, height: number, max = PHOTO_MAX_SIDE): { width: number; height: number } {
  const long = Math.max(width, height);
  if (long <= max) return { width, height };
  const k = max / long;
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

/** The photo as a JPEG of at most PHOTO_MAX_SIDE px, turned upright as the camera meant it. */
export async function resizePhoto(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const { width, height } = fitWithin(bitmap.width, bitmap.height);
  try {
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(width, height);
      canvas.getContext('2d')!.drawImage(bitmap, 0, 0, width, height);
      return await canvas.convertToBlob({ type: 'image/jpeg', quality: QUALITY });
    }
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the photo could not be encoded'))), 'image/jpeg', QUALITY));
  } finally {
    bitmap.close();
  }
}
