import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';

/** The faces studypack sets text in. */
export type FaceName = 'serif' | 'serifBold' | 'sans' | 'sansBold';

export interface Face {
  name: FaceName;
  /** Family name used in CSS and as the PDF font name. */
  family: string;
  weight: 400 | 700;
  file: string;
}

/** The repo's `fonts/` folder: a TTF placed there under the same name overrides the npm one. */
export const FONTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fonts');

const require = createRequire(import.meta.url);

const SOURCES: Record<FaceName, { family: string; weight: 400 | 700; pkg: string; file: string }> = {
  serif: { family: 'Noto Serif SC', weight: 400, pkg: '@expo-google-fonts/noto-serif-sc', file: '400Regular/NotoSerifSC_400Regular.ttf' },
  serifBold: { family: 'Noto Serif SC', weight: 700, pkg: '@expo-google-fonts/noto-serif-sc', file: '700Bold/NotoSerifSC_700Bold.ttf' },
  sans: { family: 'Noto Sans SC', weight: 400, pkg: '@expo-google-fonts/noto-sans-sc', file: '400Regular/NotoSansSC_400Regular.ttf' },
  sansBold: { family: 'Noto Sans SC', weight: 700, pkg: '@expo-google-fonts/noto-sans-sc', file: '700Bold/NotoSansSC_700Bold.ttf' },
};

/** Font files chosen by the pack's config (`fonts:`), replacing the catalogue's; set per build. */
const overrides: Partial<Record<FaceName, string>> = {};

/** Replaces the faces' files (absolute paths, checked by the config loader); `{}` restores the defaults. */
export function setFaceFiles(files: Partial<Record<FaceName, string>>): void {
  for (const k of Object.keys(overrides) as FaceName[]) delete overrides[k];
  Object.assign(overrides, files);
}

export function faceFile(name: FaceName): string {
  const chosen = overrides[name];
  if (chosen) return chosen;
  const src = SOURCES[name];
  const local = path.join(FONTS_DIR, path.basename(src.file));
  if (fs.existsSync(local)) return local;
  const pkgDir = path.dirname(require.resolve(`${src.pkg}/package.json`));
  return path.join(pkgDir, src.file);
}

export function face(name: FaceName): Face {
  const src = SOURCES[name];
  return { name, family: src.family, weight: src.weight, file: faceFile(name) };
}

const bytes = new Map<string, Buffer>();

/** A font file's bytes, read once per process and shared by measuring, subsetting and painting. */
export function fontBytes(file: string): Buffer {
  let b = bytes.get(file);
  if (!b) {
    b = fs.readFileSync(file);
    bytes.set(file, b);
  }
  return b;
}

const opened = new Map<string, fontkit.Font>();

/** Opens a font once per process (parsing a 15 MB TTF is the expensive part). */
export function openFont(file: string): fontkit.Font {
  let f = opened.get(file);
  if (!f) {
    const loaded = fontkit.create(fontBytes(file));
    if (!('hasGlyphForCodePoint' in loaded)) throw new Error(`${file} is a font collection; give a single font`);
    f = loaded as fontkit.Font;
    memoiseGlyphDecoding(f);
    opened.set(file, f);
  }
  return f;
}

/** Stand-ins pdfkit is given instead of font bytes, each naming a Font already parsed. */
const byToken = new Map<Uint8Array, fontkit.Font>();
const tokens = new Map<string, Uint8Array>();
let formatRegistered = false;

/**
 * What to register with pdfkit for a font file: not its bytes but a small token that fontkit resolves to the
 * Font the layout already measured with.
 *
 * pdfkit opens each registered font with `fontkit.create(bytes)`: a second parse of the same 15 MB file in
 * every document (the handout, each sheet), whose first glyph access decodes the whole `loca` table again.
 * pdfkit imports the same fontkit module we do, so a format registered with fontkit that recognises these
 * tokens hands pdfkit the parsed Font: one parse and one glyph cache per process. A token is not a font
 * file, so fontkit's own formats pass on it quickly before ours is asked.
 */
export function pdfFontSource(file: string): Uint8Array {
  let token = tokens.get(file);
  if (!token) {
    const font = openFont(file);
    token = Buffer.from(`studypack-font:${file}`);
    tokens.set(file, token);
    byToken.set(token, font);
  }
  if (!formatRegistered) {
    formatRegistered = true;
    class ParsedFont {
      static probe(b: Uint8Array): boolean {
        return byToken.has(b);
      }
      constructor(stream: { buffer: Uint8Array }) {
        return byToken.get(stream.buffer)!;
      }
    }
    (fontkit as unknown as { registerFormat(f: unknown): void }).registerFormat(ParsedFont);
  }
  return token;
}

/**
 * fontkit decodes a TrueType glyph's outline again every time it is asked for it, and every PDF a build
 * writes (the handout, each discussion sheet, all.pdf) subsets the fonts anew, decoding each glyph it
 * copies. Glyph objects are kept per Font, and a static font's outlines never change: decode each once.
 */
function memoiseGlyphDecoding(font: fontkit.Font): void {
  const proto = Object.getPrototypeOf(font.getGlyph(0)) as { _decode?: () => unknown; studypackMemo?: true };
  if (typeof proto._decode !== 'function' || proto.studypackMemo) return;
  const decode = proto._decode;
  proto.studypackMemo = true;
  proto._decode = function (this: { decoded?: unknown; _font: { _variationProcessor?: unknown } }) {
    // A variable font's outlines depend on its instance: those are decoded every time, as fontkit does.
    if (this._font._variationProcessor) return decode.call(this);
    if (!('decoded' in this)) this.decoded = decode.call(this);
    return this.decoded;
  };
}
