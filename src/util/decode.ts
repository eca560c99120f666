/** Decodes a source file as UTF-8 (a BOM and CRLF line ends accepted); any other encoding is an error naming the file. */
import type { Diagnostics } from '../diagnostics.js';

/**
 * Decodes a source file as UTF-8. A BOM is dropped and CRLF/CR become LF silently.
 * A file that is not UTF-8 is an error that says which encoding it looks like.
 * Returns null when the file cannot be used.
 */
export function decodeSource(bytes: Uint8Array, file: string, diags: Diagnostics): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const { line, column } = firstInvalidUtf8(bytes);
    const guess = guessLegacyEncoding(bytes);
    const hint = guess
      ? `it looks like ${guess}; convert it with: iconv -f ${guess} -t UTF-8 '${file}' > fixed.md`
      : 'save it as UTF-8';
    diags.error(file, line, column, 'load:encoding', `file is not valid UTF-8; ${hint}`);
    return null;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return stripControls(text.replace(/\r\n?/g, '\n'), file, diags);
}

/** C0/C1 controls (tab and line feed kept) and bidi overrides/isolates, which can hide or reorder text. */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Removes control characters, with one warning per file saying which, how many, and where the first was. */
function stripControls(text: string, file: string, diags: Diagnostics): string {
  const found = new Map<string, number>();
  let first = -1;
  const out = text.replace(CONTROLS, (c, offset: number) => {
    const code = `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    found.set(code, (found.get(code) ?? 0) + 1);
    if (first < 0) first = offset;
    return '';
  });
  if (first >= 0) {
    const before = text.slice(0, first);
    const line = before.split('\n').length;
    const column = first - before.lastIndexOf('\n');
    const list = [...found].map(([c, n]) => `${c} ×${n}`).join(', ');
    diags.warn(file, line, column, 'load:control-chars', `removed control or bidi-override characters (${list}); they can hide or reorder text`);
  }
  return out;
}

/** Line and column (1-based, in bytes) of the first byte that breaks UTF-8. */
function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === 0x0a) {
      line++;
      lineStart = i + 1;
      i++;
      continue;
    }
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) break;
    let ok = i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (!ok) break;
    i += len;
  }
  return { line, column: i - lineStart + 1 };
}

/** GB18030 (a superset of GBK/GB2312) or Big5, when the bytes decode cleanly as mostly Han text. */
function guessLegacyEncoding(bytes: Uint8Array): string | null {
  for (const enc of ['gb18030', 'big5'] as const) {
    try {
      const s = new TextDecoder(enc, { fatal: true }).decode(bytes);
      const han = s.match(/\p{Script=Han}/gu)?.length ?? 0;
      const nonAscii = s.match(/[^\x00-\x7f]/g)?.length ?? 0;
      if (han > 0 && han >= nonAscii * 0.6) return enc === 'gb18030' ? 'GB18030' : 'BIG5';
    } catch {
      /* not this one */
    }
  }
  return null;
}
