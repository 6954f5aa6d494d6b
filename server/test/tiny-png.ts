import { crc32, deflateSync } from 'node:zlib';

/** A 2 x 2 PNG made by hand (the fuzz needs one valid photo without an image library). */
export function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0]);
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** One part of a multipart/form-data body. */
export interface FilePart {
  field: string;
  filename: string;
  /** Its Content-Type header; none when empty. */
  type: string;
  bytes: Buffer;
}

/** A multipart/form-data body as a browser writes it (send it with `multipart/form-data; boundary=<boundary>`). */
export function multipartBody(boundary: string, parts: readonly FilePart[]): Buffer {
  return Buffer.concat([
    ...parts.map((p) => Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.field}"; filename="${p.filename}"\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`, 'utf8'),
      p.bytes, Buffer.from('\r\n'),
    ])),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
}
