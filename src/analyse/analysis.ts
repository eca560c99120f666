/** The analysis stage: everything derived from the text, computed once per build and read by layout and every renderer. */
import type { Diagnostics } from '../diagnostics.js';
import type { Article, Block, Book, GlossaryEntry, Inline } from '../model/types.js';
import type { Labels } from '../templates.js';
import { EntityMatcher } from './entities.js';
import { LinkTargets, linkPolicy } from './links.js';
import { typesetBlocks } from './math.js';
import { blankNonFigures, contextOf, findNumbers, isBareCount, meaningless, salience, type NumberHit, type NumberKind, type NumberSetting } from './numbers.js';
import { recognise, type TextUnit } from './recognise.js';
import { indexCollation, personSortName, type IndexOrder } from './sort.js';
import { simplifiedShadow } from '../seams/opencc.js';
import { extractTerms, type TermText } from './terms.js';
import { resolveBlocks, resolveInlines, type BlockText } from './text.js';

/** An occurrence in the text that the index links to: where it is, and the anchor id the EPUB gives it. */
export interface Occurrence {
  /** Key of the block (or metadata field, `m:…`) it stands in, and its offset in that block's text. */
  key: string;
  at: number;
  /** Anchor id, unique in the book. */
  id: string;
}

export interface NameHit extends Occurrence {
  /** Index of the entry in the glossary. */
  entry: number;
}

export interface KeyNumber extends NumberHit, Occurrence {
  article: number;
  /** How much it says (numbers.ts salience); an article keeps its most salient figures. */
  salience: number;
  /** The clause it stands in: balanced brackets, no punctuation first (numbers.ts contextOf); printed 「text：context」. */
  context: string;
  /** A trivial key (a bare count, numbers.ts isBareCount) met again in the article: its later occurrences. */
  also?: Occurrence[];
  /** Source line. */
  line: number;
  /** Each figure of the entry as printed, with its kind (figures of one clause make one entry; `text` joins them with 、). */
  figures: { text: string; kind: NumberKind }[];
}

/** A key number as an article's discussion sheet lists it: the figures no more salient entry shows, in their clause. */
export interface SheetNumber {
  /** Figures as printed, none repeated on the sheet (a figure is the same when it reads the same, spacing aside). */
  figures: string[];
  context: string;
  /** The key number's id (`ix<article>-f<n>`). */
  id: string;
}

/** Every occurrence an index entry of key numbers stands for: the figure, then a merged bare count's later ones. */
export const occurrencesOf = (n: KeyNumber): Occurrence[] => [n, ...(n.also ?? [])];

/** An article as the outputs set it: the model's blocks with keys and resolved text, its questions as blocks. */
export interface AnalysedArticle {
  number: number;
  /** Annotated copies of the article's blocks (see analyse/text.ts). */
  blocks: Block[];
  /** The discussion questions as a heading and a numbered list (none without questions). */
  questions: Block[];
  /** Footnotes in number order, their blocks keyed `f<n>.<k>`. */
  footnotes: { n: number; label: string; blocks: Block[] }[];
  /** Title and byline names as inline content, keyed `m:title`, `m:speakers:0` …, for anchors in the EPUB. */
  meta: Record<string, Inline[]>;
  /** Glossary names in reading order: title and byline first, then the text, then the questions. */
  names: NameHit[];
  /** Key figures in reading order. */
  numbers: KeyNumber[];
  /** Index terms in reading order (`entry` is the term's index in `Analysis.terms`). */
  terms: NameHit[];
}

/** An index heading for a person or organisation named in the pack: its form in the index and letter group. */
export interface IndexPerson {
  entry: number;
  name: string;
  /** The name in the other script (Latin for a Chinese name and back), when the glossary has one. */
  other?: string;
  description?: string;
  letter: string;
  kind: 'person' | 'org';
}

/** A term of the term index (术语): curated in the glossary's `terms:` or found by the analysis. */
export interface IndexTerm {
  entry: number;
  name: string;
  /** Its Latin form, when the text gives one in brackets or the glossary lists one. */
  other?: string;
  /** The glossary's short definition (such terms print in the glossary, 术语表, too). */
  definition?: string;
  letter: string;
}

