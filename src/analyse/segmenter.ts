/** The Chinese segmenter (jieba through @node-rs/jieba): words with their part of speech and offsets, and jieba's IDF table; loaded lazily. */
import { createRequire } from 'node:module';
import { KNOWN_ORGS } from './lexicon.js';

/** A word of a text as the segmenter cut it: where it starts and its part-of-speech tag (nr, nt, ns, nz, n, v, x, eng …). */
export interface Token {
  word: string;
  tag: string;
  start: number;
}

interface JiebaModule {
  Jieba: { withDict(dict: Uint8Array): { tag(s: string, hmm?: boolean): { word: string; tag: string }[]; loadDict(dict: Uint8Array): void } };
}

export interface Segmenter {
  /** The text cut into words, each with its tag and offset (the words cover the text exactly). */
  tag(text: string): Token[];
  /** jieba's inverse document frequency of a word, from its general-language corpus; undefined for words it lacks. */
  idf(word: string): number | undefined;
  /** The median IDF, which jieba gives words it has never seen. */
  readonly medianIdf: number;
}

let loaded: Segmenter | undefined;

/**
 * The segmenter, loaded on first use: the dictionary costs about a third of a second and the IDF table as
 * much again, so only the automatic index and `index --suggest` pay for them (never a glossary-only build).
 */
export function segmenter(): Segmenter {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const { Jieba } = require('@node-rs/jieba') as JiebaModule;
  const { dict, idf: idfBytes } = require('@node-rs/jieba/dict') as { dict: Uint8Array; idf: Uint8Array };
  const jieba = Jieba.withDict(dict);
  // Organisations newer than jieba's dictionary, as one word each and tagged as organisations.
  jieba.loadDict(Buffer.from(KNOWN_ORGS.map((w) => `${w} 50000 nt`).join('\n') + '\n'));
  let table: Map<string, number> | undefined;
  let median = 0;
  const idfTable = () => {
    if (table) return table;
    table = new Map();
    const values: number[] = [];
    for (const line of Buffer.from(idfBytes).toString('utf8').split('\n')) {
      const sp = line.lastIndexOf(' ');
      if (sp <= 0) continue;
      const v = Number(line.slice(sp + 1));
      if (!Number.isFinite(v)) continue;
      table.set(line.slice(0, sp), v);
      values.push(v);
    }
    values.sort((a, b) => a - b);
    median = values[values.length >> 1] ?? 10;
    return table;
  };
  const cache = new Map<string, Token[]>();
  loaded = {
    tag(text: string): Token[] {
      const hit = cache.get(text);
      if (hit) return hit;
      let at = 0;
      const tokens = jieba.tag(text, true).map((t) => {
        const token = { word: t.word, tag: t.tag, start: at };
        at += t.word.length;
        return token;
      });
      if (cache.size > 20000) cache.clear();
      cache.set(text, tokens);
      return tokens;
    },
    idf: (word) => idfTable().get(word),
    get medianIdf() {
      idfTable();
      return median;
    },
  };
  return loaded;
}
