#!/usr/bin/env node
// Writes the small images of the real-world fixture corpus (test/fixtures/real-world and real-world-assets): SVG, PNG (via resvg), GIF and WebP encoded here by hand.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.join(root, 'test/fixtures/real-world');
const assets = path.join(root, 'test/fixtures/real-world-assets');

function write(file, bytes) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  console.log(`${path.relative(root, file)} (${bytes.length} bytes)`);
}

// ---- SVG, and PNGs rendered from SVG ----

const bars = (values, colour) => {
  const w = 240;
  const h = 120;
  const bw = w / values.length;
  const max = Math.max(...values);
  const rects = values
    .map((v, i) => `<rect x="${(i * bw + 6).toFixed(1)}" y="${(h - (v / max) * (h - 12)).toFixed(1)}" width="${(bw - 12).toFixed(1)}" height="${((v / max) * (h - 12)).toFixed(1)}" fill="${colour}"/>`)
    .join('\n  ');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">
  <title>bar chart</title>
  <rect width="${w}" height="${h}" fill="#ffffff"/>
  ${rects}
  <line x1="0" y1="${h - 0.5}" x2="${w}" y2="${h - 0.5}" stroke="#333333"/>
</svg>
`;
};

const cycle = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200">
  <title>reading cycle</title>
  <circle cx="100" cy="100" r="80" fill="none" stroke="#4a6fa5" stroke-width="6"/>
  <circle cx="100" cy="20" r="14" fill="#e07a5f"/>
  <circle cx="169" cy="140" r="14" fill="#81b29a"/>
  <circle cx="31" cy="140" r="14" fill="#f2cc8f"/>
  <path d="M 100 100 L 100 40 M 100 100 L 152 130 M 100 100 L 48 130" stroke="#3d405b" stroke-width="3"/>
</svg>
`;

const png = (svg) => Buffer.from(new Resvg(svg, { fitTo: { mode: 'original' } }).render().asPng());

write(path.join(corpus, 'images/reading-cycle.svg'), Buffer.from(cycle));
write(path.join(corpus, 'images/speed-chart.png'), png(bars([120, 180, 260, 310, 280], '#4a6fa5')));
write(path.join(assets, 'borrowing-2023.png'), png(bars([35, 48, 52, 61, 70, 66, 80, 92, 88, 95, 101, 110], '#81b29a')));
write(path.join(assets, 'shared-doc.svg'), Buffer.from(bars([3, 5, 8, 13], '#e07a5f')));

// ---- GIF: a two-frame animation, LZW with a clear code every two pixels so codes stay 3 bits ----

function gif(width, height, palette, frames, delay) {
  const out = [];
  const u16 = (n) => out.push(n & 0xff, (n >> 8) & 0xff);
  out.push(...Buffer.from('GIF89a'));
  u16(width);
  u16(height);
  out.push(0xf1, 0, 0); // global colour table of 4 entries (2^(1+1))
  for (const [r, g, b] of palette) out.push(r, g, b);
  out.push(0x21, 0xff, 11, ...Buffer.from('NETSCAPE2.0'), 3, 1, 0, 0, 0); // loop forever
  for (const pixels of frames) {
    out.push(0x21, 0xf9, 4, 0x04, delay & 0xff, delay >> 8, 0, 0); // graphic control: keep frame, delay
    out.push(0x2c);
    u16(0);
    u16(0);
    u16(width);
    u16(height);
    out.push(0);
    // LZW: minimum code size 2 (clear 4, end 5), every code 3 bits.
    const codes = [];
    pixels.forEach((p, i) => {
      if (i % 2 === 0) codes.push(4);
      codes.push(p);
    });
    codes.push(5);
    const bytes = [];
    let acc = 0;
    let bits = 0;
    for (const c of codes) {
      acc |= c << bits;
      bits += 3;
      while (bits >= 8) {
        bytes.push(acc & 0xff);
        acc >>= 8;
        bits -= 8;
      }
    }
    if (bits > 0) bytes.push(acc & 0xff);
    out.push(2);
    for (let i = 0; i < bytes.length; i += 255) {
      const chunk = bytes.slice(i, i + 255);
      out.push(chunk.length, ...chunk);
    }
    out.push(0);
  }
  out.push(0x3b);
  return Buffer.from(out);
}

const W = 16;
const frame = (phase) => Array.from({ length: W * W }, (_, i) => {
  const x = i % W;
  const y = Math.floor(i / W);
  const d = Math.hypot(x - 7.5, y - 7.5);
  if (d > 7.5) return 0;
  const angle = (Math.atan2(y - 7.5, x - 7.5) + Math.PI) / (2 * Math.PI);
  return d < 4 ? 0 : Math.floor(angle * 4 + phase) % 2 === 0 ? 1 : 2;
});
write(path.join(corpus, 'images/page-turn.gif'), gif(W, W, [[255, 255, 255], [74, 111, 165], [224, 122, 95], [0, 0, 0]], [frame(0), frame(1)], 40));

// ---- WebP: lossless (VP8L), two colours, each channel a two-symbol prefix code: one bit per channel per pixel ----

function webp(width, height, a, b, isB) {
  const bits = [];
  const put = (value, n) => {
    for (let i = 0; i < n; i++) bits.push((value >> i) & 1);
  };
  put(0x2f, 8); // signature
  put(width - 1, 14);
  put(height - 1, 14);
  put(0, 1); // no alpha
  put(0, 3); // version 0
  put(0, 1); // no transform
  put(0, 1); // no colour cache
  put(0, 1); // no meta prefix codes
  const twoSymbols = (s0, s1) => {
    put(1, 1); // simple code
    put(1, 1); // two symbols
    put(1, 1); // first symbol is 8 bits
    put(s0, 8);
    put(s1, 8);
  };
  const oneSymbol = (s) => {
    put(1, 1);
    put(0, 1);
    put(1, 1);
    put(s, 8);
  };
  // green (+ lengths), red, blue, alpha, distance; a's values are lower, so bit 0 = a, bit 1 = b.
  twoSymbols(a[1], b[1]);
  twoSymbols(a[0], b[0]);
  twoSymbols(a[2], b[2]);
  oneSymbol(255);
  oneSymbol(0);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = isB(x, y) ? 1 : 0;
      put(bit, 1); // green
      put(bit, 1); // red
      put(bit, 1); // blue
    }
  }
  const data = Buffer.alloc(Math.ceil(bits.length / 8));
  bits.forEach((bit, i) => (data[i >> 3] |= bit << (i & 7)));
  const chunk = Buffer.concat([Buffer.from('VP8L'), Buffer.from(Uint32Array.of(data.length).buffer), data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  return Buffer.concat([Buffer.from('RIFF'), Buffer.from(Uint32Array.of(4 + chunk.length).buffer), Buffer.from('WEBP'), chunk]);
}

write(path.join(corpus, 'images/book-corner.webp'), webp(24, 16, [60, 90, 120], [240, 220, 180], (x, y) => (Math.floor(x / 4) + Math.floor(y / 4)) % 2 === 1));
