import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { processPhoto, sniffFormat } from './pipeline.js';
import { plainImage } from './test/photos.js';

const ftyp = (brand: string) => Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from(`ftyp${brand}`, 'latin1'), Buffer.alloc(12)]);

describe('sniffFormat: a photo by its first bytes', () => {
  it('knows JPEG, PNG, WebP and HEIC', async () => {
    expect(sniffFormat(await plainImage('jpeg'))).toBe('jpeg');
    expect(sniffFormat(await plainImage('png'))).toBe('png');
    expect(sniffFormat(await plainImage('webp'))).toBe('webp');
    for (const brand of ['heic', 'heix', 'mif1']) expect(sniffFormat(ftyp(brand))).toBe('heic');
  });

  it('knows nothing else, whatever it is called', () => {
    for (const b of [ftyp('avif'), ftyp('isom'), Buffer.from('<svg/>'), Buffer.from('GIF89a'), Buffer.from('%PDF-1.7'), Buffer.from([0xff, 0xd8]), Buffer.alloc(0)]) {
      expect(sniffFormat(b)).toBeNull();
    }
  });
});

describe('processPhoto', () => {
  it('refuses a file whose first bytes lie about what follows', async () => {
    const png = await plainImage('png');
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), png]);
    await expect(processPhoto(fake)).rejects.toMatchObject({ status: 422 });
  });

  it('refuses an AVIF (HEIF with AV1, not a phone\'s HEIC) by its brand', async () => {
    const avif = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#123' } }).avif().toBuffer();
    await expect(processPhoto(avif)).rejects.toMatchObject({ status: 415, code: 'unsupported_image' });
  });

  it('keeps small photos at their size and never enlarges them', async () => {
    const out = await processPhoto(await plainImage('png', 200, 120));
    expect([out.full.width, out.full.height, out.thumb.width, out.thumb.height]).toEqual([200, 120, 200, 120]);
  });
});
