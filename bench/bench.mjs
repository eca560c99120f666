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
const CLI = path.join(ROOT, 'dist/cli/main.js');
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
  return { ms, rssKB, cpuS, machineCpuS, ok, status: r.status, error: r.error?.message, stderr: (r.stderr ?? '').slice(-2000), stdout: (r.stdout ?? '').slice(-2000) };
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

/** The seed's articles as plain Markdown: front matter dropped, the title as a level-1 heading. */
function seedArticles() {
  return fs
    .readdirSync(SEED)
    .filter((f) => /^\d+-.*\.md$/.test(f))
    .sort()
    .map((f) => {
      const text = fs.readFileSync(path.join(SEED, f), 'utf8');
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
  if (!fs.existsSync(CLI)) {
    console.log('bench: dist/cli/main.js missing, compiling (tsc -p .)');
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', ROOT], { stdio: 'inherit' });
  }
  const method = rssMethod();
  const info = machine();
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

  /** Runs a measurement `runs` times; each run is a list of steps (commands) run one after another. */
  function measure(m) {
    const runs = [];
    process.stdout.write(`  ${m.name.padEnd(44)} `);
    for (let i = 0; i < opts.runs; i++) {
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
          failed = { step: step.label ?? path.basename(step.cmd), status: r.status, error: r.error, stderr: r.stderr.trim().split('\n').slice(-6).join('\n') };
          break;
        }
      }
      if (failed) {
        process.stdout.write('✗\n');
        failures.push({ name: m.name, ...failed });
        results.push({ ...m.meta, name: m.name, failed });
        return null;
      }
      // CPU the rest of the machine used during the run, in cores (other users' builds skew the timing).
      const elsewhere = cpu == null || machineCpu == null ? null : Math.max(0, machineCpu - cpu) / (ms / 1000);
      runs.push({ ms, rssKB: rss, cpuS: cpu, elsewhereCores: elsewhere });
      process.stdout.write('.');
    }
    const ms = runs.map((r) => r.ms);
    const rssList = runs.map((r) => r.rssKB).filter((x) => x != null);
    const res = {
      ...m.meta,
      name: m.name,
      runs: runs.length,
      medianMs: median(ms),
      minMs: Math.min(...ms),
      allMs: ms.map((x) => Math.round(x)),
      cpuS: runs.every((r) => r.cpuS != null) ? median(runs.map((r) => r.cpuS)) : null,
      elsewhereCores: runs.every((r) => r.elsewhereCores != null) ? Math.max(...runs.map((r) => r.elsewhereCores)) : null,
      peakRssKB: rssList.length ? Math.max(...rssList) : null,
      outputBytes: m.size ? m.size() : null,
      pages: m.pdf ? pdfPages(m.pdf()) : null,
    };
    const busy = res.elsewhereCores != null && res.elsewhereCores > 0.25 ? `  [other processes busy: up to ${res.elsewhereCores.toFixed(2)} cores]` : '';
    process.stdout.write(` ${fmtS(res.medianMs)} s (min ${fmtS(res.minMs)} s)${busy}\n`);
    results.push(res);
    return res;
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
  const studypack = (corpus, flags, label) => ({
    name: `studypack ${label}${corpus.label === 'seed' ? '' : ` (${corpus.articles} articles)`}`,
    meta: { group: 'studypack', corpus: corpus.label, articles: corpus.articles, flags: flags.join(' ') || '(all)' },
    before: () => fs.rmSync(out, { recursive: true, force: true }),
    steps: [{ cmd: node, args: [CLI, 'build', ...flags, '--corpus', corpus.dir, '--out', out], label: 'studypack' }],
    size: () => dirBytes(out),
    pdf: () => (flags.includes('--sheets') ? path.join(out, 'sheets/all.pdf') : path.join(out, `${bookSlug}.pdf`)),
  });
  const byKey = {};
  console.log('studypack');
  const seedPdfCopy = path.join(work, 'seed-studypack.pdf');
  for (const corpus of corpora) {
    const sets = corpus.label === 'seed' ? [[['--pdf'], 'build --pdf'], [['--epub'], 'build --epub'], [['--sheets'], 'build --sheets'], [[], 'build']] : [[[], 'build'], [['--pdf'], 'build --pdf']];
    for (const [flags, label] of sets) {
      const m = studypack(corpus, flags, label);
      if (flags.includes('--epub')) m.pdf = null;
      const r = measure(m);
      byKey[`${corpus.label} ${label}`] = r;
      if (r && corpus.label === 'seed' && label === 'build --pdf') fs.copyFileSync(path.join(out, `${bookSlug}.pdf`), seedPdfCopy);
    }
  }

  // ---- peers
  const peerPdfs = {};
  if (opts.peers) {
    console.log('\npeers (the five seed articles)');
    const peerDir = path.join(work, 'peers');
    fs.mkdirSync(peerDir, { recursive: true });
    const articles = seedArticles();
    const bookTitle = String(parseYaml(fs.readFileSync(path.join(SEED, 'book.yaml'), 'utf8')).title);
    const mdFiles = articles.map((a, i) => {
      const f = path.join(peerDir, `${String(i + 1).padStart(2, '0')}.md`);
      fs.writeFileSync(f, `# ${a.title}\n\n${a.body}`);
      return f;
    });
    fs.writeFileSync(path.join(peerDir, 'print.css'), printCss());
    fs.writeFileSync(path.join(peerDir, 'epub.css'), epubCss());
    fs.writeFileSync(path.join(peerDir, 'book.typ'), typstDocument(bookTitle, articles));
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
    const typstPkg = path.join(ROOT, 'node_modules/@myriaddreamin/typst-ts-node-compiler/package.json');
    if (fs.existsSync(typstPkg)) {
      versions.typst = `@myriaddreamin/typst-ts-node-compiler ${JSON.parse(fs.readFileSync(typstPkg, 'utf8')).version}`;
      const r = peerMeasure({
        name: 'Typst (npm build) → PDF',
        meta: meta('typst', 'build --pdf'),
        steps: [{ cmd: node, args: [path.join(BENCH, 'typst-compile.mjs'), path.join(peerDir, 'book.typ'), o('typst.pdf'), ...Object.values(FONTS)], label: 'typst', expect: o('typst.pdf') }],
        size: () => dirBytes(o('typst.pdf')),
        pdf: () => o('typst.pdf'),
      });
      if (r) peerPdfs['Typst'] = keep(o('typst.pdf'), 'typst.pdf');
    } else skip('typst', 'typst: @myriaddreamin/typst-ts-node-compiler not installed (npm ci) — skipped');
    results.versions = versions;
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
    const ours = byKey[`seed ${r.compares}`];
    const ratio = !r.failed && ours ? ours.medianMs / r.medianMs : null;
    return [...row(r), r.compares, fmtRatio(ratio)];
  });

  const sizes = [];
  if (fs.existsSync(seedPdfCopy)) sizes.push({ what: `studypack build --pdf (${bookSlug}.pdf)`, ...pdfSizes(seedPdfCopy) });
  for (const [what, f] of Object.entries(peerPdfs)) sizes.push({ what, ...pdfSizes(f) });
  const pct = (x, t) => (x == null ? '—' : `${fmtBytes(x)} (${((100 * x) / t).toFixed(0)}%)`);
  const sizeRows = sizes.map((s) => [s.what, fmtBytes(s.total), pct(s.fonts, s.total), pct(s.content, s.total), pct(s.toUnicode, s.total), pct(s.images, s.total), pct(s.otherStreams, s.total), pct(s.structure, s.total)]);
  const sizeHeader = ['PDF', 'total', 'font programs', 'content streams', 'ToUnicode', 'images', 'other streams', 'dictionaries, xref'];

  const md = [];
  md.push('# studypack benchmark results', '');
  md.push(`Written by \`npm run bench\` (bench/bench.mjs)${opts.quick ? ' with --quick' : ''}: ${opts.runs} runs per measurement, each in a fresh process.`, '');
  md.push('| machine | |', '| --- | --- |');
  md.push(`| CPU | ${info.cpu} |`, `| cores | ${info.cores} |`, `| RAM | ${info.ramGiB} GiB |`, `| OS | ${info.os} |`, `| Node | ${info.node} |`);
  md.push(`| date | ${info.date} |`, `| commit | ${info.commit}${info.dirty ? ' (with uncommitted changes)' : ''} |`, `| peak RSS | ${method === 'gnu-time' ? 'GNU time %M (largest single process of the run)' : method === 'python3' ? 'python3 getrusage(RUSAGE_CHILDREN)' : 'process.resourceUsage() of the Node child (other tools: not measured)'} |`);
  for (const [k, v] of Object.entries(results.versions ?? {})) md.push(`| ${k} | ${v} |`);
  md.push('');
  md.push('## studypack', '', 'Seed corpus: 5 articles. Larger corpora: scripts/make-corpus.mjs N (the seed articles repeated, unique titles and slugs). Output: all files written; pages: the handout PDF (sheets: sheets/all.pdf).', '');
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
    md.push('## Peers (the same five seed articles)', '');
    md.push('studypack ÷ peer: studypack\'s median time for the comparable build over the peer\'s median (below 1 = studypack is faster). The peers get the articles as plain Markdown (front matter → title heading), or converted to Typst markup; that preparation is not timed. studypack\'s PDF also has a cover, contents, glossary and index that the peers\' do not.', '');
    md.push(mdTable([...header, 'compared with studypack', 'studypack ÷ peer'], peerTable), '');
    md.push(...busyNote(peerRows));
    for (const s of skipped) md.push(`- ${s.line}`);
    if (skipped.length) md.push('');
  }
  // Watch mode: one session, one article edited and rebuilt again and again (bench/watch.mjs, its own process).
  const watchRun = spawnSync(process.execPath, [path.join(BENCH, 'watch.mjs'), SEED, '--runs', String(Math.max(opts.runs, 5))], { encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
  let watch = null;
  try {
    watch = JSON.parse(watchRun.stdout);
  } catch {
    failures.push({ name: 'watch', step: 'bench/watch.mjs', status: watchRun.status, error: watchRun.error?.message, stderr: watchRun.stderr });
  }
  if (watch) {
    md.push('## Watch mode', '', 'One `BuildSession` (what `studypack watch` runs): a first build, then the first seed article edited and rebuilt (a new sentence each time). The time is the rebuild and the writing of every output; target: under 200 ms.', '');
    md.push(mdTable(['outputs', 'first build ms', 'edit → written, median ms', 'min ms', 'reused / made again', 'edits'], watch.map((w) => [w.outputs, w.coldMs, w.editMedianMs, w.editMinMs, `${w.reused} / ${w.made}`, w.runs])), '');
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
    for (const f of failures) md.push(`- ${f.name}: step ${f.step} exited ${f.status ?? f.error}`, '', '```', f.stderr || '(no stderr)', '```', '');
  }
  const text = md.join('\n');
  console.log(`\n${text}`);
  if (opts.write) {
    fs.writeFileSync(path.join(BENCH, 'results.md'), text);
    const json = { machine: info, options: { runs: opts.runs, quick: opts.quick, peers: opts.peers, scale: opts.scale }, rssMethod: method, versions: results.versions ?? {}, results: [...results], scaling, watch, sizes, skipped, failures };
    fs.writeFileSync(path.join(BENCH, 'results.json'), JSON.stringify(json, null, 2) + '\n');
    console.log('wrote bench/results.md and bench/results.json');
  }
  if (failures.length) process.exitCode = 1;
}

// Run when executed (`node bench/bench.mjs`); importing it only gives the helpers below.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();

export { markdownToTypst, typstDocument, typstInline, pdfPages, pdfSizes };
