#!/usr/bin/env node
// studypack's benchmark (issue 7): `npm run bench` (compiles, then runs this file).
//
//   node bench/bench.mjs [--runs N] [--quick] [--no-peers] [--seed-only] [--no-write]
//
//   --runs N     runs of each measurement, each in a fresh process (default 5; 2 with --quick)
//   --quick      fewer runs, and no 1,000-article corpus
//   --no-peers   only studypack (skip pandoc, WeasyPrint, Chromium and Typst)
//   --seed-only  only the seed corpus (no generated corpora)
//   --no-write   print the tables only (do not rewrite bench/results.md and bench/results.json)
//
// Measured: studypack `build --pdf | --epub | --sheets | (all)` on the seed corpus, and full build and --pdf
// on corpora of 200 and 1,000 articles written by scripts/make-corpus.mjs into a temporary folder.
// Peers, where installed, on the same five seed articles: pandoc → EPUB (without and with the Noto fonts
// embedded), pandoc → HTML → WeasyPrint → PDF, pandoc → HTML → headless Chromium → PDF, and Typst (npm build)
// on the articles converted to Typst markup. Each run is a fresh process; the table gives the median and
// minimum wall time, the peak RSS of the child (GNU time's %M where /usr/bin/time exists, else python3's
// getrusage of the children, else — for the Node processes only — process.resourceUsage() of the child
// itself through bench/rss-hook.mjs), the output's size and its PDF page count.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = path.join(ROOT, 'bench');
// What users run (package.json "bin", the npm scripts): the bundle; and tsc's one-file-per-module build.
const CLI = path.join(ROOT, 'dist/studypack.mjs');
const SOURCE_CLI = path.join(ROOT, 'dist/cli/main.js');
const SEED = path.join(ROOT, 'corpus');
const FONT_DIR = path.join(ROOT, 'node_modules/@expo-google-fonts');
const FONTS = {
  serif: path.join(FONT_DIR, 'noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'),
  serifBold: path.join(FONT_DIR, 'noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf'),
  sans: path.join(FONT_DIR, 'noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  sansBold: path.join(FONT_DIR, 'noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
};
const RUN_TIMEOUT_MS = 20 * 60 * 1000;

// ---------------------------------------------------------------- options

function parseOptions(argv) {
  const o = { runs: undefined, quick: false, peers: true, write: true, scale: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') o.quick = true;
    else if (a === '--no-peers') o.peers = false;
    else if (a === '--no-write') o.write = false;
    else if (a === '--seed-only') o.scale = false;
    else if (a === '--runs' || a.startsWith('--runs=')) {
      const v = a.includes('=') ? a.slice(7) : argv[++i];
      if (!/^\d+$/.test(v ?? '') || Number(v) < 1) usage(`--runs needs a whole number ≥ 1 (got '${v}')`);
      o.runs = Number(v);
    } else if (a === '-h' || a === '--help') {
      process.stdout.write(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split("\n").slice(1, 11).map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
      process.exit(0);
    } else usage(`unknown option '${a}'`);
  }
  o.runs ??= o.quick ? 2 : 5;
  return o;
}

function usage(message) {
  console.error(`bench: ${message}\nusage: node bench/bench.mjs [--runs N] [--quick] [--no-peers] [--seed-only] [--no-write]`);
  process.exit(2);
}

// ---------------------------------------------------------------- tools on this machine

function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir || '.', cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return null;
}

function toolVersion(cmd, args = ['--version']) {
  try {
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30000 });
    return `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').find((l) => l.trim())?.trim() ?? '?';
  } catch {
    return '?';
  }
}

/** How peak RSS is measured: GNU time, python3, or (Node children only) the child's own resourceUsage. */
function rssMethod() {
  const forced = process.env.STUDYPACK_BENCH_RSS; // gnu-time | python3 | node-hook, to try a fallback
  if (forced) {
    if (!['gnu-time', 'python3', 'node-hook'].includes(forced)) usage(`STUDYPACK_BENCH_RSS must be gnu-time, python3 or node-hook (got '${forced}')`);
    return forced;
  }
  if (fs.existsSync('/usr/bin/time')) {
    const r = spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' });
    if (r.status === 0 && /^\d+\s*$/.test(r.stderr.trim().split('\n').pop() ?? '')) return 'gnu-time';
  }
  const py = which('python3');
  if (py) {
    const r = spawnSync(py, ['-c', 'import resource'], { encoding: 'utf8' });
    if (r.status === 0) return 'python3';
  }
  return 'node-hook';
}

const PY_RSS = [
  'import resource, subprocess, sys',
  'r = subprocess.run(sys.argv[2:])',
  'u = resource.getrusage(resource.RUSAGE_CHILDREN)',
  'open(sys.argv[1], "w").write("%d %.2f %.2f" % (u.ru_maxrss, u.ru_utime, u.ru_stime))',
  'sys.exit(r.returncode if r.returncode >= 0 else 128 - r.returncode)',
].join('\n');

/** CPU time (s) all of this machine's processes have used so far, from /proc/stat (null where there is none). */
function machineBusySeconds() {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = f;
    return (user + nice + system + irq + softirq + (steal ?? 0)) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/**
 * Runs one command in a fresh process: wall time (ms), peak RSS (KB, or null), the child's CPU time (s, or
 * null), the CPU time the whole machine used meanwhile (s, or null), exit status.
 */
function runOnce(cmd, args, method, env = {}, cwd = undefined) {
  const rssFile = path.join(os.tmpdir(), `studypack-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  let file = cmd;
  let argv = args;
  const childEnv = { ...process.env, ...env };
  const isNode = cmd === process.execPath;
  if (method === 'gnu-time') {
    file = '/usr/bin/time';
    argv = ['-f', '%M %U %S', '-o', rssFile, cmd, ...args];
  } else if (method === 'python3') {
    file = which('python3');
    argv = ['-c', PY_RSS, rssFile, cmd, ...args];
  } else if (isNode) {
    argv = ['--import', pathToFileURL(path.join(BENCH, 'rss-hook.mjs')).href, ...args];
    childEnv.STUDYPACK_BENCH_RSS_FILE = rssFile;
  }
  const busy0 = machineBusySeconds();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(file, argv, { cwd, env: childEnv, encoding: 'utf8', timeout: RUN_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const busy1 = machineBusySeconds();
  let rssKB = null;
  let cpuS = null;
  try {
    const text = fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '';
    const m = /^(\d+)(?:\s+([\d.]+)\s+([\d.]+))?$/.exec(text);
    if (m) {
      rssKB = Number(m[1]);
      if (m[2] != null) cpuS = Number(m[2]) + Number(m[3]);
    }
  } catch {
    /* no number */
  }
  fs.rmSync(rssFile, { force: true });
  const ok = r.status === 0 && !r.error;
  const machineCpuS = busy0 != null && busy1 != null ? busy1 - busy0 : null;
  return { ms, rssKB, cpuS, machineCpuS, ok, status: r.status, signal: r.signal, error: r.error?.message, stderr: (r.stderr ?? '').slice(-2000), stdout: (r.stdout ?? '').slice(-2000) };
}

// ---------------------------------------------------------------- PDF inspection

function pdfPages(file) {
  if (!fs.existsSync(file)) return null;
  if (which('pdfinfo')) {
    const r = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
    const m = /^Pages:\s+(\d+)/m.exec(r.stdout ?? '');
    if (m) return Number(m[1]);
  }
  // The page tree's root has the largest /Count of the /Type /Pages dictionaries.
  const text = fs.readFileSync(file).toString('latin1');
  let max = null;
  for (const m of text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)) {
    const n = Number(m[1] ?? m[2]);
    if (max === null || n > max) max = n;
  }
  return max;
}

/**
 * Where a PDF's bytes go: embedded font programs (FontFile, FontFile2, FontFile3), page content streams
 * (and form XObjects), images, ToUnicode maps, other streams, and everything else (dictionaries, xref).
 * Object streams are first unpacked with qpdf (streams left as they are) where qpdf is installed.
 */
function pdfSizes(file) {
  let buf = fs.readFileSync(file);
  const total = buf.length;
  let text = buf.toString('latin1');
  let note = '';
  if (/\/Type\s*\/ObjStm/.test(text)) {
    if (!which('qpdf')) return { total, note: 'uses object streams; install qpdf to break it down' };
    const tmp = path.join(os.tmpdir(), `studypack-bench-${process.pid}-unpacked.pdf`);
    const r = spawnSync('qpdf', ['--object-streams=disable', '--stream-data=preserve', file, tmp]);
    if (r.status !== 0 && r.status !== 3) return { total, note: 'qpdf could not unpack its object streams' };
    buf = fs.readFileSync(tmp);
    text = buf.toString('latin1');
    fs.rmSync(tmp, { force: true });
    note = 'object streams unpacked with qpdf: dictionaries are counted uncompressed';
  }
  const objects = new Map();
  const re = /(?:^|[\r\n\s])(\d+)\s+(\d+)\s+obj\b/g;
  let m;
  while ((m = re.exec(text))) {
    const num = Number(m[1]);
    const start = re.lastIndex;
    const end = text.indexOf('endobj', start);
    if (end < 0) break;
    const body = text.slice(start, end);
    const s = /\bstream\r?\n/.exec(body);
    let dict = body;
    let streamBytes = 0;
    if (s) {
      dict = body.slice(0, s.index);
      const dataStart = s.index + s[0].length;
      const dataEnd = body.lastIndexOf('endstream');
      const len = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
      streamBytes = len ? Number(len[1]) : Math.max(0, dataEnd - dataStart);
    }
    objects.set(num, { dict, streamBytes });
    re.lastIndex = end + 6;
  }
  const refs = (key) => {
    const set = new Set();
    for (const o of objects.values()) {
      for (const mm of o.dict.matchAll(new RegExp(`/${key}\\s*(\\[[^\\]]*\\]|\\d+\\s+\\d+\\s+R)`, 'g'))) {
        for (const r of mm[1].matchAll(/(\d+)\s+\d+\s+R/g)) set.add(Number(r[1]));
      }
    }
    return set;
  };
  const fontFiles = new Set([...refs('FontFile'), ...refs('FontFile2'), ...refs('FontFile3')]);
  const contents = refs('Contents');
  const toUnicode = refs('ToUnicode');
  const sum = { fonts: 0, content: 0, images: 0, toUnicode: 0, otherStreams: 0 };
  const fonts = [];
  for (const [num, o] of objects) {
    if (!o.streamBytes) continue;
    if (fontFiles.has(num)) sum.fonts += o.streamBytes;
    else if (contents.has(num) || /\/Subtype\s*\/Form\b/.test(o.dict)) sum.content += o.streamBytes;
    else if (/\/Subtype\s*\/Image\b/.test(o.dict)) sum.images += o.streamBytes;
    else if (toUnicode.has(num)) sum.toUnicode += o.streamBytes;
    else sum.otherStreams += o.streamBytes;
  }
  for (const o of objects.values()) {
    const ff = /\/FontFile[23]?\s+(\d+)\s+\d+\s+R/.exec(o.dict);
    const name = /\/FontName\s*\/([^\s/<>[\]()]+)/.exec(o.dict);
    if (ff && name) fonts.push({ name: name[1], bytes: objects.get(Number(ff[1]))?.streamBytes ?? 0 });
  }
  const streams = Object.values(sum).reduce((a, b) => a + b, 0);
  return { total, ...sum, structure: Math.max(0, buf.length - streams), fonts: sum.fonts, fontPrograms: fonts, note };
}

// ---------------------------------------------------------------- peers' inputs

/** A corpus's articles (the seed, or one made by scripts/make-corpus.mjs) as plain Markdown: front matter dropped, the title apart. */
function corpusArticles(dir = SEED) {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d+-.*\.md$/.test(f))
    .sort()
    .map((f) => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
      const meta = m ? parseYaml(m[1]) : {};
      return { file: f, title: String(meta.title ?? f), body: m ? text.slice(m[0].length) : text };
    });
}

