import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';
import { memoiseGlyphDecoding } from '../seams/fontkit.js';

/** The faces studypack sets text in. */
export type FaceName = 'serif' | 'serifBold' | 'sans' | 'sansBold' | 'mono';

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
  // Code: a monospace face with no CJK; Chinese in code falls back to the sans (layout/paragraph.ts).
  mono: { family: 'JetBrains Mono', weight: 400, pkg: '@expo-google-fonts/jetbrains-mono', file: '400Regular/JetBrainsMono_400Regular.ttf' },
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

/** Opens a font once per process (parsing a 15 MB TTF is the expensive part); pdfkit is handed this same Font. */
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
