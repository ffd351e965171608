import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

// Draws Dockside's icon (a blue rounded square holding a white hull with stacked containers over a
// wave) straight from its shapes at each size, and writes the files electron-builder takes from
// resources/build: icon.png (1024, Linux and macOS), icon.ico (Windows, 16-256) and icon.icns
// (macOS, 16-1024). Run once, by hand (`node --import tsx scripts/make-icons.ts`); its output is committed.
const out = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'resources', 'build');

type Rgba = [number, number, number, number];
const BLUE: Rgba = [29, 99, 237, 255];
const WHITE: Rgba = [255, 255, 255, 255];

/** Signed distance (negative inside) to a rectangle with rounded corners, in 1024-unit icon space. */
function roundedRect(x: number, y: number, left: number, top: number, right: number, bottom: number, radius: number): number {
  const cx = (left + right) / 2;
  const cy = (top + bottom) / 2;
  const qx = Math.abs(x - cx) - ((right - left) / 2 - radius);
  const qy = Math.abs(y - cy) - ((bottom - top) / 2 - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

const boxes: [number, number][] = [
  [280, 420], [417, 420], [554, 420],
  [417, 283], [554, 283],
];

/** The mark's distance: containers, the hull under them and a wave below. */
function mark(x: number, y: number): number {
  let distance = roundedRect(x, y, 210, 572, 814, 682, 48);
  for (const [left, top] of boxes) distance = Math.min(distance, roundedRect(x, y, left, top, left + 122, top + 122, 16));
  if (x > 190 && x < 834) distance = Math.min(distance, Math.abs(y - (778 + 22 * Math.sin((x - 190) / 51))) - 17);
  return distance;
}

/** One size, 4x4 samples a pixel: RGBA rows. */
function render(size: number): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const scale = 1024 / size;
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let background = 0;
      let white = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) * scale;
          const y = (py + (sy + 0.5) / samples) * scale;
          if (roundedRect(x, y, 48, 48, 976, 976, 200) <= 0) {
            background++;
            if (mark(x, y) <= 0) white++;
          }
        }
      }
      const total = samples * samples;
      const alpha = background / total;
      const mix = background === 0 ? 0 : white / background;
      const at = (py * size + px) * 4;
      for (let channel = 0; channel < 3; channel++) pixels[at + channel] = Math.round(BLUE[channel]! * (1 - mix) + WHITE[channel]! * mix);
      pixels[at + 3] = Math.round(alpha * 255);
    }
  }
  return pixels;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGBA PNG. */
function png(size: number): Buffer {
  const pixels = render(size);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** ICO with PNG images (Windows Vista and later read them; 256 is stored as 0 in the directory). */
function ico(sizes: number[]): Buffer {
  const images = sizes.map(png);
  const header = Buffer.alloc(6 + 16 * sizes.length);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(sizes.length, 4);
  let offset = header.length;
  sizes.forEach((size, index) => {
    const entry = 6 + 16 * index;
    header[entry] = size % 256;
    header[entry + 1] = size % 256;
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(images[index]!.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += images[index]!.length;
  });
  return Buffer.concat([header, ...images]);
}

/** ICNS with the PNG types (Apple's icp4 16, icp5 32, icp6 64, ic07 128, ic08 256, ic09 512, ic10 1024). */
function icns(): Buffer {
  const types: [string, number][] = [['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024]];
  const entries = types.map(([type, size]) => {
    const image = png(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(image.length + 8, 4);
    return Buffer.concat([head, image]);
  });
  const body = Buffer.concat(entries);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

writeFileSync(join(out, 'icon.png'), png(1024));
writeFileSync(join(out, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256]));
writeFileSync(join(out, 'icon.icns'), icns());
console.log(`make-icons: ${out}/icon.{png,ico,icns}`);
