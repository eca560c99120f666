/** Glossary suggestions (`index --suggest`): candidate people and organisations the glossary lacks, with counts. */
import path from 'node:path';
import type { Book } from '../model/types.js';
import { inlineText, walkBlocks } from '../model/walk.js';
import { EntityMatcher } from './entities.js';
import { findNumbers } from './numbers.js';

export interface Candidate {
  name: string;
  kind: 'person' | 'org';
  count: number;
  /** First use, as file:line. */
  at: string;
  why: string;
}

const LATIN_NAME = /\b[A-Z][A-Za-z0-9&'-]*[a-z][A-Za-z0-9&'-]*(?: [A-Z][A-Za-z0-9&'-]*[a-z][A-Za-z0-9&'-]*)*|\b[A-Z]{5,}\b/g;
const DOT_NAME = /[\p{Script=Han}]{1,5}·[\p{Script=Han}]{1,6}/gu;
const ORG = /(?:[A-Za-z][\w&.-]*\s?|[\p{Script=Han}]{2,4})(?:公司|集团|大学|学院|实验室|研究所|研究院|基金会|政府|委员会|银行|协会)/gu;
/** Characters that show an org-word match is a phrase, not a name (这家公司, 让公司, 一家制药公司). */
const PHRASE = /[的一这那每各该此其家个和与对从让将是了或等都要也比为把被在以而正当现多很更最已又还就所如像]/u;

/**
 * Candidates for the glossary that it does not hold yet: capitalised Latin names, transliterated names
 * with ·, words ending in an organisation noun; plus the count of figures with units, which the index
 * finds by itself. The editor reviews the YAML and moves what belongs into glossary.yaml.
 */
export function suggestGlossary(book: Book): { names: Candidate[]; numbers: number; yaml: string } {
  const known = new EntityMatcher(book.glossary);
  const found = new Map<string, Candidate>();
  let numbers = 0;
  const note = (name: string, kind: Candidate['kind'], why: string, file: string, line: number) => {
    const c = found.get(name);
    if (c) c.count++;
    else found.set(name, { name, kind, count: 1, at: `${path.relative(process.cwd(), file)}:${line}`, why });
  };
  for (const a of book.articles) {
    for (const b of walkBlocks(a.blocks)) {
      if (b.type !== 'paragraph' && b.type !== 'heading') continue;
      const text = inlineText(b.children);
      numbers += findNumbers(text).filter((n) => n.unit || /[%％]/.test(n.text)).length;
      const covered = known.find(text);
      const isKnown = (start: number, end: number) => covered.some((h) => start < h.end && end > h.start);
      for (const m of text.matchAll(LATIN_NAME)) {
        if (isKnown(m.index!, m.index! + m[0].length)) continue;
        note(m[0], m[0].includes(' ') ? 'person' : 'org', 'capitalised Latin name', a.file, b.pos.line);
      }
      for (const m of text.matchAll(DOT_NAME)) if (!isKnown(m.index!, m.index! + m[0].length)) note(m[0], 'person', 'transliterated name with ·', a.file, b.pos.line);
      for (const m of text.matchAll(ORG)) {
        const prefix = m[0].replace(/(?:公司|集团|大学|学院|实验室|研究所|研究院|基金会|政府|委员会|银行|协会)$/u, '');
        if (PHRASE.test(prefix) || isKnown(m.index!, m.index! + m[0].length)) continue;
        note(m[0], 'org', 'ends in an organisation word', a.file, b.pos.line);
      }
    }
  }
  const names = [...found.values()].sort((x, y) => y.count - x.count || (x.name < y.name ? -1 : 1));
  const yaml =
    `# Suggested by 'studypack index --suggest': ${names.length} candidates the glossary lacks.\n` +
    `# Review each one: keep real people and organisations, merge spellings into 'aliases', delete the rest,\n` +
    `# then move the entries into glossary.yaml. Figures (${numbers} with units) are indexed without a glossary.\n` +
    names.map((c) => `- name: ${JSON.stringify(c.name)}  # ${c.count}×, first at ${c.at} (${c.why})\n  aliases: []\n  kind: ${c.kind}\n`).join('');
  return { names, numbers, yaml };
}
