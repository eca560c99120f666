// tiny-inflate, as the bundle has it (scripts/bundle.mjs): its contract (raw DEFLATE in; `dest` filled and
// returned, cut to the length written when shorter) kept, the work done by Node's native zlib. fontkit,
// unicode-properties and linebreak inflate their Unicode and shaping tables with it at import (about 12 ms in
// JavaScript, 2 in zlib). Anything zlib refuses, or that would not fit `dest`, goes to tiny-inflate itself.
'use strict';
const zlib = require('node:zlib');
const own = require('tiny-inflate');

module.exports = function inflate(source, dest) {
  let out;
  try {
    out = zlib.inflateRawSync(source);
  } catch {
    return own(source, dest);
  }
  if (out.length > dest.length) return own(source, dest);
  dest.set(out);
  if (out.length === dest.length) return dest;
  return typeof dest.slice === 'function' ? dest.slice(0, out.length) : dest.subarray(0, out.length);
};