const TYPST_SPECIAL = /[\\#*_`$<>@[\]~/=+\-'".]/g; // '.' too: after #strong[…] it would start a field access
const typstEscape = (s) => s.replace(TYPST_SPECIAL, (c) => `\\${c}`);
const typstString = (s) => JSON.stringify(s);

/** Markdown inline → Typst markup: **bold**, *italic* / _italic_, `code`, [text](url); the rest escaped. */
function typstInline(s) {
  const token = /(\*\*[^*]+?\*\*|__[^_]+?__|\*[^*\s][^*]*?\*|_[^_\s][^_]*?_|`[^`]+`|\[[^\]]+\]\([^)\s]+\))/;
  return s
    .split(token)
    .map((part, i) => {
      if (i % 2 === 0) return typstEscape(part);
      if (/^(\*\*|__)/.test(part)) return `#strong[${typstInline(part.slice(2, -2))}]`;
      if (/^[*_]/.test(part)) return `#emph[${typstInline(part.slice(1, -1))}]`;
      if (part.startsWith('`')) return `#raw(${typstString(part.slice(1, -1))})`;
      const l = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(part);
      return `#link(${typstString(l[2])})[${typstInline(l[1])}]`;
    })
    .join('');
}

/** Joins soft-wrapped lines: nothing between two CJK characters, a space otherwise. */
function joinLines(lines) {
  return lines.reduce((acc, l) => {
    if (!acc) return l;
    const cjk = /[\u3000-\u9fff\uff00-\uffef]$/.test(acc) && /^[\u3000-\u9fff\uff00-\uffef]/.test(l);
    return acc + (cjk ? '' : ' ') + l;
  }, '');
}

