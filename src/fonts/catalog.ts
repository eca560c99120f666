/** The font catalogue: which file each face uses (npm packages, fonts/, or the config), opened once and keyed by content. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { copySimpleGlyphsUndecoded, memoiseGlyphDecoding } from '../seams/fontkit.js';
import { PACKAGE_ROOT } from '../util/package-root.js';

/**
 * The faces studypack sets text in. `hans` is the Simplified sans a Traditional edition falls back to for
 * characters its faces lack (Chinese in code, phrases kept verbatim); in the pack as written it is the sans.
 */
export type FaceName = 'serif' | 'serifBold' | 'sans' | 'sansBold' | 'mono' | 'hans';

export interface Face {
  name: FaceName;
  /** Family name used in CSS and as the PDF font name. */
  family: string;
  weight: 400 | 700;
  file: string;
}

/** The repo's `fonts/` folder: a TTF placed there under the same name overrides the npm one. */
export const FONTS_DIR = path.join(PACKAGE_ROOT, 'fonts');

const require = createRequire(import.meta.url);

type Source = { family: string; weight: 400 | 700; pkg: string; file: string };

const SOURCES: Record<FaceName, Source> = {
  serif: { family: 'Noto Serif SC', weight: 400, pkg: '@expo-google-fonts/noto-serif-sc', file: '400Regular/NotoSerifSC_400Regular.ttf' },
  serifBold: { family: 'Noto Serif SC', weight: 700, pkg: '@expo-google-fonts/noto-serif-sc', file: '700Bold/NotoSerifSC_700Bold.ttf' },
  sans: { family: 'Noto Sans SC', weight: 400, pkg: '@expo-google-fonts/noto-sans-sc', file: '400Regular/NotoSansSC_400Regular.ttf' },
  sansBold: { family: 'Noto Sans SC', weight: 700, pkg: '@expo-google-fonts/noto-sans-sc', file: '700Bold/NotoSansSC_700Bold.ttf' },
  // Code: a monospace face with no CJK; Chinese in code falls back to the sans (layout/paragraph.ts).
  mono: { family: 'JetBrains Mono', weight: 400, pkg: '@expo-google-fonts/jetbrains-mono', file: '400Regular/JetBrainsMono_400Regular.ttf' },
  hans: { family: 'Noto Sans SC', weight: 400, pkg: '@expo-google-fonts/noto-sans-sc', file: '400Regular/NotoSansSC_400Regular.ttf' },
};

/**
 * The faces of a Traditional edition (zh-TW, zh-HK): Noto Serif TC and Noto Sans TC, whose default glyphs
 * follow the Taiwan standard (，。、：；！？ centred in the em). Code keeps JetBrains Mono.
 */
const TC_SOURCES: Record<FaceName, Source> = {
  serif: { family: 'Noto Serif TC', weight: 400, pkg: '@expo-google-fonts/noto-serif-tc', file: '400Regular/NotoSerifTC_400Regular.ttf' },
  serifBold: { family: 'Noto Serif TC', weight: 700, pkg: '@expo-google-fonts/noto-serif-tc', file: '700Bold/NotoSerifTC_700Bold.ttf' },
  sans: { family: 'Noto Sans TC', weight: 400, pkg: '@expo-google-fonts/noto-sans-tc', file: '400Regular/NotoSansTC_400Regular.ttf' },
  sansBold: { family: 'Noto Sans TC', weight: 700, pkg: '@expo-google-fonts/noto-sans-tc', file: '700Bold/NotoSansTC_700Bold.ttf' },
  mono: SOURCES.mono,
  hans: SOURCES.hans,
};

/** The catalogue's sets of faces: Simplified (the default) and Traditional. */
export type FaceSet = 'sc' | 'tc';
const SETS: Record<FaceSet, Record<FaceName, Source>> = { sc: SOURCES, tc: TC_SOURCES };

/** What a build sets its faces to: the catalogue's set, and the OpenType language system Chinese text is shaped for. */
export interface FaceSetting {
  set?: FaceSet;
  /** An OpenType language system tag (`ZHT`, `ZHH`): the fonts' `locl` forms for it in Chinese runs (default: none). */
  language?: string;
}

/** Every face, in the order the renderers register them. */
export const FACES: readonly FaceName[] = ['serif', 'serifBold', 'sans', 'sansBold', 'mono', 'hans'];

