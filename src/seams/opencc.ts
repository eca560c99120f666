// The opencc-js seam: Simplified → Traditional converters (Taiwan with its vocabulary, Hong Kong) and a length-keeping Traditional → Simplified shadow, loaded on first use.
import { createRequire } from 'node:module';

/** The Traditional editions a Simplified pack can be converted into. */
export const TRADITIONAL_VARIANTS = ['zh-TW', 'zh-HK'] as const;
export type TraditionalVariant = (typeof TRADITIONAL_VARIANTS)[number];

/** Every edition `--variant` takes: the pack as written (Simplified) and the Traditional ones. */
export const VARIANTS = ['zh-Hans', ...TRADITIONAL_VARIANTS] as const;
export type Variant = (typeof VARIANTS)[number];

/** The BCP 47 tag of each Traditional edition: `lang`, `xml:lang`, `dc:language`, the PDF's /Lang. */
export const VARIANT_LANGUAGE: Record<TraditionalVariant, string> = { 'zh-TW': 'zh-Hant-TW', 'zh-HK': 'zh-Hant-HK' };

/** The edition a language tag names, when it is a Traditional one (zh-TW, zh-Hant-TW, zh-HK, zh-Hant-HK). */
export function traditionalVariantOf(tag: string | undefined): TraditionalVariant | undefined {
  if (!tag) return undefined;
  const t = tag.toLowerCase();
  if (t === 'zh-tw' || t === 'zh-hant-tw') return 'zh-TW';
  if (t === 'zh-hk' || t === 'zh-hant-hk') return 'zh-HK';
  return undefined;
}

type Convert = (text: string) => string;
interface OpenCC {
  Converter(options: { from: string; to: string }): Convert;
}

// The UMD build through require: loaded only when an edition is converted (its dictionaries are 6 MB of
// JavaScript and each converter takes most of a second to build), never by a Simplified build.
const require = createRequire(import.meta.url);
let lib: OpenCC | undefined;
const opencc = (): OpenCC => (lib ??= require('opencc-js') as OpenCC);

/**
 * OpenCC's presets: s2twp for Taiwan (characters, Taiwan variants and Taiwan vocabulary: 软件 → 軟體,
 * 信息 → 資訊), s2hk for Hong Kong (characters and Hong Kong variants); `chars` leaves the vocabulary out
 * (s2tw, s2hk): what a phrase kept as written (variant-exceptions.yaml) is converted with.
 */
const PRESETS: Record<TraditionalVariant, { full: string; chars: string }> = {
  'zh-TW': { full: 'twp', chars: 'tw' },
  'zh-HK': { full: 'hk', chars: 'hk' },
};

const converters = new Map<string, Convert>();

/** The converter into an edition: phrase-level OpenCC (`vocabulary: false`: characters and variants only). */
export function converterTo(variant: TraditionalVariant, vocabulary = true): Convert {
  const to = vocabulary ? PRESETS[variant].full : PRESETS[variant].chars;
  let c = converters.get(to);
  if (!c) converters.set(to, (c = opencc().Converter({ from: 'cn', to })));
  return c;
}

const shadowChars = new Map<string, string>();

/**
 * The text with each Traditional character replaced by its Simplified one where that is one UTF-16 unit for
 * one (萬 → 万, 億 → 亿, 個 → 个), everything else as it is: the same length, so every offset into it is an
 * offset into the text. The analysis reads figures and units written for Simplified text through it.
 */
export function simplifiedShadow(text: string): string {
  let t2s: Convert | undefined;
  let out = '';
  for (const ch of text) {
    let s = shadowChars.get(ch);
    if (s === undefined) {
      if (ch.length !== 1 || !/\p{Script=Han}/u.test(ch)) s = ch;
      else {
        t2s ??= converters.get('t2s') ?? opencc().Converter({ from: 't', to: 'cn' });
        converters.set('t2s', t2s);
        const c = t2s(ch);
        s = c.length === 1 ? c : ch;
      }
      shadowChars.set(ch, s);
    }
    out += s;
  }
  return out;
}
