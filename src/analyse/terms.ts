/** The term index's terms: the pack's key words by TF-IDF against the segmenter's general-language IDF, with compounds the segmenter cut apart joined again. */
import { segmenter } from './segmenter.js';

export interface TermCandidate {
  term: string;
  /** Other forms: the Latin form given in brackets after it (可解释性（Interpretability）). */
  aliases: string[];
  count: number;
  articles: number;
  score: number;
}

/** Parts of speech a term may be made of: nouns, verbal nouns, idiomatic phrases, unknown words, English. */
const TERM_TAGS = /^(?:n|nz|nl|ng|vn|l|j|x|eng|an|i)$/;
/** Words that are in every kind of text and never what a reader looks up. */
const STOP = new Set(
  '问题 方面 方式 东西 时候 情况 事情 过程 部分 结果 原因 方法 能力 作用 影响 可能 事实 时间 地方 人们 世界 领域 公司 工作 内容 程度 意义 角度 条件 基础 关系 水平 方向 目标 手段 阶段 层面 因素 本质 核心 关键 重要性 一切 大家 大部分 之间 以上 以下 其中 例子 文章 本文 作者 读者 我们 他们 你们 自己 现在 今天 未来 过去 当时 之后 之前 同时 目前 一种 一个 这种 那种 这些 那些 这样 那样 如何 什么 为什么 怎么 怎样 非常 更多 很多 许多 所有 任何 每个 真正 实际 真的 特别 比如 例如 包括 通过 需要 认为 进行 使用 出现 成为 开始 提供 发现 希望 知道 觉得 看到 发生 发展 增长 问题 答案 想法 观点 看法 说法 做法 东西 人类 社会 国家 时代 文中 篇文章 第一 第二 访谈 采访 主持人 节选 整理'.split(' '),
);
/** Single characters that join a word as prefix or suffix (可/解释性, 分布式/锁, 理解/率), not as a clause's subject or verb. */
const PREFIX = /^[可非反超多无高低大小新总副准半全单双微泛伪元子次]$/u;
const SUFFIX = /^[性化率度式型法论力者锁表单本袋角会员卡栏库课制观学家界感权链群组包量值]$/u;
const FUNCTION_START = /^[请的了是在和与而但就都也还又已更最很太仅只会能要把被让将从对为以于其这那每各该此些么呢吗吧啊之所个到着过给向]/u;
const FUNCTION_END = /[的了着过吗呢吧啊么和与在是就都也还又把被让将从对为以于之所等得出来去]$/u;

/** One text of the pack for the term index: an article's paragraph or heading (code blanked out). */
export interface TermText {
  text: string;
  article: number;
  heading: boolean;
}

/**
 * The pack's key terms: words and compounds the pack uses often and general Chinese seldom (TF-IDF with jieba's
 * IDF), found in at least `minCount` places, people, organisations and `exclude` aside; a compound the segmenter
 * cut apart (出口/管制, 分布式/锁, 可/解释性) is joined when its parts stand together most times either occurs.
 */