/** Markdown blocks (headings, paragraphs, lists, quotes, rules) → Typst markup. */
function markdownToTypst(md) {
  const out = [];
  let para = [];
  let quote = [];
  let inList = false;
  // A line after list items starts a paragraph here (CommonMark would continue the last item lazily).
  const endList = () => {
    if (inList) out.push('');
    inList = false;
  };
  const flushPara = () => {
    if (para.length) out.push(typstInline(joinLines(para)), '');
    para = [];
  };
  const flushQuote = () => {
    if (quote.length) out.push(`#quote(block: true)[${typstInline(joinLines(quote))}]`, '');
    quote = [];
  };
  for (const raw of md.split(/\r?\n/)) {
    const line = raw.trim();
    let m;
    if (!line) {
      endList();
      flushPara();
      flushQuote();
    } else if ((m = /^>\s?(.*)$/.exec(line))) {
      flushPara();
      quote.push(m[1]);
    } else if ((m = /^(#{1,6})\s+(.*?)\s*#*$/.exec(line))) {
      flushPara();
      flushQuote();
      out.push(`${'='.repeat(Math.max(2, m[1].length))} ${typstInline(m[2])}`, '');
    } else if (/^([-*_])(\s*\1){2,}$/.test(line)) {
      flushPara();
      flushQuote();
      out.push('#line(length: 100%, stroke: 0.5pt)', '');
    } else if ((m = /^[-*+]\s+(.*)$/.exec(line))) {
      flushPara();
      flushQuote();
      out.push(`- ${typstInline(m[1])}`);
      inList = true;
    } else if ((m = /^\d+[.)]\s+(.*)$/.exec(line))) {
      flushPara();
      flushQuote();
      out.push(`+ ${typstInline(m[1])}`);
      inList = true;
    } else if (quote.length) quote.push(line);
    else {
      endList();
      para.push(line);
    }
  }
  flushPara();
  flushQuote();
  return out.join('\n');
}

function typstDocument(bookTitle, articles) {
  const head = [
    `#set document(title: ${typstString(bookTitle)})`,
    '#set page(paper: "a4", margin: (x: 22mm, y: 25mm), numbering: "1")',
    '#set text(lang: "zh", region: "cn", font: "Noto Serif SC", size: 10.5pt)',
    '#set par(justify: true, leading: 0.9em, first-line-indent: 2em)',
    '#show heading: set text(font: "Noto Sans SC", weight: "bold")',
    '#show heading.where(level: 1): it => { pagebreak(weak: true); it }',
    '',
  ];
  return head.join('\n') + articles.map((a) => `= ${typstInline(a.title)}\n\n${markdownToTypst(a.body)}\n`).join('\n');
}

/** @font-face rules for the four Noto faces, each font file's address given by `src`. */
function fontFaces(src) {
  return [
    ['Noto Serif SC', FONTS.serif, 400],
    ['Noto Serif SC', FONTS.serifBold, 700],
    ['Noto Sans SC', FONTS.sans, 400],
    ['Noto Sans SC', FONTS.sansBold, 700],
  ].map(([family, file, weight]) => `@font-face { font-family: "${family}"; src: ${src(file)}; font-weight: ${weight}; font-style: normal; }`);
}

function printCss() {
  return [
    ...fontFaces((file) => `url("${pathToFileURL(file).href}") format("truetype")`),
    '@page { size: A4; margin: 25mm 22mm; }',
    'html, body { max-width: none; margin: 0; padding: 0; }',
    'body { font-family: "Noto Serif SC", serif; font-size: 10.5pt; line-height: 1.7; text-align: justify; hyphens: none; }',
    'h1, h2, h3, h4 { font-family: "Noto Sans SC", sans-serif; font-weight: 700; text-align: left; }',
    'h1 { break-before: page; font-size: 18pt; } h2 { font-size: 13pt; } h3 { font-size: 11pt; }',
    'p { text-indent: 2em; margin: 0 0 0.4em; }',
    'header#title-block-header { display: none; }',
  ].join('\n');
}

function epubCss() {
  return [
    ...fontFaces((file) => `url("../fonts/${path.basename(file)}")`),
    'body { font-family: "Noto Serif SC", serif; text-align: justify; }',
    'h1, h2, h3 { font-family: "Noto Sans SC", sans-serif; }',
  ].join('\n');
}

// ---------------------------------------------------------------- formatting

const fmtS = (ms) => (ms == null ? '—' : (ms / 1000).toFixed(ms < 10000 ? 2 : 1));
const fmtMB = (kb) => (kb == null ? '—' : (kb / 1024).toFixed(0));
function fmtBytes(b) {
  if (b == null) return '—';
  if (b >= 1024 * 1024) return `${(b / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.round(b / 1024)} KB`;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmtUnit = (x, unit) => (unit === 's' ? `${x.toFixed(2)} s` : unit === '×' ? `${x.toFixed(2)}×` : `${x.toFixed(0)} ${unit}`);
const fmtRatio = (r) => (r == null || !Number.isFinite(r) ? '—' : `${r.toFixed(2)}×`);

function mdTable(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  const align = header.map((h, i) => (i === 0 ? '---' : '---:'));
  return [line(header), line(align), ...rows.map(line)].join('\n');
}

function dirBytes(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.size;
  return fs.readdirSync(p).reduce((a, f) => a + dirBytes(path.join(p, f)), 0);
}

// ---------------------------------------------------------------- main

function machine() {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const cpu = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? '?';
  let commit = '?';
  let dirty = false;
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
  } catch {
    /* not a git checkout */
  }
  return {
    cpu,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    ramGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    date: new Date().toISOString(),
    commit,
    dirty,
  };
}

function main() {
  const opts = parseOptions(process.argv.slice(2));
  if (!fs.existsSync(CLI) || !fs.existsSync(SOURCE_CLI)) {
    console.log('bench: dist/studypack.mjs or dist/cli/main.js missing, compiling (tsc -p . && node scripts/bundle.mjs)');
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', ROOT], { stdio: 'inherit' });
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/bundle.mjs')], { stdio: 'inherit' });
  }
  const method = rssMethod();
  const info = machine();
  const loadStart = os.loadavg();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'studypack-bench-'));
  // STUDYPACK_BENCH_KEEP=1 keeps the temporary folder (corpora, peers' inputs and outputs) for a look afterwards.
  if (process.env.STUDYPACK_BENCH_KEEP) console.log(`bench: keeping ${work}`);
  else process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
  const bookSlug = parseYaml(fs.readFileSync(path.join(SEED, 'book.yaml'), 'utf8')).slug;

  console.log(`studypack bench — ${opts.runs} runs each, fresh process per run; peak RSS via ${method}`);
  console.log(`${info.cpu}, ${info.cores} cores, ${info.ramGiB} GiB, Node ${info.node}, commit ${info.commit.slice(0, 12)}${info.dirty ? ' (+ uncommitted changes)' : ''}\n`);

  const results = [];
  const skipped = [];
  const failures = [];

  /** Runs one measurement `runs` times; each run is a list of steps (commands) run one after another. */
  function measure(m) {
    return measurePaired([m])[0];
  }

  /**
   * Runs measurements in turn, `runs` rounds of one run of each (the order reversed every other round), so
   * that a comparison between them (studypack and Typst on the same articles) is made under the same load.
   * Returns their results (null for one that failed).
   */
  function measurePaired(ms) {
    const state = ms.map((m) => ({ m, runs: [], failed: null }));
    process.stdout.write(`  ${ms.map((m) => m.name).join(' ⇄ ').padEnd(44)} `);
    for (let i = 0; i < opts.runs; i++) {
      const round = i % 2 ? [...state].reverse() : state;
      for (const st of round) {
        if (st.failed) continue;
        const m = st.m;
        m.before?.();
        let ms = 0;
        let rss = null;
        let cpu = 0;
        let machineCpu = 0;
        let failed = null;
        for (const step of m.steps) {
          const r = runOnce(step.cmd, step.args, method, step.env, step.cwd);
          ms += r.ms;
          if (r.rssKB != null) rss = Math.max(rss ?? 0, r.rssKB);
          cpu = r.cpuS == null || cpu == null ? null : cpu + r.cpuS;
          machineCpu = r.machineCpuS == null || machineCpu == null ? null : machineCpu + r.machineCpuS;
          if (!r.ok || (step.expect && !fs.existsSync(step.expect))) {
            failed = { step: step.label ?? path.basename(step.cmd), status: r.status, signal: r.signal, error: r.error, stderr: r.stderr.trim().split('\n').slice(-6).join('\n') };
            break;
          }
        }
        if (failed) {
          process.stdout.write('✗');
          st.failed = failed;
          continue;
        }
        // CPU the rest of the machine used during the run, in cores (other users' builds skew the timing).
        const elsewhere = cpu == null || machineCpu == null ? null : Math.max(0, machineCpu - cpu) / (ms / 1000);
        st.runs.push({ ms, rssKB: rss, cpuS: cpu, elsewhereCores: elsewhere, load: os.loadavg()[0] });
        // The output is measured after the measurement's last run (another's run may remove it).
        st.sizeNow = m.size ? m.size() : null;
        st.pagesNow = m.pdf ? pdfPages(m.pdf()) : null;
        process.stdout.write('.');
      }
    }
    const out = [];
    const lines = [];
    for (const { m, runs, failed } of state) {
      if (failed) {
        failures.push({ name: m.name, ...failed });
        results.push({ ...m.meta, name: m.name, failed });
        lines.push(`${m.name}: failed`);
        out.push(null);
        continue;
      }
      const msList = runs.map((r) => r.ms);
      const rssList = runs.map((r) => r.rssKB).filter((x) => x != null);
      const st = state.find((x) => x.m === m);
      const res = {
        ...m.meta,
        name: m.name,
        runs: runs.length,
        medianMs: median(msList),
        minMs: Math.min(...msList),
        allMs: msList.map((x) => Math.round(x)),
        cpuS: runs.every((r) => r.cpuS != null) ? median(runs.map((r) => r.cpuS)) : null,
        elsewhereCores: runs.every((r) => r.elsewhereCores != null) ? Math.max(...runs.map((r) => r.elsewhereCores)) : null,
        peakRssKB: rssList.length ? Math.max(...rssList) : null,
        load: median(runs.map((r) => r.load)),
        outputBytes: st.sizeNow,
        pages: st.pagesNow,
      };
      const busy = res.elsewhereCores != null && res.elsewhereCores > 0.25 ? ` [other processes busy: up to ${res.elsewhereCores.toFixed(2)} cores]` : '';
      lines.push(`${ms.length > 1 ? `${m.name}: ` : ''}${fmtS(res.medianMs)} s (min ${fmtS(res.minMs)} s)${busy}`);
      results.push(res);
      out.push(res);
    }
    process.stdout.write(` ${lines.join('; ')}\n`);
    return out;
  }

  // ---- studypack
  const node = process.execPath;
  const corpora = [{ label: 'seed', dir: SEED, articles: 5 }];
  for (const n of !opts.scale ? [] : opts.quick ? [200] : [200, 1000]) {
    const dir = path.join(work, `corpus-${n}`);
    execFileSync(node, [path.join(ROOT, 'scripts/make-corpus.mjs'), String(n), dir], { stdio: 'ignore' });
    corpora.push({ label: `${n}`, dir, articles: n });
  }
  const out = path.join(work, 'out');
  const studypack = (corpus, flags, label, cli = CLI) => ({
    name: `studypack ${label}${cli === SOURCE_CLI ? ', source build (dist/cli/main.js)' : ''}${corpus.label === 'seed' ? '' : ` (${corpus.articles} articles)`}`,
    meta: { group: 'studypack', corpus: corpus.label, articles: corpus.articles, flags: flags.join(' ') || '(all)', cli: path.relative(ROOT, cli) },
    before: () => fs.rmSync(out, { recursive: true, force: true }),
    steps: [{ cmd: node, args: [cli, 'build', ...flags, '--corpus', corpus.dir, '--out', out], label: 'studypack' }],
    size: () => dirBytes(out),
    pdf: () => (flags.includes('--sheets') ? path.join(out, 'sheets/all.pdf') : path.join(out, `${bookSlug}.pdf`)),
  });
  // Typst, paired with studypack's --pdf on the same articles (seed and 200) when its npm build is installed.
  const typstPkg = path.join(ROOT, 'node_modules/@myriaddreamin/typst-ts-node-compiler/package.json');
  const typstDir = path.join(work, 'typst');
  const typst = opts.peers && fs.existsSync(typstPkg)
    ? (corpus) => {
        const dir = path.join(typstDir, corpus.label);
        fs.mkdirSync(dir, { recursive: true });
        const book = path.join(dir, 'book.typ');
        const pdf = path.join(dir, 'typst.pdf');
        const bookTitle = String(parseYaml(fs.readFileSync(path.join(corpus.dir, 'book.yaml'), 'utf8')).title);
        fs.writeFileSync(book, typstDocument(bookTitle, corpusArticles(corpus.dir)));
        return {
          name: `Typst (npm build) → PDF${corpus.label === 'seed' ? '' : ` (${corpus.articles} articles)`}`,
          meta: { group: 'peer', tool: 'typst', corpus: corpus.label, articles: corpus.articles, compares: 'build --pdf' },
          before: () => fs.rmSync(pdf, { force: true }),
          steps: [{ cmd: node, args: [path.join(BENCH, 'typst-compile.mjs'), book, pdf, ...Object.values(FONTS)], label: 'typst', expect: pdf }],
          size: () => dirBytes(pdf),
          pdf: () => pdf,
        };
      }
    : null;
  if (typst) (results.versions ??= {}).typst = `@myriaddreamin/typst-ts-node-compiler ${JSON.parse(fs.readFileSync(typstPkg, 'utf8')).version}`;
  const byKey = {};
  const typstPdfs = {};
  console.log('studypack (dist/studypack.mjs, the bundle, unless said)');
  // Start-up alone: the bundle and the source build (tsc's dist/, one file per module).
  byKey['startup bundle'] = measure({
    name: 'studypack --version',
    meta: { group: 'studypack', corpus: '—', articles: '—', flags: '--version', cli: path.relative(ROOT, CLI) },
    steps: [{ cmd: node, args: [CLI, '--version'], label: 'studypack' }],
  });
  byKey['startup source'] = measure({
    name: 'studypack --version, source build (dist/cli/main.js)',
    meta: { group: 'studypack', corpus: '—', articles: '—', flags: '--version', cli: path.relative(ROOT, SOURCE_CLI) },
    steps: [{ cmd: node, args: [SOURCE_CLI, '--version'], label: 'studypack' }],
  });
  // What a user types: npm's own start-up included.
  const npm = which('npm');
  if (npm) {
    byKey['seed npm run build:pdf'] = measure({
      name: '`npm run build:pdf`',
      meta: { group: 'studypack', corpus: 'seed', articles: 5, flags: 'npm run build:pdf', cli: 'scripts/run.mjs' },
      before: () => fs.rmSync(out, { recursive: true, force: true }),
      steps: [{ cmd: npm, args: ['run', 'build:pdf', '--', '--corpus', SEED, '--out', out], cwd: ROOT, label: 'npm run build:pdf' }],
      size: () => dirBytes(out),
      pdf: () => path.join(out, `${bookSlug}.pdf`),
    });
  } else skipped.push({ what: 'npm', line: 'npm: not on PATH — skipped: `npm run build:pdf`' });
  const seedPdfCopy = path.join(work, 'seed-studypack.pdf');
  for (const corpus of corpora) {
    const sets = corpus.label === 'seed' ? [[['--pdf'], 'build --pdf'], [['--epub'], 'build --epub'], [['--sheets'], 'build --sheets'], [[], 'build']] : [[[], 'build'], [['--pdf'], 'build --pdf']];
    for (const [flags, label] of sets) {
      const m = studypack(corpus, flags, label);
      if (flags.includes('--epub')) m.pdf = null;
      const paired = [m];
      // --pdf on the seed and at 200 articles: in turn with the source build (seed) and Typst, same articles.
      if (label === 'build --pdf' && corpus.label === 'seed') paired.push(studypack(corpus, flags, label, SOURCE_CLI));
      if (label === 'build --pdf' && typst && (corpus.label === 'seed' || corpus.label === '200')) paired.push(typst(corpus));
      const [r, ...others] = measurePaired(paired);
      byKey[`${corpus.label} ${label}`] = r;
      for (const [i, o] of others.entries()) {
        const mm = paired[i + 1];
        if (mm.meta.tool === 'typst') {
          byKey[`${corpus.label} typst`] = o;
          if (o && corpus.label === 'seed') typstPdfs.Typst = mm.pdf();
        } else byKey[`${corpus.label} ${label} source`] = o;
      }
      if (r && corpus.label === 'seed' && label === 'build --pdf') fs.copyFileSync(path.join(out, `${bookSlug}.pdf`), seedPdfCopy);
    }
  }

  // ---- peers
  const peerPdfs = {};
  if (opts.peers) {
    console.log('\npeers (the five seed articles)');
    const peerDir = path.join(work, 'peers');
    fs.mkdirSync(peerDir, { recursive: true });
    const articles = corpusArticles(SEED);
    const bookTitle = String(parseYaml(fs.readFileSync(path.join(SEED, 'book.yaml'), 'utf8')).title);
    const mdFiles = articles.map((a, i) => {
      const f = path.join(peerDir, `${String(i + 1).padStart(2, '0')}.md`);
      fs.writeFileSync(f, `# ${a.title}\n\n${a.body}`);
      return f;
    });
    fs.writeFileSync(path.join(peerDir, 'print.css'), printCss());
    fs.writeFileSync(path.join(peerDir, 'epub.css'), epubCss());
    const peerOut = path.join(peerDir, 'out');
    const clean = () => {
      fs.rmSync(peerOut, { recursive: true, force: true });
      fs.mkdirSync(peerOut, { recursive: true });
    };
    const o = (f) => path.join(peerOut, f);
    const meta = (tool, compares) => ({ group: 'peer', tool, corpus: 'seed', articles: articles.length, compares });
    const pandoc = which('pandoc');
    const weasyprint = which('weasyprint');
    const chromium = which('chromium') ?? which('chromium-browser') ?? which('google-chrome');
    const common = ['-f', 'markdown', '--metadata', `title=${bookTitle}`, '--metadata', 'lang=zh-CN'];
    const htmlStep = { cmd: pandoc, args: [...common, '-s', '-t', 'html5', '-c', 'print.css', '-o', 'book.html', ...mdFiles], label: 'pandoc → HTML', expect: path.join(peerDir, 'book.html') };
    const skip = (what, line) => {
      skipped.push({ what, line });
      console.log(`  ${line}`);
    };
    const peerMeasure = (m) => {
      const r = measure({ ...m, before: () => { clean(); fs.rmSync(path.join(peerDir, 'book.html'), { force: true }); } });
      return r;
    };
    const versions = {};
    if (pandoc) {
      versions.pandoc = toolVersion(pandoc);
      peerMeasure({
        name: 'pandoc → EPUB',
        meta: meta('pandoc', 'build --epub'),
        steps: [{ cmd: pandoc, args: [...common, '-t', 'epub3', '-o', o('book.epub'), ...mdFiles], label: 'pandoc', expect: o('book.epub') }],
        size: () => dirBytes(o('book.epub')),
      });
      peerMeasure({
        name: 'pandoc → EPUB, Noto fonts embedded',
        meta: meta('pandoc', 'build --epub'),
        steps: [
          {
            cmd: pandoc,
            args: [...common, '-t', 'epub3', '--css', path.join(peerDir, 'epub.css'), ...Object.values(FONTS).map((f) => `--epub-embed-font=${f}`), '-o', o('book-fonts.epub'), ...mdFiles],
            label: 'pandoc',
            expect: o('book-fonts.epub'),
          },
        ],
        size: () => dirBytes(o('book-fonts.epub')),
      });
    } else skip('pandoc', 'pandoc: not installed (apt-get install pandoc) — skipped: pandoc → EPUB, and the HTML for WeasyPrint and Chromium');
    if (pandoc && weasyprint) {
      versions.weasyprint = toolVersion(weasyprint);
      const r = peerMeasure({
        name: 'pandoc → HTML → WeasyPrint → PDF',
        meta: meta('weasyprint', 'build --pdf'),
        steps: [{ ...htmlStep, cwd: peerDir }, { cmd: weasyprint, args: [path.join(peerDir, 'book.html'), o('weasyprint.pdf')], label: 'weasyprint', expect: o('weasyprint.pdf') }],
        size: () => dirBytes(o('weasyprint.pdf')),
        pdf: () => o('weasyprint.pdf'),
      });
      if (r) peerPdfs['pandoc → HTML → WeasyPrint'] = keep(o('weasyprint.pdf'), 'weasyprint.pdf');
    } else if (!weasyprint) skip('weasyprint', 'weasyprint: not installed (apt-get install weasyprint) — skipped');
    if (pandoc && chromium) {
      versions.chromium = toolVersion(chromium);
      const profile = path.join(peerOut, 'chromium-profile');
      const r = peerMeasure({
        name: 'pandoc → HTML → Chromium → PDF',
        meta: meta('chromium', 'build --pdf'),
        steps: [
          { ...htmlStep, cwd: peerDir },
          {
            cmd: chromium,
            args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', `--user-data-dir=${profile}`, '--no-pdf-header-footer', `--print-to-pdf=${o('chromium.pdf')}`, pathToFileURL(path.join(peerDir, 'book.html')).href],
            label: 'chromium',
            expect: o('chromium.pdf'),
          },
        ],
        size: () => dirBytes(o('chromium.pdf')),
        pdf: () => o('chromium.pdf'),
      });
      if (r) peerPdfs['pandoc → HTML → Chromium'] = keep(o('chromium.pdf'), 'chromium.pdf');
    } else if (!chromium) skip('chromium', 'chromium: not installed (apt-get install chromium) — skipped');
    // Typst ran above, in turn with studypack's --pdf on the same articles.
    if (!typst) skip('typst', 'typst: @myriaddreamin/typst-ts-node-compiler not installed (npm ci) — skipped');
    else if (typstPdfs.Typst) peerPdfs.Typst = keep(typstPdfs.Typst, 'typst.pdf');
    results.versions = { ...versions, ...results.versions };
    function keep(file, name) {
      const dest = path.join(work, name);
      fs.copyFileSync(file, dest);
      return dest;
    }
  }

  // ---- report
  const studyRows = results.filter((r) => r.group === 'studypack');
  const peerRows = results.filter((r) => r.group === 'peer');
  const row = (r) =>
    r.failed
      ? [r.name, r.articles, '0', `failed (${r.failed.step})`, '—', '—', '—', '—', '—', '—']
      : [r.name, r.articles, r.runs, fmtS(r.medianMs), fmtS(r.minMs), r.cpuS == null ? '—' : r.cpuS.toFixed(1), fmtMB(r.peakRssKB), fmtBytes(r.outputBytes), r.pages ?? '—', r.elsewhereCores == null ? '—' : r.elsewhereCores.toFixed(2)];
  const header = ['measurement', 'articles', 'runs', 'median s', 'min s', 'CPU s', 'peak RSS MB', 'output', 'PDF pages', 'busy elsewhere'];
  const BUSY = 0.25;
  const busyNote = (rows) => {
    const busy = rows.filter((r) => r.elsewhereCores != null && r.elsewhereCores > BUSY);
    return busy.length
      ? [`**Other processes were using the machine** during ${busy.map((r) => r.name).join('; ')} (up to ${Math.max(...busy.map((r) => r.elsewhereCores)).toFixed(2)} cores of ${info.cores}): those times are inflated.`, '']
      : [];
  };

  const scaling = [];
  for (const label of ['build', 'build --pdf']) {
    const a = byKey[`200 ${label}`];
    const b = byKey[`1000 ${label}`];
    const per200 = a ? a.medianMs / 200 : null;
    const per1000 = b ? b.medianMs / 1000 : null;
    const cpu200 = a?.cpuS != null ? (1000 * a.cpuS) / 200 : null;
    const cpu1000 = b?.cpuS != null ? (1000 * b.cpuS) / 1000 : null;
    scaling.push({
      label,
      per200Ms: per200,
      per1000Ms: per1000,
      ratio: per200 && per1000 ? per1000 / per200 : null,
      cpuPer200Ms: cpu200,
      cpuPer1000Ms: cpu1000,
      cpuRatio: cpu200 && cpu1000 ? cpu1000 / cpu200 : null,
    });
  }

  const peerTable = peerRows.map((r) => {
    const ours = byKey[`${r.corpus} ${r.compares}`];
    const ratio = !r.failed && ours ? ours.medianMs / r.medianMs : null;
    return [...row(r), r.compares, fmtRatio(ratio)];
  });

  const sizes = [];
  if (fs.existsSync(seedPdfCopy)) sizes.push({ what: `studypack build --pdf (${bookSlug}.pdf)`, ...pdfSizes(seedPdfCopy) });
  for (const [what, f] of Object.entries(peerPdfs)) sizes.push({ what, ...pdfSizes(f) });
  const pct = (x, t) => (x == null ? '—' : `${fmtBytes(x)} (${((100 * x) / t).toFixed(0)}%)`);
  const sizeRows = sizes.map((s) => [s.what, fmtBytes(s.total), pct(s.fonts, s.total), pct(s.content, s.total), pct(s.toUnicode, s.total), pct(s.images, s.total), pct(s.otherStreams, s.total), pct(s.structure, s.total)]);
  const sizeHeader = ['PDF', 'total', 'font programs', 'content streams', 'ToUnicode', 'images', 'other streams', 'dictionaries, xref'];

  // Watch mode: one session, one article edited and rebuilt again and again (bench/watch.mjs, its own process).
  const watchRun = spawnSync(process.execPath, [path.join(BENCH, 'watch.mjs'), SEED, '--runs', String(Math.max(opts.runs, 5))], { encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
  let watch = null;
  try {
    watch = JSON.parse(watchRun.stdout);
  } catch {
    failures.push({ name: 'watch', step: 'bench/watch.mjs', status: watchRun.status, signal: watchRun.signal, error: watchRun.error?.message, stderr: watchRun.stderr });
  }
  // The fonts' first use, step by step, in fresh processes (bench/fonts.mjs): the measure behind the font-cache decision.
  const fontRuns = [];
  for (let i = 0; i < Math.max(opts.runs, 5); i++) {
    const r = spawnSync(process.execPath, [path.join(BENCH, 'fonts.mjs'), ...Object.values(FONTS)], { cwd: ROOT, encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
    try {
      fontRuns.push(JSON.parse(r.stdout));
    } catch {
      failures.push({ name: 'fonts', step: 'bench/fonts.mjs', status: r.status, signal: r.signal, error: r.error?.message, stderr: r.stderr });
      break;
    }
  }
  const fontSteps = fontRuns.length ? Object.keys(fontRuns[0].steps).map((k) => ({ step: k, medianMs: median(fontRuns.map((f) => f.steps[k])) })) : [];
  const loadEnd = os.loadavg();

  // The targets of issue 16, each with what this run measured.
  const targetRows = [];
  const target = (what, goal, measured, value, limit, unit, row = null) => {
    let verdict = 'not measured';
    if (value != null) verdict = value <= limit ? `met (${fmtUnit(limit - value, unit)} under)` : `**missed** by ${fmtUnit(value - limit, unit)} (${(value / limit).toFixed(2)}× the target)`;
    const cpu = row?.cpuS != null ? `${row.cpuS.toFixed(2)} s` : '—';
    const busy = row?.elsewhereCores != null ? row.elsewhereCores.toFixed(2) : '—';
    targetRows.push({ what, goal, measured: value == null ? '—' : measured, verdict, cpu, busy, met: value != null && value <= limit });
  };
  const ok = (r) => (r && !r.failed ? r : null);
  const npmRow = ok(byKey['seed npm run build:pdf']);
  target('`npm run build:pdf`, seed (npm included)', '≤ 0.5 s', `${fmtS(npmRow?.medianMs)} s`, npmRow ? npmRow.medianMs / 1000 : null, 0.5, 's', npmRow);
  const pdfRow = ok(byKey['seed build --pdf']);
  target('`studypack build --pdf`, seed', '≤ 0.4 s', `${fmtS(pdfRow?.medianMs)} s`, pdfRow ? pdfRow.medianMs / 1000 : null, 0.4, 's', pdfRow);
  const fullRow = ok(byKey['seed build']);
  target('full pack (PDF + EPUB + sheets), seed', '≤ 0.8 s', `${fmtS(fullRow?.medianMs)} s`, fullRow ? fullRow.medianMs / 1000 : null, 0.8, 's', fullRow);
  const p200 = ok(byKey['200 build --pdf']);
  const t200 = ok(byKey['200 typst']);
  const ratio200 = p200 && t200 ? p200.medianMs / t200.medianMs : null;
  target('200 articles `--pdf`, ÷ Typst on the same articles, same run', '≤ 1.5×', ratio200 == null ? '—' : `${fmtS(p200.medianMs)} s ÷ ${fmtS(t200.medianMs)} s = ${ratio200.toFixed(2)}×`, ratio200, 1.5, '×', p200);
  const full1000 = ok(byKey['1000 build']);
  target('1,000 articles, full pack: time', '≤ 20 s', `${fmtS(full1000?.medianMs)} s`, full1000 ? full1000.medianMs / 1000 : null, 20, 's', full1000);
  target('1,000 articles, full pack: peak RSS', '≤ 600 MB', `${fmtMB(full1000?.peakRssKB)} MB`, full1000?.peakRssKB != null ? full1000.peakRssKB / 1024 : null, 600, 'MB', full1000);
  const watchAll = watch?.find((w) => w.outputs === 'pdf+epub+sheets');
  target('watch: one article edited → every output written', '≤ 150 ms', `${watchAll?.editMedianMs ?? '—'} ms`, watchAll?.editMedianMs ?? null, 150, 'ms');
  const targetTable = mdTable(
    ['target (issue 16)', 'goal', 'this run (median)', 'verdict', 'CPU s (studypack)', 'busy elsewhere'],
    targetRows.map((t) => [t.what, t.goal, t.measured, t.verdict, t.cpu, t.busy]),
  );
  const loadNote = `1-minute load average ${loadStart[0].toFixed(1)} at the start, ${loadEnd[0].toFixed(1)} at the end`;

  const md = [];
  md.push('# studypack benchmark results', '');
  md.push(`Written by \`npm run bench\` (bench/bench.mjs)${opts.quick ? ' with --quick' : ''}: ${opts.runs} runs per measurement, each in a fresh process.`, '');
  md.push('| machine | |', '| --- | --- |');
  md.push(`| CPU | ${info.cpu} |`, `| cores | ${info.cores} |`, `| RAM | ${info.ramGiB} GiB |`, `| OS | ${info.os} |`, `| Node | ${info.node} |`);
  md.push(`| date | ${info.date} |`, `| commit | ${info.commit}${info.dirty ? ' (with uncommitted changes)' : ''} |`, `| peak RSS | ${method === 'gnu-time' ? 'GNU time %M (largest single process of the run)' : method === 'python3' ? 'python3 getrusage(RUSAGE_CHILDREN)' : 'process.resourceUsage() of the Node child (other tools: not measured)'} |`);
  md.push(`| load | ${loadNote} |`);
  for (const [k, v] of Object.entries(results.versions ?? {})) md.push(`| ${k} | ${v} |`);
  md.push('');
  md.push('## Targets', '', `Issue 16's targets against this run's medians${opts.quick ? ' (--quick: no 1,000-article corpus)' : ''}. When other processes use the machine ("busy elsewhere", in cores, above ${BUSY} means disturbed) wall times are inflated; the CPU time (user + system, the child and what it waited for) is less so.`, '');
  md.push(targetTable, '');
  md.push('## studypack', '', 'Seed corpus: 5 articles. Larger corpora: scripts/make-corpus.mjs N (the seed articles repeated, unique titles and slugs). Output: all files written; pages: the handout PDF (sheets: sheets/all.pdf). `studypack` is the bundle (dist/studypack.mjs, what package.json\'s "bin" and the npm scripts run); "source build" is tsc\'s dist/cli/main.js, one file per module, run in turn with it. `npm run build:pdf` includes npm\'s own start-up and scripts/run.mjs\'s check that the bundle is up to date.', '');
  md.push('CPU s: the child\'s user + system CPU time (median run). Busy elsewhere: CPU used by other processes on the machine during the worst run, in cores (from /proc/stat less the child\'s own CPU); above ' + BUSY + ' the timing was disturbed.', '');
  md.push(mdTable(header, studyRows.map(row)), '');
  md.push(...busyNote(studyRows));
  md.push('### Time per article', '');
  const verdict = (r) => (r == null ? '—' : `${r.toFixed(2)}× ${r <= 1.5 ? '(met)' : '(NOT met)'}`);
  md.push('Wall time (median) and CPU time (median) per article; the linearity target is 1,000-article time per article ≤ 1.5 × the 200-article one.', '');
  md.push(
    mdTable(
      ['build', 'wall ms/article at 200', 'at 1,000', '1,000 vs 200 (target ≤ 1.5×)', 'CPU ms/article at 200', 'at 1,000', '1,000 vs 200'],
      scaling.map((s) => [s.label, s.per200Ms?.toFixed(1) ?? '—', s.per1000Ms?.toFixed(1) ?? '—', verdict(s.ratio), s.cpuPer200Ms?.toFixed(1) ?? '—', s.cpuPer1000Ms?.toFixed(1) ?? '—', verdict(s.cpuRatio)]),
    ),
    '',
  );
  if (opts.peers) {
    md.push('## Peers (the same articles)', '');
    md.push('studypack ÷ peer: studypack\'s median time for the comparable build over the peer\'s median (below 1 = studypack is faster). The peers get the five seed articles as plain Markdown (front matter → title heading), or converted to Typst markup; that preparation is not timed. Typst runs in turn with studypack\'s `build --pdf` on the same articles (5, and 200 from scripts/make-corpus.mjs), one run of each after the other. studypack\'s PDF also has a cover, contents, glossary and index that the peers\' do not.', '');
    md.push(mdTable([...header, 'compared with studypack', 'studypack ÷ peer'], peerTable), '');
    md.push(...busyNote(peerRows));
    for (const s of skipped) md.push(`- ${s.line}`);
    if (skipped.length) md.push('');
  }
  if (watch) {
    md.push('## Watch mode', '', 'One `BuildSession` (what `studypack watch` runs): a first build, then the first seed article edited and rebuilt (a new sentence each time). The time is the rebuild and the writing of every output; target (issue 16): every output in 150 ms.', '');
    md.push(mdTable(['outputs', 'first build ms', 'edit → written, median ms', 'min ms', 'reused / made again', 'edits'], watch.map((w) => [w.outputs, w.coldMs, w.editMedianMs, w.editMinMs, `${w.reused} / ${w.made}`, w.runs])), '');
  }
  if (fontSteps.length) {
    const total = fontSteps.reduce((a, f) => a + f.medianMs, 0);
    const cacheable = fontSteps.filter((f) => /cmap|advance/.test(f.step)).reduce((a, f) => a + f.medianMs, 0);
    md.push('## Fonts: first use', '', `The four Noto faces (${fmtBytes(fontRuns[0].bytes)}) used for the first time in a fresh process (bench/fonts.mjs, median of ${fontRuns.length} processes; ms, summed over the faces). A cache of the layout's metrics (cmap and advances, keyed by the font's SHA-1) could save at most the cmap and advance steps, ${cacheable.toFixed(0)} of ${total.toFixed(0)} ms; the painter shapes every run with fontkit and the subsetter decodes the outlines, so a cold \`build --pdf\` reads those tables anyway.`, '');
    md.push(mdTable(['step', 'median ms'], [...fontSteps.map((f) => [f.step, f.medianMs.toFixed(1)]), ['all', total.toFixed(1)]]), '');
  }
  md.push('## Sizes', '', 'Where the bytes of each PDF go (stream lengths as stored, i.e. compressed).', '');
  md.push(mdTable(sizeHeader, sizeRows), '');
  for (const s of sizes) {
    if (s.fontPrograms?.length) md.push(`- ${s.what}: ${s.fontPrograms.map((f) => `${f.name} ${fmtBytes(f.bytes)}`).join(', ')}${s.note ? ` — ${s.note}` : ''}`);
    else if (s.note) md.push(`- ${s.what}: ${s.note}`);
  }
  md.push('');
  if (failures.length) {
    md.push('## Failures', '');
    for (const f of failures) md.push(`- ${f.name}: step ${f.step} ${f.status != null ? `exited ${f.status}` : f.signal ? `was stopped by ${f.signal}` : `failed: ${f.error ?? 'unknown'}`}`, '', '```', f.stderr || '(no stderr)', '```', '');
  }
  const text = md.join('\n');
  console.log(`\n${text}`);
  if (opts.write) {
    fs.writeFileSync(path.join(BENCH, 'results.md'), text);
    const json = { machine: info, load: { start: loadStart, end: loadEnd }, options: { runs: opts.runs, quick: opts.quick, peers: opts.peers, scale: opts.scale }, rssMethod: method, versions: results.versions ?? {}, results: [...results], targets: targetRows, scaling, watch, fonts: fontSteps, sizes, skipped, failures };
    fs.writeFileSync(path.join(BENCH, 'results.json'), JSON.stringify(json, null, 2) + '\n');
    console.log('wrote bench/results.md and bench/results.json');
    // The README's summary, between its markers: the targets and the main rows of this run.
    const summaryRows = results.filter((r) => !r.failed && (r.group === 'studypack' || r.tool === 'typst'));
    const readmeBlock = [
      `Last run (\`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`, ${info.date.slice(0, 10)}, ${info.cpu}, ${info.cores} cores, ${info.ramGiB} GiB, Node ${info.node}, ${loadNote}${opts.quick ? '; --quick: no 1,000-article corpus' : ''}; medians of ${opts.runs} runs, each a fresh process; all tables in [\`bench/results.md\`](bench/results.md)):`,
      '',
      targetTable,
      '',
      mdTable(
        ['build', 'articles', 'median', 'peak RSS', 'output', 'busy elsewhere'],
        summaryRows.map((r) => [r.name, r.articles, `${fmtS(r.medianMs)} s`, r.peakRssKB == null ? '—' : `${fmtMB(r.peakRssKB)} MB`, `${fmtBytes(r.outputBytes)}${r.pages ? `, ${r.pages} pages` : ''}`, r.elsewhereCores == null ? '—' : r.elsewhereCores.toFixed(2)]),
      ),
      '',
      `Watch mode, one article edited: PDF written in ${watch?.find((w) => w.outputs === 'pdf')?.editMedianMs ?? '—'} ms, every output in ${watchAll?.editMedianMs ?? '—'} ms.`,
      ...readmeNotes(),
    ].join('\n');
    writeReadmeBlock(readmeBlock);
    function readmeNotes() {
      const notes = [];
      const sc = scaling.find((x) => x.label === 'build');
      if (sc?.ratio != null) notes.push(`Per article, 1,000 articles cost ${sc.ratio.toFixed(2)}× what 200 do (full pack).`);
      const peers = peerRows.filter((r) => !r.failed && r.corpus === 'seed').map((r) => `${r.name} ${fmtS(r.medianMs)} s`);
      if (peers.length) notes.push(`On the same five articles, in the same run: ${peers.join(', ')}.`);
      const seed = sizes[0];
      if (seed?.fonts != null) notes.push(`The seed PDF is ${fmtBytes(seed.total)}: ${fmtBytes(seed.fonts)} subset fonts, ${fmtBytes(seed.content)} content streams, ${fmtBytes(seed.structure)} structure (a tagged PDF), ${fmtBytes(seed.toUnicode)} ToUnicode maps.`);
      return notes.length ? ['', notes.join(' ')] : [];
    }
    console.log('wrote the README\'s "Performance" summary');
  }
  if (failures.length) process.exitCode = 1;
}

const README_START = '<!-- bench:start (generated by npm run bench: bench/bench.mjs; do not edit) -->';
const README_END = '<!-- bench:end -->';

/** Replaces the README's bench summary, between its two markers, with `body`. */
function writeReadmeBlock(body) {
  const file = path.join(ROOT, 'README.md');
  const text = fs.readFileSync(file, 'utf8');
  const i = text.indexOf(README_START);
  const j = text.indexOf(README_END);
  if (i < 0 || j < i) throw new Error(`README.md lacks the markers ${README_START} … ${README_END}`);
  fs.writeFileSync(file, `${text.slice(0, i + README_START.length)}\n${body}\n${text.slice(j)}`);
}

// Run when executed (`node bench/bench.mjs`); importing it only gives the helpers below.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();

export { markdownToTypst, typstDocument, typstInline, pdfPages, pdfSizes };