/** Font files chosen by the pack's config (`fonts:`), replacing the catalogue's; set per build. */
let overrides: Partial<Record<FaceName, string>> = {};
/** Each face's file as resolved for the faces set now: looked up once per setFaceFiles, not per glyph measured. */
let resolved: Partial<Record<FaceName, string>> = {};
/** The set of faces and the shaping language of the build (setFaceFiles). */
let setting: Required<Pick<FaceSetting, 'set'>> & FaceSetting = { set: 'sc' };

/**
 * Replaces the faces' files (absolute paths, checked by the config loader); `{}` restores the defaults.
 * A face file changed on disk since it was read (same path, new bytes) is read again from here on.
 */
export function setFaceFiles(files: Partial<Record<FaceName, string>>, faces: FaceSetting = {}): void {
  overrides = { ...files };
  setting = { set: faces.set ?? 'sc', ...(faces.language ? { language: faces.language } : {}) };
  resolved = {};
  for (const name of FACES) forgetIfChanged(faceFile(name));
}

/** The set and shaping language as set now (what a worker thread is given to set the same). */
export function faceSetting(): FaceSetting {
  return { ...setting };
}

/** The OpenType language system Chinese text is shaped for in this build, when one is set (`ZHT`, `ZHH`). */
export function shapingLanguage(): string | undefined {
  return setting.language;
}

/** The file of each face as set now (what a worker thread is given to set the same faces). */
export function faceFiles(): Record<FaceName, string> {
  return Object.fromEntries(FACES.map((name) => [name, faceFile(name)])) as Record<FaceName, string>;
}

export function faceFile(name: FaceName): string {
  return (resolved[name] ??= overrides[name] ?? catalogueFile(name));
}

function catalogueFile(name: FaceName): string {
  const src = SETS[setting.set][name];
  const local = path.join(FONTS_DIR, path.basename(src.file));
  if (fs.existsSync(local)) return local;
  const pkgDir = path.dirname(require.resolve(`${src.pkg}/package.json`));
  return path.join(pkgDir, src.file);
}

export function face(name: FaceName): Face {
  const src = SETS[setting.set][name];
  return { name, family: src.family, weight: src.weight, file: faceFile(name) };
}

/** What is known of a font file: its bytes, when they were read (size, mtime), and their SHA-1. */
const files = new Map<string, { bytes: Buffer; size: number; mtimeMs: number; id?: string }>();

function readFont(file: string): { bytes: Buffer; size: number; mtimeMs: number; id?: string } {
  let f = files.get(file);
  if (!f) {
    const st = fs.statSync(file);
    f = { bytes: fs.readFileSync(file), size: st.size, mtimeMs: st.mtimeMs };
    files.set(file, f);
  }
  return f;
}

function forgetIfChanged(file: string): void {
  const known = files.get(file);
  if (!known) return;
  const st = fs.statSync(file, { throwIfNoEntry: false });
  if (!st || st.size !== known.size || st.mtimeMs !== known.mtimeMs) files.delete(file);
}

/** A font file's bytes, read once per process and shared by measuring, subsetting and painting. */
export function fontBytes(file: string): Buffer {
  return readFont(file).bytes;
}

/**
 * A font file's identity: the SHA-1 of its bytes, computed once per file read. Everything cached about a
 * font (parsed Font, glyph widths, shaped runs, pdfkit registrations, layouts) is keyed by it, never by the
 * face's name or the file's path: after a `fonts:` edit in watch mode nothing measured with the old font is
 * reused, and two paths holding the same font share one parse.
 */
export function fontId(file: string): string {
  const f = readFont(file);
  return (f.id ??= createHash('sha1').update(f.bytes).digest('hex'));
}

/** The identity (fontId) of the font a face is set in now. */
export function faceKey(name: FaceName): string {
  return fontId(faceFile(name));
}

const opened = new Map<string, fontkit.Font>();

/** Opens a font once per process (parsing a 15 MB TTF is the expensive part), by content, not path; pdfkit is handed this same Font. */
export function openFont(file: string): fontkit.Font {
  const id = fontId(file);
  let f = opened.get(id);
  if (!f) {
    const loaded = fontkit.create(fontBytes(file));
    if (!('hasGlyphForCodePoint' in loaded)) throw new Error(`${file} is a font collection; give a single font`);
    f = loaded as fontkit.Font;
    memoiseGlyphDecoding(f);
    copySimpleGlyphsUndecoded(f);
    opened.set(id, f);
  }
  return f;
}
