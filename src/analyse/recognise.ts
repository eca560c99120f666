/** The entity recogniser: people and organisations a pack names, found with the segmenter's tags, name shapes and context cues, counted across the pack. */
import { distance } from 'fastest-levenshtein';
import { pinyin } from 'pinyin-pro';
import {
  KNOWN_ORGS,
  LATIN_COMMON,
  LATIN_BRANDS,
  LATIN_ORG_WORDS,
  LATIN_ROLES,
  ORG_AFTER,
  ORG_SUFFIX,
  PERSON_AFTER,
  PERSON_BEFORE,
  PRODUCT_AFTER,
  ROLES,
  SURNAMES,
  TRANSLIT,
} from './lexicon.js';
import { segmenter, type Token } from './segmenter.js';

/** One piece of text the recogniser reads: a paragraph, a heading, a metadata field. */
export interface TextUnit {
  /** The text with code blanked out (analyse/text.ts `prose`). */
  text: string;
  file: string;
  line: number;
  article: number;
  heading: boolean;
  /** A byline field (speakers, interviewer, author): the whole text is a person's name. */
  person?: boolean;
}

export interface Recognised {
  /** The form the index shows: the full Chinese form when there is one, else the full Latin form. */
  name: string;
  kind: 'person' | 'org';
  /** Every other form found for it (short forms, the other script, the form in brackets). */
  aliases: string[];
  /** Occurrences of all its forms in the pack. */
  count: number;
  /** Weight of the evidence: each occurrence adds what its shape and context show. */
  score: number;
  inHeading: boolean;
  /** First occurrence. */
  file: string;
  line: number;
  context: string;
  /** What made it a candidate (for `index --suggest`). */
  why: string[];
}

/** A Latin or Chinese form in brackets after a Chinese term that is neither person nor organisation: 可解释性（Interpretability）. */
export interface TermAlias {
  term: string;
  alias: string;
}

interface Cand {
  form: string;
  person: number;
  org: number;
  product: number;
  count: number;
  inHeading: boolean;
  file: string;
  line: number;
  context: string;
  why: Set<string>;
}

/** Roles that follow the organisation led (英伟达CEO); 科学家, 研究员 follow a field (计算神经科学家). */
const LEADER_ROLES = new Set(['CEO', 'CTO', 'CFO', 'COO', 'CSO', '首席执行官', '首席技术官', '创始人', '联合创始人', '总裁', '董事长', '总经理']);
const HAN = /\p{Script=Han}/u;
const isHan = (s: string) => HAN.test(s);
const FUNCTION_TAGS = /^(?:v|vd|vg|p|c|u|uj|ul|uz|ud|ug|uv|d|r|rr|rz|m|mq|q|y|f|e|o|zg|ad|t)$/;
const PUNCT = /^[\s\p{P}\p{S}\ufffc]+$/u;
/** Characters that start or end a phrase, never a name: 这会, 而用, 仅为. */
const FUNCTION_CHARS = /[的了是在和与而但就都也还又已正更最很太仅只会能要把被让将从对为以于如其这那每各该此个年月日些么呢吗吧啊之者所]/u;
/** Generic words that come before an organisation's role word without being one (这家公司的 CEO, AI CEO). */
const GENERIC = /^(?:公司|这家|一家|该公司|企业|团队|AI|人工智能|科技|美国|中国|其|他们|我们|前|现任|时任|新任|副|首席)$/;

function clauseAround(text: string, start: number, end: number): string {
  let a = start;
  while (a > 0 && !/[。！？；\n]/.test(text[a - 1]!) && start - a < 24) a--;
  let b = end;
  while (b < text.length && !/[。！？；\n]/.test(text[b]!) && b - end < 24) b++;
  return text.slice(a, b).replace(/\ufffc+/g, '…').trim();
}

