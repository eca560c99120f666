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
  return text.replace(/\r\n?/g, '\n');
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
