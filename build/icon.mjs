#!/usr/bin/env node
// Draws build/icon.png (1024×1024, the size electron-builder turns into .icns/.ico/Linux icons)
// with no image library: the app's idea in one picture — coefficient bars, some exactly zero, as
// an L1 penalty leaves them. Run `node build/icon.mjs` after changing the drawing.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 1024;
const pixels = Buffer.alloc(SIZE * SIZE * 4); // RGBA, transparent

function fillRoundedRect(x0, y0, x1, y1, radius, [r, g, b]) {
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const dx = Math.max(x0 + radius - x - 0.5, 0, x + 0.5 - (x1 - radius));
      const dy = Math.max(y0 + radius - y - 0.5, 0, y + 0.5 - (y1 - radius));
      const outside = Math.hypot(dx, dy) - radius;
      if (outside > 0.5) continue;
      // One pixel of coverage-based edge smoothing.
      const alpha = Math.round(255 * Math.min(1, 0.5 - outside));
      const i = (y * SIZE + x) * 4;
      const a = alpha / 255;
      const under = pixels[i + 3] / 255;
      const outA = a + under * (1 - a);
      pixels[i] = Math.round((r * a + pixels[i] * under * (1 - a)) / (outA || 1));
      pixels[i + 1] = Math.round((g * a + pixels[i + 1] * under * (1 - a)) / (outA || 1));
      pixels[i + 2] = Math.round((b * a + pixels[i + 2] * under * (1 - a)) / (outA || 1));
      pixels[i + 3] = Math.round(outA * 255);
    }
  }
}

// Background tile.
fillRoundedRect(64, 64, 960, 960, 180, [24, 42, 78]);
// Zero axis.
fillRoundedRect(170, 508, 854, 516, 4, [120, 140, 175]);
// Coefficients: positive bars rise, negative bars fall, zeros are dots on the axis.
const coefficients = [0.78, -0.42, 0, 0.55, 0, -0.7, 0.3];
const barWidth = 70;
const gap = (684 - coefficients.length * barWidth) / (coefficients.length - 1);
coefficients.forEach((c, k) => {
  const x0 = Math.round(170 + k * (barWidth + gap));
  if (c === 0) {
    fillRoundedRect(x0 + 17, 494, x0 + barWidth - 17, 530, 18, [120, 140, 175]);
    return;
  }
  const h = Math.round(Math.abs(c) * 330);
  const color = c > 0 ? [94, 214, 190] : [255, 176, 92];
  if (c > 0) fillRoundedRect(x0, 512 - h, x0 + barWidth, 512, 14, color);
  else fillRoundedRect(x0, 512, x0 + barWidth, 512 + h, 14, color);
});

// PNG encoding: 8-bit RGBA, filter 0 on every row.
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) pixels.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`wrote build/icon.png (${png.length} bytes)`);