/** Consonant skeleton of a name as a transliteration keeps it: Dario and 达里奥 (daliao) are both `dl`. */
function skeleton(latinOrPinyin: string, latin: boolean): string {
  let s = latinOrPinyin.toLowerCase().replace(/[^a-z]/g, '');
  if (latin) s = s.replace(/ck/g, 'k').replace(/c(?=[eiy])/g, 's').replace(/c/g, 'k').replace(/ph/g, 'f').replace(/r(?![aeiouy])/g, '').replace(/tz|ts/g, 's');
  else s = s.replace(/zh|z|c(?!h)/g, 's').replace(/ch|q/g, 'k').replace(/x|sh/g, 's');
  s = s
    .replace(/h/g, '')
    .replace(/r/g, 'l')
    .replace(/[jg]/g, 'g')
    .replace(/[aeiouyvw]/g, '')
    .replace(/(.)\1+/g, '$1');
  return s;
}

function soundsAlike(han: string, latin: string): boolean {
  const a = skeleton((pinyin(han, { toneType: 'none', type: 'array' }) as string[]).join(''), false);
  const b = skeleton(latin, true);
  if (!a || !b || a[0] !== b[0]) return false;
  return distance(a, b) <= (Math.min(a.length, b.length) <= 2 ? 0 : Math.min(a.length, b.length) <= 4 ? 1 : 2);
}

