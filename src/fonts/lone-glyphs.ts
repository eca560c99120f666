/** Whether a font sets a lone Han character as its cmap glyph at its own advance, so shaping it can be skipped. */
import type * as fontkit from 'fontkit';

/** An OpenType lookup as fontkit decodes GSUB and GPOS: its type and subtables (an extension wraps one). */
interface Lookup {
  lookupType: number;
  subTables: SubTable[];
}
interface SubTable {
  lookupType?: number;
  extension?: SubTable;
  ligatureSets?: { length: number; get(i: number): { components: number[] }[] | undefined };
}
interface LangSys {
  featureIndexes: number[];
}
interface LayoutTable {
  scriptList?: { tag: string; script: { defaultLangSys?: LangSys | null } }[];
  featureList: { tag: string; feature: { lookupListIndexes: number[] } }[];
  lookupList: { get(i: number): Lookup | undefined };
}

/** A single GSUB or GPOS subtable (an extension unwrapped) that cannot act on one glyph alone. */
function harmless(table: 'GSUB' | 'GPOS', type: number, sub: SubTable | undefined): boolean {
  if (!sub) return true;
  const extension = table === 'GSUB' ? 7 : 9;
  if (type === extension) return harmless(table, sub.lookupType ?? -1, sub.extension);
  if (table === 'GPOS') return type >= 2 && type <= 6; // pairs, cursive joins and marks need a second glyph
  if (type !== 4) return false; // every other substitution may replace a glyph on its own
  // A ligature of one component would replace a lone glyph: only ligatures of two or more are harmless.
  const sets = sub.ligatureSets;
  if (!sets) return false;
  for (let i = 0; i < sets.length; i++) for (const lig of sets.get(i) ?? []) if (lig.components.length === 0) return false;
  return true;
}

/** Scripts fontkit falls back to when a font has no table for the text's own (its DEFAULT_SCRIPTS). */
const FALLBACK_SCRIPTS = ['DFLT', 'dflt', 'latn'];

const known = new WeakMap<fontkit.Font, boolean>();

/**
 * Whether fontkit, shaping one Han character alone in `font` with its default features and no language, gives
 * the cmap's glyph at its own (hmtx) advance, unmoved: no lookup of a feature it applies (in the default language
 * system of the font's `hani` script, or of the script it falls back to; both, to be safe) can change a single
 * glyph. True for the Noto CJK faces (their default features hold ligatures, pair kerning and marks only); false
 * for a variable font, or any single, contextual or positioning lookup. `test/shaping.test.ts` compares the two
 * for every Han character of the faces. `shape` shapes one Han character (fontkit reports the features it applied).
 */
export function loneHanUnshaped(font: fontkit.Font, shape: () => fontkit.GlyphRun): boolean {
  let plain = known.get(font);
  if (plain === undefined) {
    plain = check(font, shape);
    known.set(font, plain);
  }
  return plain;
}

function check(font: fontkit.Font, shape: () => fontkit.GlyphRun): boolean {
  const axes = (font as unknown as { variationAxes?: object }).variationAxes;
  if (axes && Object.keys(axes).length > 0) return false;
  // The features fontkit applies to Han text, as it reports them on a run it shaped.
  const applied = new Set(Object.keys(shape().features ?? {}));
  for (const name of ['GSUB', 'GPOS'] as const) {
    const table = (font as unknown as Record<string, LayoutTable | undefined>)[name];
    if (!table) continue;
    const scripts = table.scriptList ?? [];
    const entries = [scripts.find((e) => e.tag === 'hani'), FALLBACK_SCRIPTS.map((t) => scripts.find((e) => e.tag === t)).find((e) => e)];
    for (const entry of entries) {
      for (const index of entry?.script.defaultLangSys?.featureIndexes ?? []) {
        const record = table.featureList[index];
        if (!record || !applied.has(record.tag)) continue;
        for (const li of record.feature.lookupListIndexes) {
          const lookup = table.lookupList.get(li);
          if (!lookup) continue;
          for (const sub of lookup.subTables) if (!harmless(name, lookup.lookupType, sub)) return false;
        }
      }
    }
  }
  return true;
}