/** How the index was made: from the curated glossary, by the recogniser (no glossary), or not at all. */
export type IndexMode = 'auto' | 'glossary' | 'off';

export interface AnalyseOptions {
  /** auto (default): the glossary when it names people or organisations, else the recogniser and a term index. */
  index?: IndexMode;
  /** Key figures kept per article, the most salient (default 15). */
  maxNumbers?: number;
  /** The index's order (default: by stroke count for a Traditional edition, else by pinyin). */
  indexOrder?: IndexOrder;
}

/** A part of the book as the outputs set it: its number, title and opening page's analysed blocks. */
export interface AnalysedPart {
  number: number;
  title: string;
  blocks: Block[];
  /** The article the part opens before (its first). */
  first: number;
}

export interface Analysis {
  /** The index's people and organisations: the glossary's, or the recogniser's (`source`). */
  glossary: readonly GlossaryEntry[];
  /** The book's parts in order (none when it has no parts). */
  parts: AnalysedPart[];
  /** Where the people and organisations came from: the curated glossary, the recogniser, or none (index off). */
  source: 'glossary' | 'recognised' | 'none';
  /** The index's terms (glossary `terms:` first, then found ones), as entries (`kind: 'term'`). */
  termEntries: readonly GlossaryEntry[];
  /** The term index in index order. */
  terms: IndexTerm[];
  /** The glossary's defined terms (术语表), in index order. */
  definitions: IndexTerm[];
  /** Terms used in each article, most used first (index = article number − 1), as term indices. */
  termsByArticle: number[][];
  articles: AnalysedArticle[];
  /** Key numbers of each article, in reading order (index = article number − 1). */
  numbers: KeyNumber[][];
  /** Each article's key numbers for its discussion sheet: the most salient, no figure twice, in reading order (sheetNumbers()). */
  sheetNumbers: SheetNumber[][];
  /** Glossary entries named in each article's metadata and text (index = article number − 1), as glossary indices. */
  entitiesByArticle: Set<number>[];
  /** The index's people and organisations, in index order (pinyin and Latin letters as one alphabet). */
  people: IndexPerson[];
  /** What the index will hold: its parts appear (in the TOC, the nav, the pages) only when they do. */
  hasPeople: boolean;
  hasNumbers: boolean;
  hasTerms: boolean;
  /** Whether there is an index at all: people, terms, the glossary's terms or key numbers. */
  hasIndex: boolean;
  /** The cap of key figures per article. */
  maxNumbers: number;
  /** The order the index's people and terms are in, and their groups (letters, stroke counts, zhuyin initials). */
  indexOrder: IndexOrder;
  /** Key figures the analysis left out for their meaning or past the cap (for reports). */
  numbersLeftOut: number;
}

/** Metadata fields in the order an article's head prints them. */
function metaFields(a: Article): [string, string][] {
  const m = a.meta;
  return [
    ['m:title', m.title],
    ...m.speakers.map((s, i): [string, string] => [`m:speakers:${i}`, s]),
    ...m.interviewer.map((s, i): [string, string] => [`m:interviewer:${i}`, s]),
    ...m.author.map((s, i): [string, string] => [`m:author:${i}`, s]),
    ...(m.source ? [['m:source', m.source] as [string, string]] : []),
  ];
}

/** The questions at an article's end, as blocks: a heading and a numbered list. */
function questionBlocks(a: Article, labels: Labels): Block[] {
  if (a.meta.questions.length === 0) return [];
  const pos = { file: a.file, line: 1 };
  return [
    { type: 'heading', level: 2, id: 'questions', children: [{ type: 'text', value: String(labels.questions), line: 1 }], pos },
    {
      type: 'list',
      ordered: true,
      start: 1,
      pos,
      items: a.meta.questions.map((q) => ({ pos, blocks: [{ type: 'paragraph', children: [{ type: 'text', value: q, line: 1 }], pos }] })),
    },
  ];
}