export function extractTerms(texts: readonly TermText[], options: { exclude?: Iterable<string>; aliases?: readonly { term: string; alias: string }[]; max: number; minCount?: number }): TermCandidate[] {
  const seg = segmenter();
  const exclude = new Set([...(options.exclude ?? [])].map((x) => x.toLowerCase()));
  const minCount = options.minCount ?? 2;
  const words = new Map<string, { count: number; articles: Set<number>; heading: boolean; tag: string }>();
  const pairs = new Map<string, { a: string; b: string; count: number; articles: Set<number>; heading: boolean }>();
  const add = (w: string, tag: string, t: TermText) => {
    let e = words.get(w);
    if (!e) words.set(w, (e = { count: 0, articles: new Set(), heading: false, tag }));
    e.count++;
    e.articles.add(t.article);
    if (t.heading) e.heading = true;
  };
  const wordOk = (w: string, tag: string) =>
    w.length >= 2 && !STOP.has(w) && !/^\d/.test(w) && !/[\ufffc\s]/.test(w) && (/\p{Script=Han}/u.test(w) ? !FUNCTION_START.test(w) && !FUNCTION_END.test(w) : /^[A-Za-z][A-Za-z-]{2,}$/.test(w)) && (TERM_TAGS.test(tag) || tag === 'v' || tag === 'a');
  for (const t of texts) {
    const tokens = seg.tag(t.text);
    for (let i = 0; i < tokens.length; i++) {
      const { word, tag } = tokens[i]!;
      if (wordOk(word, tag)) add(word, tag, t);
      const next = tokens[i + 1];
      if (!next) continue;
      // A compound: two Chinese words side by side, neither a function word (可解释性, 分布式锁, 出口管制).
      const han = (w: string) => /^\p{Script=Han}+$/u.test(w);
      if (han(word) && han(next.word) && word.length + next.word.length >= 3 && word.length + next.word.length <= 7 && !FUNCTION_START.test(word) && !FUNCTION_END.test(next.word) && !/^(?:p|c|u|uj|ul|d|r|m|q|y|f|t|zg|ad|vd|e|o)$/.test(next.tag) && !/^(?:p|c|u|uj|ul|r|m|q|y|f|t|zg|e|o)$/.test(tag) && (TERM_TAGS.test(next.tag) || /^(?:v|a)$/.test(next.tag))) {
        const key = word + next.word;
        let p = pairs.get(key);
        if (!p) pairs.set(key, (p = { a: word, b: next.word, count: 0, articles: new Set(), heading: false }));
        p.count++;
        p.articles.add(t.article);
        if (t.heading) p.heading = true;
      }
    }
  }
  const nArticles = new Set(texts.map((t) => t.article)).size || 1;
  const idf = (w: string) => seg.idf(w) ?? seg.medianIdf;
  const scored: TermCandidate[] = [];
  const aliases = new Map<string, string[]>();
  for (const { term, alias } of options.aliases ?? []) aliases.set(term, [...(aliases.get(term) ?? []), alias]);
  // Compounds first: a pair that stands together in most places where its parts stand.
  const joined = new Set<string>();
  for (const [key, p] of pairs) {
    const ca = words.get(p.a)?.count ?? p.count;
    const cb = words.get(p.b)?.count ?? p.count;
    if (p.count < minCount || p.count < 0.5 * Math.min(ca, cb) || exclude.has(key.toLowerCase()) || STOP.has(key)) continue;
    // A compound of a word with a single character (可/解释性, 分布式/锁) or two nouns; not a verb phrase.
    if ((p.a.length === 1 && !PREFIX.test(p.a)) || (p.b.length === 1 && !SUFFIX.test(p.b))) continue;
    joined.add(key);
    const w = Math.max(idf(p.a), idf(p.b)) + 1;
    scored.push({ term: key, aliases: aliases.get(key) ?? [], count: p.count, articles: p.articles.size, score: p.count * w * (p.heading ? 1.5 : 1) * (1 + Math.log(nArticles / p.articles.size + 1) / 4) });
  }
  for (const [w, e] of words) {
    if (e.count < minCount || exclude.has(w.toLowerCase())) continue;
    // Verbs and adjectives only when the segmenter does not know them as everyday words (熔断 yes, 认为 no).
    if ((e.tag === 'v' || e.tag === 'a' || e.tag === 'x') && idf(w) < 11) continue;
    if (idf(w) < 9) continue;
    // Latin words: acronyms (AGI, RLHF) and CamelCase names of things; not English words or roles.
    if (!/\p{Script=Han}/u.test(w) && (!/^(?:[A-Z]{3,6}|[A-Z][a-z]+[A-Z]\w*)$/.test(w) || /^(?:CEO|CTO|CFO|COO|USA|PDF|URL|APP)$/.test(w))) continue;
    // A word whose every use is inside a joined compound is that compound's part, not a term of its own.
    const inCompounds = [...joined].reduce((s, k) => s + (pairs.get(k)!.a === w || pairs.get(k)!.b === w ? pairs.get(k)!.count : 0), 0);
    if (inCompounds >= e.count * 0.6) continue;
    scored.push({ term: w, aliases: aliases.get(w) ?? [], count: e.count, articles: e.articles.size, score: e.count * idf(w) * (e.heading ? 1.5 : 1) * (1 + Math.log(nArticles / e.articles.size + 1) / 4) });
  }
  scored.sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1));
  const out: TermCandidate[] = [];
  for (const c of scored) {
    if (out.length >= options.max) break;
    // One of a term and the longer term that holds it: the longer one when it is nearly as frequent.
    const longer = out.find((o) => o.term.includes(c.term));
    if (longer && longer.count >= c.count * 0.7) continue;
    out.push(c);
  }
  return out;
}