/** Latin words of a text: runs of words joined by single spaces, split at roles, digits and lower-case words. */
function latinSegments(text: string): { start: number; words: string[] }[] {
  const out: { start: number; words: string[] }[] = [];
  const WORD = /[A-Za-z][A-Za-z0-9&'.]*(?:-[A-Za-z0-9]+)*/g;
  let cur: { start: number; words: string[]; end: number } | null = null;
  const flush = () => {
    if (cur && cur.words.length) out.push({ start: cur.start, words: cur.words });
    cur = null;
  };
  for (const m of text.matchAll(WORD)) {
    let w = m[0].replace(/[.']+$/, '');
    const start = m.index!;
    // A word glued to other Latin letters or digits is part of something else (a URL, a version).
    if (/[A-Za-z0-9_/@:]/.test(text[start - 1] ?? '') || /[/@:_]/.test(text[start + m[0].length] ?? '')) {
      flush();
      continue;
    }
    const breaks = LATIN_ROLES.has(w) || /\d/.test(w) || !/^[A-Z]|^[a-z]+[A-Z]/.test(w);
    if (breaks) {
      flush();
      continue;
    }
    if (w.endsWith("'s")) w = w.slice(0, -2);
    if (cur && text.slice(cur.end, start) === ' ') {
      cur.words.push(w);
      cur.end = start + m[0].length;
    } else {
      flush();
      cur = { start, words: [w], end: start + m[0].length };
    }
  }
  flush();
  return out;
}

const KNOWN = new Set(KNOWN_ORGS);
const isTitle = (w: string) => /^[A-Z][a-z]+(?:-[A-Z][a-z]+)?$/.test(w);
const isCamel = (w: string) => /^[a-z]+[A-Z]|^[A-Z][a-z]+[A-Z]|^[A-Z]{2,}[a-z]/.test(w);

/**
 * Finds the people and organisations of a pack. Each occurrence adds evidence by its shape (a name joined by
 * 「·」, a transliteration, a Chinese surname, capitalised Latin words, the segmenter's nr/nt tags) and by its
 * context (a role word before it, 说 after it, 公司 after it, a Latin form in brackets); a candidate is kept
 * when its evidence reaches `threshold` (or half of it in a heading), the glossary's exclusions aside.
 */
export function recognise(units: readonly TextUnit[], options: { exclude?: readonly string[]; threshold?: number } = {}): { entities: Recognised[]; termAliases: TermAlias[] } {
  const seg = segmenter();
  const cands = new Map<string, Cand>();
  const termAliases = new Map<string, string>();
  const links: [string, string][] = [];
  const exclude = new Set((options.exclude ?? []).map((x) => x.toLowerCase()));
  const note = (form: string, u: TextUnit, start: number, ev: { person?: number; org?: number; product?: number }, why: string) => {
    form = form.trim();
    if (form.length < 2 || exclude.has(form.toLowerCase())) return;
    let c = cands.get(form);
    if (!c) cands.set(form, (c = { form, person: 0, org: 0, product: 0, count: 0, inHeading: false, file: u.file, line: u.line, context: clauseAround(u.text, start, start + form.length), why: new Set() }));
    c.person += ev.person ?? 0;
    c.org += ev.org ?? 0;
    c.product += ev.product ?? 0;
    if ((ev.person ?? 0) + (ev.org ?? 0) > 0) c.why.add(why);
    if (u.heading) c.inHeading = true;
  };

  for (const u of units) {
    const text = u.text;
    if (u.person) {
      const name = text.trim();
      if (name) note(name, u, 0, { person: 3 }, 'named in a byline');
      continue;
    }
    const tokens = seg.tag(text);
    const tokenAt = new Map<number, number>();
    tokens.forEach((t, i) => tokenAt.set(t.start, i));
    const before = (at: number) => text.slice(Math.max(0, at - 6), at);
    const after = (at: number) => text.slice(at, at + 8);

    // Latin names: John Collison, Google DeepMind, OpenAI, xAI.
    for (const { start, words } of latinSegments(text)) {
      const end = start + words.join(' ').length;
      const cue = { person: PERSON_BEFORE.test(before(start)) || PERSON_AFTER.test(after(end)), org: ORG_AFTER.test(after(end)) || /(?:公司|企业|机构)[（(]?(?:如|像|比如|例如)?\s?$/.test(before(start)), product: PRODUCT_AFTER.test(after(end)) };
      const common = words.some((w) => LATIN_COMMON.test(w));
      if (words.length >= 2 && words.length <= 4) {
        const orgish = !common && (LATIN_ORG_WORDS.has(words[words.length - 1]!) || words.some((w) => LATIN_BRANDS.has(w) || isCamel(w)));
        if (orgish) note(words.join(' '), u, start, { org: 2 + (cue.org ? 1 : 0) }, 'Latin name of an organisation');
        else if (!common && words.every(isTitle) && words.length <= 3) note(words.join(' '), u, start, { person: 2 + (cue.person ? 1 : 0), org: cue.org ? 3 : 0 }, 'capitalised Latin name');
        continue;
      }
      if (words.length !== 1) continue;
      const w = words[0]!;
      if (LATIN_COMMON.test(w) && !isCamel(w)) continue;
      if (/^[A-Z]{2,}$/.test(w)) {
        if (cue.org && w.length >= 3) note(w, u, start, { org: 2 }, 'acronym before an organisation word');
        continue;
      }
      // In a list with a known organisation (Meta、xAI) it is one too.
      const listed = /^、\s?([A-Za-z]+)/.exec(text.slice(end, end + 20))?.[1] ?? /([A-Za-z]+)\s?、$/.exec(text.slice(Math.max(0, start - 20), start))?.[1];
      const ev = { person: cue.person ? 2 : 0, org: (cue.org ? 2 : 0) + (isCamel(w) ? 1 : 0) + (listed && LATIN_BRANDS.has(listed) ? 1 : 0), product: cue.product ? 2 : 0 };
      note(w, u, start, ev, cue.org ? 'Latin name before an organisation word' : cue.person ? 'Latin name with a person cue' : isCamel(w) ? 'CamelCase name' : 'capitalised Latin word');
    }

    // Transliterated names joined by 「·」: 达里奥·阿莫迪.
    for (const m of text.matchAll(/[\p{Script=Han}]{1,6}(?:·[\p{Script=Han}]{1,6})+/gu)) {
      let s = m[0];
      let at = m.index!;
      // Trim leading characters that are not transliteration (他的丹妮拉·…).
      while (s.length > 0 && !TRANSLIT.has(s[0]!) && s.indexOf('·') > 1) (s = s.slice(1)), at++;
      // … and trailing ones (达里奥·阿莫迪深度访谈 → 达里奥·阿莫迪).
      const lastDot = s.lastIndexOf('·');
      let e = lastDot + 1;
      while (e < s.length && TRANSLIT.has(s[e]!)) e++;
      if (e - lastDot - 1 >= 2) s = s.slice(0, e);
      if (ORG_SUFFIX.test(m[0])) {
        note(m[0], u, m.index!, { org: 2 }, 'a name ending in an organisation word');
        continue;
      }
      // Every part a transliteration (not 论语·颜渊, a chapter; not 生活·读书·新知三联书店, a publisher).
      const chars = [...s.replace(/·/g, '')];
      if (chars.filter((c) => TRANSLIT.has(c)).length < chars.length * 0.8) {
        if (ORG_SUFFIX.test(s)) note(s, u, at, { org: 2 }, 'a name ending in an organisation word');
        continue;
      }
      note(s, u, at, { person: 3 }, 'transliterated name with ·');
      const parts = s.split('·');
      links.push(...parts.filter((p) => p.length >= 2).map((p): [string, string] => [s, p]));
    }

    // A name followed by its other form in brackets: 丹妮拉（Daniela）, 诺和诺德（Novo Nordisk）.
    for (const m of text.matchAll(/([\p{Script=Han}·]{2,})[（(]\s?([A-Za-z][A-Za-z .&'-]*[A-Za-z])\s?[)）]/gu)) {
      const latin = m[2]!;
      const hanEnd = m.index! + m[1]!.length;
      const latinWords = latin.split(/\s+/);
      const personLatin = latinWords.length <= 3 && latinWords.every(isTitle) && !latinWords.some((w) => LATIN_COMMON.test(w) || LATIN_ORG_WORDS.has(w));
      // The Chinese name: a ·-name, a run of transliteration characters, or the segmenter's last word.
      let han = '';
      const dot = /[\p{Script=Han}]{1,6}(?:·[\p{Script=Han}]{1,6})+$/u.exec(m[1]!);
      let k = hanEnd;
      while (k > m.index! && TRANSLIT.has(text[k - 1]!)) k--;
      const ti = tokens.findIndex((t) => t.start < hanEnd && t.start + t.word.length >= hanEnd);
      const last = ti >= 0 ? tokens[ti]! : undefined;
      const lastFits = last && last.start + last.word.length === hanEnd && last.word.length >= 2;
      if (dot) han = dot[0];
      else if (lastFits && (/^(?:nt|nz|nr)/.test(last.tag) || KNOWN.has(last.word) || last.word.length >= hanEnd - k)) han = last.word;
      else if (hanEnd - k >= 2 && personLatin) han = text.slice(k, hanEnd);
      else if (lastFits) han = last!.word;
      if (!han || FUNCTION_CHARS.test(han[0]!)) continue;
      const hanAt = hanEnd - han.length;
      const lastTag = last?.tag ?? '';
      const orgContext = /^(?:nt|nz)/.test(lastTag) || KNOWN.has(han) || ORG_SUFFIX.test(han) || /(?:公司|企业|机构|组织|平台)(?:如|像|比如|例如)?$/.test(text.slice(Math.max(0, hanAt - 6), hanAt)) || (latinWords.length > 1 && LATIN_ORG_WORDS.has(latinWords[latinWords.length - 1]!)) || latinWords.some((w) => LATIN_BRANDS.has(w) || isCamel(w));
      const translit = [...han.replace(/·/g, '')].every((c) => TRANSLIT.has(c));
      if (orgContext && !dot) {
        note(han, u, hanAt, { org: 3 }, 'name with its Latin form in brackets');
        note(latin, u, m.index! + m[0].indexOf(latin), {}, 'Latin form in brackets');
        links.push([han, latin]);
      } else if (personLatin && (translit || dot || /^nr/.test(lastTag))) {
        note(han, u, hanAt, { person: 3 }, 'name with its Latin form in brackets');
        note(latin, u, m.index! + m[0].indexOf(latin), {}, 'Latin form in brackets');
        links.push([han, latin]);
      } else if (!termAliases.has(han)) termAliases.set(han, latin);
    }

    // The segmenter's words: organisations (nt), people (nr), transliterations, unknown words after a role.
    tokens.forEach((t, i) => {
      const w = t.word;
      if (!isHan(w) || w.length < 2) return;
      const end = t.start + w.length;
      const personCue = PERSON_AFTER.test(after(end)) || PERSON_BEFORE.test(before(t.start));
      if (t.tag === 'nt' || KNOWN.has(w)) {
        const prefix = w.replace(ORG_SUFFIX, '');
        // 美国公司, 科技公司: a place or a generic word before 公司 is no name.
        if (prefix !== w && prefix.length > 0 && (prefix.length < 2 || /^(?:ns|n|a|vn)$/.test(seg.tag(prefix)[0]?.tag ?? '') && seg.tag(prefix).length === 1 && !/大学|学院/.test(w))) return;
        note(w, u, t.start, { org: 2 }, 'the segmenter tags it an organisation');
      } else if (ORG_SUFFIX.test(w) && w.length >= 4 && /^(?:n|nz|ns|nr|nrt|x|j|l)$/.test(t.tag) && !FUNCTION_CHARS.test(w[0]!)) {
        note(w, u, t.start, { org: 2 }, 'a name ending in an organisation word');
      } else if (/^nr/.test(t.tag) && w.length <= 4 && !FUNCTION_CHARS.test(w)) {
        const translit = [...w].every((c) => TRANSLIT.has(c));
        note(w, u, t.start, { person: (personCue ? 2 : 0) + (translit && w.length >= 3 ? 1 : 0) }, personCue ? 'a person name with a person cue' : 'the segmenter tags it a name');
      } else if (t.tag === 'x' && w.length >= 2 && w.length <= 3 && SURNAMES.has(w[0]!) && !FUNCTION_CHARS.test(w.slice(1)) && personCue) {
        note(w, u, t.start, { person: 2 }, 'a Chinese name after a role word');
      }
      // A run of transliteration tokens that the segmenter cut apart: 阿莫/nrt 迪/nr.
      if (tokenAt.has(t.start) && (i === 0 || !TRANSLIT.has(text[t.start - 1] ?? ''))) {
        let j = i;
        let s = '';
        while (j < tokens.length && [...tokens[j]!.word].every((c) => TRANSLIT.has(c))) s += tokens[j++]!.word;
        if (j > i + 1 && s.length >= 3 && s.length <= 6 && !TRANSLIT.has(text[t.start + s.length] ?? '')) note(s, u, t.start, { person: personCue ? 2 : 1 }, 'transliterated name');
      }
    });

    // Role words: the organisation before and the person after (英伟达CEO黄仁勋).
    for (const role of ROLES) {
      const leads = LEADER_ROLES.has(role);
      for (let at = text.indexOf(role); at >= 0; at = text.indexOf(role, at + role.length)) {
        // The organisation: the words before the role, back to a verb, a particle or punctuation.
        let k = tokens.findIndex((t) => t.start + t.word.length === at || (text[at - 1] === ' ' && t.start + t.word.length === at - 1));
        let org = '';
        let orgAt = 0;
        while (k >= 0) {
          const t: Token = tokens[k]!;
          if (PUNCT.test(t.word) || FUNCTION_TAGS.test(t.tag) || (!isHan(t.word) && org !== '' && isHan(org)) || (org + t.word).length > 6) break;
          if (!isHan(t.word)) break;
          org = t.word + org;
          orgAt = t.start;
          k--;
        }
        if (leads && org.length >= 2 && !GENERIC.test(org) && !FUNCTION_CHARS.test(org[0]!) && !FUNCTION_CHARS.test(org[org.length - 1]!)) note(org, u, orgAt, { org: 2 }, `an organisation before 「${role}」`);
        // The person: a short name right after the role.
        const nameAt = at + role.length + (text[at + role.length] === ' ' ? 1 : 0);
        const nt = tokens.find((t) => t.start === nameAt);
        if (nt && isHan(nt.word) && nt.word.length >= 2 && nt.word.length <= 4 && (/^nr|^x$/.test(nt.tag) || [...nt.word].every((c) => TRANSLIT.has(c))) && !FUNCTION_CHARS.test(nt.word)) note(nt.word, u, nameAt, { person: 2 }, `a name after 「${role}」`);
      }
    }
  }

  // Counts and headings over the pack: every occurrence of each form, found the same way the index finds them.
  const forms = [...cands.keys()].sort((a, b) => b.length - a.length);
  for (const u of units) {
    if (u.person) {
      const c = cands.get(u.text.trim());
      if (c) c.count++;
      continue;
    }
    const covered: [number, number][] = [];
    for (const f of forms) {
      for (let at = u.text.indexOf(f); at >= 0; at = u.text.indexOf(f, at + f.length)) {
        const end = at + f.length;
        if (!isHan(f) && (/[A-Za-z0-9]/.test(u.text[at - 1] ?? '') || /[A-Za-z0-9]/.test(u.text[end] ?? ''))) continue;
        if (covered.some(([a, b]) => at < b && end > a)) continue;
        covered.push([at, end]);
        const c = cands.get(f)!;
        c.count++;
        if (u.heading) c.inHeading = true;
      }
    }
  }

  // Forms of one entity: the parts of a full name, a form and its bracketed other script, sound-alike scripts.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let p = x;
    while (parent.has(p)) p = parent.get(p)!;
    return p;
  };
  const join = (a: string, b: string) => {
    if (!cands.has(a) || !cands.has(b)) return;
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const [a, b] of links) join(a, b);
  const fullLatin = [...cands.keys()].filter((f) => !isHan(f) && f.includes(' '));
  const fullHan = [...cands.keys()].filter((f) => f.includes('·'));
  for (const c of cands.values()) {
    if (c.form.includes(' ') || c.form.includes('·')) continue;
    const owners = isHan(c.form) ? fullHan.filter((f) => f.split('·').includes(c.form)) : fullLatin.filter((f) => { const ws = f.split(' '); return ws[0] === c.form || ws[ws.length - 1] === c.form; });
    if (owners.length === 1) join(owners[0]!, c.form);
  }
  for (const h of fullHan) {
    const hp = h.split('·');
    for (const l of fullLatin) {
      const lp = l.split(' ');
      if (hp.length === lp.length && hp.every((p, i) => soundsAlike(p, lp[i]!))) join(h, l);
    }
  }
  // Single transliterated Chinese names and single Latin words that sound alike and are both people: 丹妮拉, Daniela.
  const groups = new Map<string, Cand[]>();
  for (const c of cands.values()) {
    const r = find(c.form);
    let g = groups.get(r);
    if (!g) groups.set(r, (g = []));
    g.push(c);
  }

  const threshold = options.threshold ?? 2;
  const entities: Recognised[] = [];
  for (const g of groups.values()) {
    const person = g.reduce((s, c) => s + c.person, 0);
    const org = g.reduce((s, c) => s + c.org, 0);
    const product = g.reduce((s, c) => s + c.product, 0);
    const score = Math.max(person, org);
    const count = g.reduce((s, c) => s + c.count, 0);
    const inHeading = g.some((c) => c.inHeading);
    if (score === 0 || product >= score) continue;
    if (score < threshold && !(inHeading && score >= threshold / 2 && count >= 2)) continue;
    if (count === 0) continue;
    // The form shown: the full Chinese one, else the full Latin one, else the commonest.
    const pick = [...g].sort((a, b) => Number(isHan(b.form)) - Number(isHan(a.form)) || Number(/[·\s]/.test(b.form)) - Number(/[·\s]/.test(a.form)) || b.count - a.count || b.form.length - a.form.length)[0]!;
    const first = [...g].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1))[0]!;
    entities.push({
      name: pick.form,
      kind: person > org ? 'person' : 'org',
      aliases: g.map((c) => c.form).filter((f) => f !== pick.form),
      count,
      score,
      inHeading,
      file: first.file,
      line: first.line,
      context: first.context,
      why: [...new Set(g.flatMap((c) => [...c.why]))],
    });
  }
  entities.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
  return { entities, termAliases: [...termAliases].map(([term, alias]) => ({ term, alias })) };
}
