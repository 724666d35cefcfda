// Writes the PWA icons into public/icons/ with nothing but node:zlib:
//   icon.svg               the mark as vector (purpose any)
//   icon-192.png / -512    the mark on a rounded tile, transparent corners (purpose any)
//   icon-maskable-512.png  the mark on a full-bleed tile, inside the 80 % safe zone (purpose maskable)
// Run: npm run icons -w apps/web. The outputs are committed; rerun only when the mark changes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');
const primary = [0x1a, 0x5f, 0xb4];
const white = [0xff, 0xff, 0xff];
const gold = [0xf6, 0xc3, 0x43];

// The mark on a 64-unit grid (same drawing as src/components/BrandMark.tsx): a balance — fair
// and open trading — on a tile of the platform colour. Later shapes paint over earlier ones.
const tile = { x: 0, y: 0, w: 64, h: 64, r: 14 };
const shapes = [
  { kind: 'segment', x1: 18, y1: 21, x2: 11, y2: 36, width: 1.6, colour: white },
  { kind: 'segment', x1: 18, y1: 21, x2: 25, y2: 36, width: 1.6, colour: white },
  { kind: 'segment', x1: 46, y1: 21, x2: 39, y2: 36, width: 1.6, colour: white },
  { kind: 'segment', x1: 46, y1: 21, x2: 53, y2: 36, width: 1.6, colour: white },
  { kind: 'bowl', cx: 18, cy: 36, r: 8, colour: gold },
  { kind: 'bowl', cx: 46, cy: 36, r: 8, colour: gold },
  { kind: 'rect', x: 30, y: 17, w: 4, h: 30, r: 1.5, colour: white },
  { kind: 'rect', x: 14, y: 19, w: 36, h: 4, r: 2, colour: white },
  { kind: 'rect', x: 21, y: 45, w: 22, h: 5, r: 2.5, colour: white },
  { kind: 'circle', cx: 32, cy: 16, r: 4, colour: gold },
];

function inRoundedRect(px, py, { x, y, w, h, r }) {
  if (px < x || py < y || px > x + w || py > y + h) return false;
  const cx = Math.min(Math.max(px, x + r), x + w - r);
  const cy = Math.min(Math.max(py, y + r), y + h - r);
  return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
}

function inShape(px, py, shape) {
  switch (shape.kind) {
    case 'rect':
      return inRoundedRect(px, py, shape);
    case 'circle':
      return Math.hypot(px - shape.cx, py - shape.cy) <= shape.r;
    case 'bowl': // the lower half of a disc
      return py >= shape.cy && Math.hypot(px - shape.cx, py - shape.cy) <= shape.r;
    case 'segment': {
      const dx = shape.x2 - shape.x1;
      const dy = shape.y2 - shape.y1;
      const t = Math.max(0, Math.min(1, ((px - shape.x1) * dx + (py - shape.y1) * dy) / (dx * dx + dy * dy)));
      return Math.hypot(px - (shape.x1 + t * dx), py - (shape.y1 + t * dy)) <= shape.width / 2;
    }
    default:
      throw new Error(`unknown shape ${shape.kind}`);
  }
}

/** Colour of one point of the 64-unit drawing, or null for transparent. */
function sample(px, py, { fullBleed }) {
  if (!fullBleed && !inRoundedRect(px, py, tile)) return null;
  for (let i = shapes.length - 1; i >= 0; i -= 1) {
    if (inShape(px, py, shapes[i])) return shapes[i].colour;
  }
  return primary;
}

function render(size, options) {
  const samples = 4; // 4x4 supersampling for smooth edges
  // The maskable icon shrinks the mark to 70 % so it stays inside the 80 % safe circle.
  const scale = options.fullBleed ? 0.7 : 1;
  const offset = (64 - 64 * scale) / 2;
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const ux = ((x + (sx + 0.5) / samples) / size) * 64;
          const uy = ((y + (sy + 0.5) / samples) / size) * 64;
          const colour = options.fullBleed ? sample((ux - offset) / scale, (uy - offset) / scale, { fullBleed: false }) ?? primary : sample(ux, uy, options);
          if (colour === null) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 1;
        }
      }
      const i = (y * size + x) * 4;
      if (a > 0) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
      }
      rgba[i + 3] = Math.round((a / (samples * samples)) * 255);
    }
  }
  return encodePng(size, size, rgba);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  header[10] = 0; // deflate
  header[11] = 0; // adaptive filtering
  header[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * (stride + 1)] = 0; // filter: none
    rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const hex = (colour) => `#${colour.map((c) => c.toString(16).padStart(2, '0')).join('')}`;

function svgShape(shape) {
  const fill = hex(shape.colour);
  switch (shape.kind) {
    case 'rect':
      return `<rect x="${shape.x}" y="${shape.y}" width="${shape.w}" height="${shape.h}" rx="${shape.r}" fill="${fill}"/>`;
    case 'circle':
      return `<circle cx="${shape.cx}" cy="${shape.cy}" r="${shape.r}" fill="${fill}"/>`;
    case 'bowl':
      return `<path d="M${shape.cx - shape.r} ${shape.cy}a${shape.r} ${shape.r} 0 0 0 ${2 * shape.r} 0z" fill="${fill}"/>`;
    case 'segment':
      return `<line x1="${shape.x1}" y1="${shape.y1}" x2="${shape.x2}" y2="${shape.y2}" stroke="${fill}" stroke-width="${shape.width}" stroke-linecap="round"/>`;
    default:
      throw new Error(`unknown shape ${shape.kind}`);
  }
}

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="512" height="512">
  <rect width="64" height="64" rx="${tile.r}" fill="${hex(primary)}"/>
${shapes.map((shape) => `  ${svgShape(shape)}`).join('\n')}
</svg>
`;

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'icon.svg'), svg);
writeFileSync(join(outDir, 'icon-192.png'), render(192, { fullBleed: false }));
writeFileSync(join(outDir, 'icon-512.png'), render(512, { fullBleed: false }));
writeFileSync(join(outDir, 'icon-maskable-512.png'), render(512, { fullBleed: true }));
console.log(`icons written to ${outDir}`);