/** Keys of headings and of text that opens a list item, and bold ranges of each block, for the key numbers. */
function settings(blocks: readonly Block[], out = new Map<string, NumberSetting>(), inItem = false): Map<string, NumberSetting> {
  const bold = (nodes: readonly Inline[], inStrong: boolean, acc: [number, number][]) => {
    for (const n of nodes) {
      if ('children' in n) bold(n.children, inStrong || n.type === 'strong', acc);
      else if (inStrong && 'at' in n && n.at !== undefined) acc.push([n.at, n.at + ('value' in n && typeof n.value === 'string' ? n.value.length : 1)]);
    }
    return acc;
  };
  blocks.forEach((b, i) => {
    if ((b.type === 'heading' || b.type === 'paragraph') && b.key) out.set(b.key, { heading: b.type === 'heading', listItem: inItem && i === 0, bold: bold(b.children, false, []) });
    else if (b.type === 'list') for (const item of b.items) settings(item.blocks, out, true);
    else if (b.type === 'blockquote' || b.type === 'container') settings(b.children, out, false);
  });
  return out;
}

/** Figures below this salience (numbers.ts) say too little for the index: a plain year, a count under a hundred. */
const MIN_SALIENCE = 2.5;

const han = (x: string) => /\p{Script=Han}/u.test(x);

/** A term's form in the other script: the Latin one for a Chinese term, and back. */
const otherForm = (e: GlossaryEntry) => e.aliases.find((x) => han(x) !== han(e.name) && x.includes(' ')) ?? e.aliases.find((x) => han(x) !== han(e.name));

/**
 * The study aids' raw material and the text every output sets, derived once: soft breaks joined, links
 * checked, block keys and offsets given, index names, terms and key figures found with their positions.
 * With `index: auto` and a glossary without people or organisations, the recogniser (recognise.ts) finds them
 * and a term index is made (terms.ts); the segmenter they use loads only then.
 */
