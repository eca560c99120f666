/** Glossary suggestions (`index --suggest`): the recogniser's people and organisations the glossary lacks, with counts and first context. */
import path from 'node:path';
import type { Book } from '../model/types.js';
import { inlineText, walkBlocks } from '../model/walk.js';
import { EntityMatcher } from './entities.js';
import { findNumbers } from './numbers.js';
import { recognise, type TextUnit } from './recognise.js';

export interface Candidate {
  name: string;
  kind: 'person' | 'org';
  /** Other forms found for it (short forms, the other script). */
  aliases: string[];
  count: number;
  /** First use, as file:line. */
  at: string;
  /** The clause of its first use. */
  context: string;
  why: string;
}

/** The pack's text as the recogniser reads it: titles and headings, bylines, paragraphs (inline code blanked). */
export function textUnits(book: Book): TextUnit[] {
  const units: TextUnit[] = [];
  for (const a of book.articles) {
    units.push({ text: a.meta.title, file: a.file, line: 1, article: a.number, heading: true });
    for (const p of [...a.meta.speakers, ...a.meta.interviewer, ...a.meta.author]) units.push({ text: p, file: a.file, line: 1, article: a.number, heading: false, person: true });
    for (const b of walkBlocks(a.blocks)) {
      if (b.type !== 'paragraph' && b.type !== 'heading') continue;
      const text = b.children.map((c) => (c.type === 'code' ? '\ufffc'.repeat(c.value.length) : inlineText([c]))).join('');
      units.push({ text, file: a.file, line: b.pos.line, article: a.number, heading: b.type === 'heading' });
    }
  }
  return units;
}

/**
 * Candidates for the glossary that it does not hold yet, found by the same recogniser as the automatic
 * index (analyse/recognise.ts), with their counts and first context; plus the count of figures with units,
 * which the index finds by itself. The editor reviews the YAML and moves what belongs into glossary.yaml.
 */
export function suggestGlossary(book: Book): { names: Candidate[]; numbers: number; yaml: string } {
  const known = new EntityMatcher(book.glossary);
  const units = textUnits(book);
  let numbers = 0;
  for (const u of units) if (!u.person) numbers += findNumbers(u.text).filter((n) => n.unit || /[%％]/.test(n.text)).length;
  const { entities } = recognise(units, { exclude: book.exclude ?? [] });
  const names: Candidate[] = entities
    .filter((e) => ![e.name, ...e.aliases].some((f) => known.find(f).some((h) => h.start === 0 && h.end === f.length)))
    .map((e) => ({ name: e.name, kind: e.kind, aliases: e.aliases, count: e.count, at: `${path.relative(process.cwd(), e.file)}:${e.line}`, context: e.context, why: e.why.join('; ') }))
    .sort((x, y) => y.count - x.count || (x.name < y.name ? -1 : 1));
  const yaml =
    `# Suggested by 'studypack index --suggest': ${names.length} candidates the glossary lacks.\n` +
    `# Review each one: keep real people and organisations, merge spellings into 'aliases', delete the rest\n` +
    `# (or list them under '- exclude: [...]'), then move the entries into glossary.yaml.\n` +
    `# Figures (${numbers} with units) are indexed without a glossary.\n` +
    names
      .map(
        (c) =>
          `- name: ${JSON.stringify(c.name)}  # ${c.count}×, first at ${c.at} (${c.why})\n  # ${c.context.replace(/\n/g, ' ')}\n  aliases: ${JSON.stringify(c.aliases)}\n  kind: ${c.kind}\n`,
      )
      .join('');
  return { names, numbers, yaml };
}