export function analyse(book: Book, labels: Labels, diags: Diagnostics, options: AnalyseOptions = {}): Analysis {
  const mode = options.index ?? 'auto';
  const maxNumbers = options.maxNumbers ?? 15;
  const targets = new LinkTargets(book);
  const curated = book.glossary.filter((e) => e.kind !== 'term');
  const curatedTerms = book.glossary.filter((e) => e.kind === 'term');
  // A Traditional edition's index goes by stroke count (Taiwan and Hong Kong readers' order); its figures are
  // found through a Simplified shadow of the text (same offsets), as the patterns are written for 万, 亿, 个.
  const edition = book.meta.variant !== undefined;
  const wanted: IndexOrder = options.indexOrder ?? (edition ? 'stroke' : 'pinyin');
  let collation = indexCollation(wanted, typeof labels.strokeGroup === 'string' ? labels.strokeGroup : undefined);
  if (!collation) {
    diags.warn(book.metaFile ?? book.root, 1, 1, 'analyse:index-order', `this Node has no Chinese ${wanted} collation (ICU without CLDR's Chinese data): the index is in pinyin order`);
    collation = indexCollation('pinyin')!;
  }
  const shadow = edition ? simplifiedShadow : (t: string) => t;

  // The text of every article, resolved once.
  const resolved = book.articles.map((a) => {
    const seq = { n: 0 };
    const texts: BlockText[] = [];
    const meta: Record<string, Inline[]> = {};
    const metaTexts: BlockText[] = metaFields(a).map(([key, value]) => {
      const r = resolveInlines([{ type: 'text', value, line: 1 }]);
      meta[key] = r.inlines;
      return { key, text: r.text, prose: r.prose, line: 1 };
    });
    const blocks = linkPolicy(resolveBlocks(a.blocks, 'b', seq, texts), a, targets, diags);
    typesetBlocks(blocks, a.file, diags);
    const noteTexts: BlockText[] = [];
    const footnotes = a.footnotes.map((f) => ({ n: f.n, label: f.label, blocks: linkPolicy(resolveBlocks(f.blocks, `f${f.n}.`, { n: 0 }, noteTexts), a, targets, diags) }));
    for (const f of footnotes) typesetBlocks(f.blocks, a.file, diags);
    const questionTexts: BlockText[] = [];
    const questions = resolveBlocks(questionBlocks(a, labels), 'q', { n: 0 }, questionTexts);
    return { a, texts, meta, metaTexts, blocks, noteTexts, footnotes, questionTexts, questions, settings: settings(blocks) };
  });

  // The people and organisations: the glossary's, or (auto without them) the recogniser's.
  let entries: GlossaryEntry[] = [];
  let termEntries: GlossaryEntry[] = [];
  let source: Analysis['source'] = 'none';
  const exclude = book.exclude ?? [];
  if (mode !== 'off') {
    if (curated.length > 0 || mode === 'glossary') {
      entries = curated;
      termEntries = curatedTerms;
      source = curated.length > 0 ? 'glossary' : 'none';
    } else {
      const units: TextUnit[] = [];
      const termTexts: TermText[] = [];
      // A Traditional edition is read through its Simplified shadow (the lexicon and the segmenter know
      // Simplified text); each form found is then taken from the edition's text at the same place.
      const read: [string, string][] = [];
      const seen = (text: string) => {
        const sh = shadow(text);
        if (edition && sh !== text) read.push([sh, text]);
        return sh;
      };
      const printed = (form: string): string => {
        for (const [sh, text] of read) {
          const i = sh.indexOf(form);
          if (i >= 0) return text.slice(i, i + form.length);
        }
        return form;
      };
      for (const r of resolved) {
        const a = r.a;
        units.push({ text: seen(a.meta.title), file: a.file, line: 1, article: a.number, heading: true });
        for (const p of [...a.meta.speakers, ...a.meta.interviewer, ...a.meta.author]) units.push({ text: seen(p), file: a.file, line: 1, article: a.number, heading: false, person: true });
        for (const t of [...r.texts, ...r.noteTexts]) {
          const heading = r.settings.get(t.key)?.heading ?? false;
          const text = seen(t.prose);
          units.push({ text, file: a.file, line: t.line, article: a.number, heading });
          termTexts.push({ text, article: a.number, heading });
        }
      }
      const articles = book.articles.length;
      const excluded = exclude.map(shadow);
      const found = recognise(units, { exclude: excluded, threshold: 2 });
      entries = found.entities.map((e) => ({ name: printed(e.name), aliases: e.aliases.map(printed), kind: e.kind, pos: { file: e.file, line: e.line } }));
      source = entries.length > 0 ? 'recognised' : 'none';
      const taken = new Set([...found.entities.flatMap((e) => [e.name, ...e.aliases]), ...curatedTerms.flatMap((e) => [e.name, ...e.aliases]).map(shadow)]);
      const found2 = extractTerms(termTexts, { exclude: [...excluded, ...taken], aliases: found.termAliases, max: Math.min(120, Math.max(15, articles * 4)), minCount: articles >= 12 ? 3 : 2 });
      termEntries = [
        ...curatedTerms,
        ...found2
          .filter((t) => ![...taken].some((n) => n.includes(t.term) || t.term.includes(n)))
          .map((t): GlossaryEntry => ({ name: printed(t.term), aliases: t.aliases.map(printed), kind: 'term', pos: { file: book.root, line: 0 } })),
      ];
    }
  }

  const matcher = new EntityMatcher(entries);
  const termMatcher = new EntityMatcher(termEntries);
  const articles: AnalysedArticle[] = [];
  const entitiesByArticle: Set<number>[] = [];
  const termsByArticle: number[][] = [];
  const named = new Set<number>();
  const termed = new Set<number>();
  let numbersLeftOut = 0;
  for (const r of resolved) {
    const { a, texts, meta, metaTexts, blocks, noteTexts, footnotes, questionTexts, questions } = r;
    const names: NameHit[] = [];
    const terms: NameHit[] = [];
    const inArticle = new Set<number>();
    const termCount = new Map<number, number>();
    const nameSpans = new Map<string, [number, number][]>();
    const findNames = (list: BlockText[], count: boolean) => {
      for (const t of list) {
        const spans: [number, number][] = [];
        for (const h of matcher.find(t.prose)) {
          names.push({ entry: h.entry, key: t.key, at: h.start, id: `ix${a.number}-n${names.length + 1}` });
          spans.push([h.start, h.end]);
          named.add(h.entry);
          if (count) inArticle.add(h.entry);
        }
        nameSpans.set(t.key, spans);
        // Terms, where no name stands.
        for (const h of termMatcher.find(t.prose)) {
          if (spans.some(([s, e]) => h.start < e && h.end > s)) continue;
          terms.push({ entry: h.entry, key: t.key, at: h.start, id: `ix${a.number}-t${terms.length + 1}` });
          termed.add(h.entry);
          if (count) termCount.set(h.entry, (termCount.get(h.entry) ?? 0) + 1);
        }
      }
    };
    if (mode !== 'off') {
      findNames(metaTexts, true);
      findNames(texts, true);
      // Names in the questions are indexed, but the article's own list (its sheet) is what it itself names.
      findNames(noteTexts, true);
      findNames(questionTexts, false);
    }

    let numbers: KeyNumber[] = [];
    const seen = new Set<string>();
    if (mode !== 'off') {
      for (const { key, text, prose, line } of texts) {
        const setting = r.settings.get(key) ?? {};
        const spans = nameSpans.get(key) ?? [];
        // Searched in the prose (code, URLs and versions blanked); the clause is quoted from the text as printed.
        const plain = blankNonFigures(prose);
        const searched = shadow(plain);
        for (const found of findNumbers(searched)) {
          // The figure as the edition prints it (its shadow is what the patterns read).
          const n = edition ? { ...found, text: plain.slice(found.start, found.end) } : found;
          if (meaningless(found, searched, setting) || spans.some(([s, e]) => n.start < e && n.end > s)) {
            numbersLeftOut++;
            continue;
          }
          const context = contextOf(text, n.start, n.end);
          const dedupe = `${n.text}\u0000${context}`;
          if (seen.has(dedupe)) continue;
          seen.add(dedupe);
          const weight = salience(found, setting);
          // Figures of one clause make one entry: “1亿美元、10亿美元 — 2024年初，他预测能从1亿美元增长到10亿美元”.
          const prev = numbers[numbers.length - 1];
          if (prev && prev.context === context && prev.line === line) {
            if (!prev.figures.some((f) => f.text === n.text)) {
              prev.text += `、${n.text}`;
              prev.figures.push({ text: n.text, kind: n.kind });
            }
            prev.salience = Math.max(prev.salience, weight) + 0.5;
            continue;
          }
          // A bare count met again (「三个」 four times) is one entry with several occurrences, not four lines.
          const same = isBareCount(n) ? numbers.find((x) => isBareCount(x) && x.text.replace(/\s+/g, '') === n.text.replace(/\s+/g, '')) : undefined;
          if (same) {
            (same.also ??= []).push({ key, at: n.start, id: '' });
            same.salience = Math.max(same.salience, weight) + 0.5;
            continue;
          }
          numbers.push({ ...n, article: a.number, context, line, key, at: n.start, id: '', salience: weight, figures: [{ text: n.text, kind: n.kind }] });
        }
      }
      // A figure that says little (a year or a small count alone in plain prose, a table cell holding nothing
      // but the figure) is left out; then the article's most salient figures, in reading order: at most `maxNumbers`, and in a short article
      // about one for every 250 characters of text, so the index never outweighs the pack.
      const before = numbers.length;
      numbers = numbers.filter((n) => n.salience >= MIN_SALIENCE && (n.kind === 'money' || n.context.replace(/\s+/g, '').length > n.text.replace(/\s+/g, '').length + 3));
      numbersLeftOut += before - numbers.length;
      const length = texts.reduce((n, t) => n + t.text.length, 0);
      const cap = Math.min(maxNumbers, Math.max(4, Math.round(length / 250)));
      if (numbers.length > cap) {
        const kept = new Set([...numbers].sort((x, y) => y.salience - x.salience).slice(0, cap));
        numbersLeftOut += numbers.length - kept.size;
        numbers = numbers.filter((n) => kept.has(n));
      }
      numbers.forEach((n, i) => {
        n.id = `ix${a.number}-f${i + 1}`;
        n.also?.forEach((o, k) => (o.id = `${n.id}-${k + 2}`));
      });
    }
    articles.push({ number: a.number, blocks, questions, footnotes, meta, names, numbers, terms });
    entitiesByArticle.push(inArticle);
    termsByArticle.push([...termCount].sort((x, y) => y[1] - x[1]).map(([i]) => i));
  }
  const people = [...named]
    .map((i): IndexPerson => {
      const e = entries[i]!;
      const other = otherForm(e);
      const kind = e.kind === 'org' ? 'org' : 'person';
      return { entry: i, name: e.name, ...(other ? { other } : {}), ...(e.description ? { description: e.description } : {}), letter: collation.groupOf(personSortName(e.name, kind)), kind };
    })
    .sort((x, y) => collation.compare(personSortName(x.name, x.kind), personSortName(y.name, y.kind)));
  const indexTerm = (i: number): IndexTerm => {
    const e = termEntries[i]!;
    const other = otherForm(e);
    return { entry: i, name: e.name, ...(other ? { other } : {}), ...(e.description ? { definition: e.description } : {}), letter: collation.groupOf(e.name) };
  };
  const terms = [...termed].map(indexTerm).sort((x, y) => collation.compare(x.name, y.name));
  const definitions = termEntries
    .map((e, i) => (e.description ? indexTerm(i) : null))
    .filter((t): t is IndexTerm => t !== null)
    .sort((x, y) => collation.compare(x.name, y.name));
  const numbers = articles.map((a) => a.numbers);
  // Parts: each opening page's blocks analysed once (keys `p<n>.<k>`, links resolved), before its first article.
  const parts: AnalysedPart[] = [];
  for (const a of book.articles) {
    const p = a.part;
    if (!p || parts.some((x) => x.number === p.number)) continue;
    const from = { ...a, file: p.file ?? a.file };
    const blocks = linkPolicy(resolveBlocks(p.blocks, `p${p.number}.`, { n: 0 }, []), from, targets, diags);
    typesetBlocks(blocks, from.file, diags);
    parts.push({ number: p.number, title: p.title, blocks, first: a.number });
  }
  return {
    parts,
    glossary: entries,
    source,
    termEntries,
    terms,
    definitions,
    termsByArticle,
    articles,
    numbers,
    sheetNumbers: numbers.map((list) => sheetNumbers(list, SHEET_NUMBERS)),
    entitiesByArticle,
    people,
    hasPeople: people.length > 0,
    hasNumbers: numbers.some((n) => n.length > 0),
    hasTerms: terms.length > 0,
    hasIndex: people.length > 0 || terms.length > 0 || definitions.length > 0 || numbers.some((n) => n.length > 0),
    maxNumbers,
    indexOrder: collation.order,
    numbersLeftOut,
  };
}

/** Key numbers on an article's discussion sheet. */
const SHEET_NUMBERS = 5;

/**
 * The key numbers a discussion sheet lists: taken most salient first, each with only the figures no entry
 * taken before shows (1 亿美元 once, however many clauses name it); an entry left with no figure of its own, or
 * with only a date (when, not how much: its amount is listed already), is passed over for the next. At most
 * `count`, in reading order.
 */
export function sheetNumbers(numbers: readonly KeyNumber[], count: number): SheetNumber[] {
  const same = (figure: string) => figure.replace(/\s+/g, '').replace(/％/g, '%');
  const shown = new Set<string>();
  const taken = new Map<KeyNumber, string[]>();
  for (const n of [...numbers].sort((x, y) => y.salience - x.salience)) {
    if (taken.size >= count) break;
    const own = n.figures.filter((f) => !shown.has(same(f.text)));
    if (own.length === 0 || (own.length < n.figures.length && own.every((f) => f.kind === 'year'))) continue;
    own.forEach((f) => shown.add(same(f.text)));
    taken.set(n, own.map((f) => f.text));
  }
  return numbers.filter((n) => taken.has(n)).map((n) => ({ figures: taken.get(n)!, context: n.context, id: n.id }));
}

/**
 * Page ranges as a reader expects them: 3, 5–7, 9. With `cap`, at most that many ranges, then `more`
 * (「等」): a name on forty pages of a large pack is not forty numbers.
 */
export function pageRanges(pages: Iterable<number>, cap?: number, more = '等'): string {
  const sorted = [...new Set(pages)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j > i ? `${sorted[i]}–${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  if (cap !== undefined && parts.length > cap) return `${parts.slice(0, cap).join(', ')} ${more}`;
  return parts.join(', ');
}
