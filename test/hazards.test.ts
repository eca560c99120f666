import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { BOOK_YAML, FIXTURES, ROOT, SEED_CORPUS, tempDir } from './helpers/corpus.js';
import { epubcheck } from './helpers/tools.js';

const CLI = path.join(ROOT, 'dist/cli/main.js');
const HAZARDS = path.join(FIXTURES, 'hazards');
const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Copies a hazard's folder into a fresh corpus (with a book.yaml) and runs the real CLI on it. */
function runHazard(name: string, extra: (dir: string) => void = () => {}, args: string[] = []) {
  const corpus = tempDir(`studypack-hazard-${name}-`);
  const out = tempDir('studypack-hazard-out-');
  made.push(corpus, out);
  fs.cpSync(path.join(HAZARDS, name), corpus, { recursive: true });
  fs.writeFileSync(path.join(corpus, 'book.yaml'), BOOK_YAML);
  extra(corpus);
  const r = spawnSync(process.execPath, [CLI, 'build', '--corpus', corpus, '--out', out, ...args], {
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600', NO_COLOR: '1' },
    timeout: 240_000,
    maxBuffer: 64 << 20,
  });
  const diagnostics = r.stderr
    .split('\n')
    .map((l) => /^(.+?):(\d+):(\d+): (error|warning): (.*) \[([\w:-]+)\]$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ file: path.basename(m[1]!), line: Number(m[2]), severity: m[4], rule: m[6] }));
  const files = fs.existsSync(out) ? (fs.readdirSync(out, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(out, f)).isFile()) : [];
  return { status: r.status, stderr: r.stderr, diagnostics, out, files };
}

/**
 * The same hazard without front matter: each article's `---` block becomes its title as a `# ` heading
 * followed by blank lines, so every later line keeps its number (and its bytes: BOM, CRLF, other encodings).
 */
function stripFrontMatter(dir: string) {
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.md'))) {
    const bytes = fs.readFileSync(path.join(dir, f));
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(0, 3) : Buffer.alloc(0);
    const lines = bytes.subarray(bom.length).toString('latin1').split('\n');
    if (lines[0]!.replace(/\r$/, '') !== '---') continue;
    const end = lines.findIndex((l, i) => i > 0 && l.replace(/\r$/, '') === '---');
    const cr = lines[0]!.endsWith('\r') ? '\r' : '';
    const given = Buffer.from((lines.slice(1, end).find((l) => l.startsWith('title:')) ?? 'title: x').slice(6).trim(), 'latin1');
    let title = given;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(given);
    } catch {
      title = Buffer.from('x');
    }
    const head = Buffer.concat([Buffer.from('# '), title, Buffer.from(cr + '\n' + `${cr}\n`.repeat(end))]);
    fs.writeFileSync(path.join(dir, f), Buffer.concat([bom, head, Buffer.from(lines.slice(end + 1).join('\n'), 'latin1')]));
  }
}

function runHazardWithoutFrontMatter(name: string, extra: (dir: string) => void = () => {}, args: string[] = []) {
  return runHazard(
    name,
    (dir) => {
      stripFrontMatter(dir);
      extra(dir);
    },
    args,
  );
}

/** No crash: no stack trace, no internal error. */
function expectNoCrash(stderr: string) {
  expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  expect(stderr).not.toMatch(/internal error|TypeError|RangeError|ReferenceError/);
}

/** Every output there is complete and valid: qpdf for PDFs, epubcheck for the EPUB. */
function expectValidOutputs(out: string, files: string[]) {
  expect(files.sort()).toEqual([
    'sheets/01-a.pdf',
    'sheets/all.pdf',
    'test-book.epub',
    'test-book.pdf',
  ]);
  for (const f of files.filter((x) => x.endsWith('.pdf'))) {
    const r = spawnSync('qpdf', ['--check', path.join(out, f)], { encoding: 'utf8' });
    expect(r.status, `${f}: ${r.stdout}`).toBe(0);
  }
  const report = epubcheck(path.join(out, 'test-book.epub'));
  expect(report.messages).toEqual([]);
}

const ERRORS: [string, number, string][] = [
  ['broken-yaml', 4, 'load:front-matter'],
  ['unterminated', 1, 'load:front-matter'],
  ['wrong-type', 3, 'load:front-matter'],
  ['not-utf8', 2, 'load:encoding'],
  ['empty', 1, 'load:empty'],
  ['duplicate-slug', 3, 'load:duplicate'],
  ['duplicate-title', 2, 'load:duplicate'],
  ['billion-laughs', 2, 'load:front-matter'],
];

describe('hostile input: errors are diagnostics with file and line, exit 1, nothing written', () => {
  it.each(ERRORS)('%s', (name, line, rule) => {
    const r = runHazard(name);
    expectNoCrash(r.stderr);
    expect(r.status).toBe(1);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ line, rule });
    expect(r.files).toEqual([]);
  });

});

// A bad image never stops the pack: a warning at its line, its alt text printed instead, the outputs valid.
const IMAGE_WARNINGS = ['missing-image', 'corrupt-image', 'unsupported-image', 'path-escape', 'absolute-path'];

describe('bad images: a warning with file and line, the alt text shown, the pack built', () => {
  it.each(IMAGE_WARNINGS)('%s', (name) => {
    const r = runHazard(name);
    expectNoCrash(r.stderr);
    expect(r.status).toBe(0);
    expect(r.diagnostics).toContainEqual({ file: '01-a.md', line: 8, severity: 'warning', rule: 'load:image' });
    expectValidOutputs(r.out, r.files);
  }, 240_000);

  it('symlink-out: an image that links out of the corpus folder is refused (not embedded), with a warning', () => {
    const outside = tempDir('studypack-outside-');
    made.push(outside);
    fs.copyFileSync(path.join(FIXTURES, 'images/red.png'), path.join(outside, 'secret.png'));
    const r = runHazard('symlink-out', (dir) => fs.symlinkSync(path.join(outside, 'secret.png'), path.join(dir, 'link.png')));
    expectNoCrash(r.stderr);
    expect(r.status).toBe(0);
    expect(r.diagnostics).toContainEqual({ file: '01-a.md', line: 8, severity: 'warning', rule: 'load:image' });
    expectValidOutputs(r.out, r.files);
    const pdf = fs.readFileSync(path.join(r.out, 'test-book.pdf'));
    expect(pdf.includes(Buffer.from('/Subtype /Image'))).toBe(false);
  }, 240_000);
});

/** Hazards that are not about front matter, with the front matter taken out: the same errors at the same lines. */
const ERRORS_WITHOUT_FRONT_MATTER: [string, number, string][] = [
  ['not-utf8', 6, 'load:encoding'],
  ['empty', 1, 'load:empty'],
];

describe('the same hostile input without front matter: the same errors at the same lines', () => {
  it.each(ERRORS_WITHOUT_FRONT_MATTER)('%s', (name, line, rule) => {
    const r = runHazardWithoutFrontMatter(name);
    expectNoCrash(r.stderr);
    expect(r.status).toBe(1);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ line, rule });
    expect(r.files).toEqual([]);
  });

  it.each(IMAGE_WARNINGS)('%s: a warning at its line, the pack built', (name) => {
    const r = runHazardWithoutFrontMatter(name);
    expectNoCrash(r.stderr);
    expect(r.status).toBe(0);
    expect(r.diagnostics).toContainEqual({ file: '01-a.md', line: 8, severity: 'warning', rule: 'load:image' });
    expectValidOutputs(r.out, r.files);
  }, 240_000);

  it('symlink-out', () => {
    const outside = tempDir('studypack-outside-');
    made.push(outside);
    fs.copyFileSync(path.join(FIXTURES, 'images/red.png'), path.join(outside, 'secret.png'));
    const r = runHazardWithoutFrontMatter('symlink-out', (dir) => fs.symlinkSync(path.join(outside, 'secret.png'), path.join(dir, 'link.png')));
    expectNoCrash(r.stderr);
    expect(r.status).toBe(0);
    expect(r.diagnostics).toContainEqual({ file: '01-a.md', line: 8, severity: 'warning', rule: 'load:image' });
    expectValidOutputs(r.out, r.files);
  }, 240_000);
});

describe('outputs that cannot be written', () => {
  it('an output folder that cannot be made (under /proc) is an error naming it, not a hang', () => {
    const r = spawnSync(process.execPath, [CLI, 'build', '--epub', '--corpus', SEED_CORPUS, '--out', '/proc/studypack-no-such-dir'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.error).toBeUndefined(); // not killed by the timeout
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/proc\/studypack-no-such-dir\/amodei-reader\.epub: error: cannot write the output: ENOENT \[write:output\]/);
    expectNoCrash(r.stderr);
  }, 90_000);
});

const WARNINGS: [string, [number, string][]][] = [
  ['bom-crlf', []],
  ['front-matter-only', [[4, 'load:empty']]],
  ['missing-glyphs', [[8, 'fonts:missing-glyph']]],
  ['control-chars', [[6, 'load:control-chars']]],
  ['deep-nesting', []],
  ['table-500', []],
];

describe('hostile input that can be built: warnings (or nothing), exit 0, valid outputs', () => {
  it.each(WARNINGS)(
    '%s',
    (name, expected) => {
      const r = runHazard(name);
      expectNoCrash(r.stderr);
      expect(r.status).toBe(0);
      expect(r.diagnostics.map((d) => [d.line, d.rule])).toEqual(expected);
      expectValidOutputs(r.out, r.files);
    },
    120_000,
  );

  it('long-line: a 200,000-character line with no break opportunity', () => {
    const r = runHazard('long-line', (dir) => fs.writeFileSync(path.join(dir, '01-a.md'), `---\ntitle: 长行\nquestions: [为什么？]\n---\n\n${'x'.repeat(200_000)}\n`));
    expectNoCrash(r.stderr);
    expect(r.status).toBe(0);
    expectValidOutputs(r.out, r.files);
  }, 180_000);

  it('big-article: a 5 MB article', () => {
    const seed = fs.readFileSync(path.join(SEED_CORPUS, '01-exponential-business-engine.md'), 'utf8').replace(/^---[\s\S]*?\n---\n/, '');
    const r = runHazard('big-article', (dir) => {
      let body = '';
      for (let i = 1; Buffer.byteLength(body) < 5 * 1024 * 1024; i++) body += `\n## 第${i}部分\n\n${seed}`;
      fs.writeFileSync(path.join(dir, '01-a.md'), `---\ntitle: 大文章\nquestions: [为什么？]\n---\n${body}`);
    });
    expectNoCrash(r.stderr);
    expect(r.status).toBe(0);
    expectValidOutputs(r.out, r.files);
  }, 240_000);

  it('hostile-html: script, handlers, iframes, objects, javascript: and remote images never reach the outputs', async () => {
    // --verbose: every diagnostic is printed (a terminal shows three per rule and file).
    const r = runHazard('hostile-html', () => {}, ['--verbose']);
    expectNoCrash(r.stderr);
    expect(r.status).toBe(0);
    const rules = r.diagnostics.map((d) => d.rule);
    expect(rules.filter((x) => x === 'parse:html').length).toBeGreaterThanOrEqual(4);
    expect(rules).toContain('load:image');
    expect(rules).toContain('parse:link');
    expectValidOutputs(r.out, r.files);
    const zip = await JSZip.loadAsync(fs.readFileSync(path.join(r.out, 'test-book.epub')));
    for (const name of Object.keys(zip.files).filter((n) => /\.(xhtml|opf|ncx|css)$/.test(n))) {
      const s = await zip.file(name)!.async('string');
      expect(s, name).not.toMatch(/<script/i);
      expect(s, name).not.toMatch(/\son[a-z]+\s*=/i);
      expect(s, name).not.toMatch(/javascript:/i);
      expect(s, name).not.toMatch(/<(iframe|object|embed)/i);
      expect(s, name).not.toMatch(/(src|data)\s*=\s*"https?:|url\(\s*["']?https?:|<link[^>]+href="https?:/i);
    }
    const pdf = fs.readFileSync(path.join(r.out, 'test-book.pdf')).toString('latin1');
    expect(pdf).not.toMatch(/\/JavaScript|\/JS\s|evil\.example/);
  }, 120_000);
});

/** Without front matter an article has no questions: one more warning, at line 1. */
const WARNINGS_WITHOUT_FRONT_MATTER: [string, [number, string][]][] = [
  ['bom-crlf', [[1, 'load:questions']]],
  ['front-matter-only', [[1, 'load:empty'], [1, 'load:questions']]],
  ['missing-glyphs', [[1, 'load:questions'], [8, 'fonts:missing-glyph']]],
  ['control-chars', [[6, 'load:control-chars'], [1, 'load:questions']]],
  ['deep-nesting', [[1, 'load:questions']]],
  ['table-500', [[1, 'load:questions']]],
];

describe('the same input without front matter builds: titles from the headings, valid outputs', () => {
  it.each(WARNINGS_WITHOUT_FRONT_MATTER)(
    '%s',
    (name, expected) => {
      const r = runHazardWithoutFrontMatter(name);
      expectNoCrash(r.stderr);
      expect(r.status).toBe(0);
      expect(r.diagnostics.map((d) => [d.line, d.rule])).toEqual(expected);
      expectValidOutputs(r.out, r.files);
    },
    120_000,
  );

  it('duplicate-title: two articles titled by the same heading is a warning at the second heading', () => {
    const r = runHazardWithoutFrontMatter('duplicate-title');
    expectNoCrash(r.stderr);
    expect(r.status).toBe(0);
    expect(r.diagnostics).toContainEqual({ file: '02-b.md', line: 1, severity: 'warning', rule: 'load:duplicate' });
  }, 120_000);

  it('long-line', () => {
    const r = runHazard('long-line', (dir) => fs.writeFileSync(path.join(dir, '01-a.md'), `# 长行\n\n${'x'.repeat(200_000)}\n`));
    expectNoCrash(r.stderr);
    expect(r.status).toBe(0);
    expectValidOutputs(r.out, r.files);
  }, 180_000);

  it('big-article', () => {
    const seed = fs.readFileSync(path.join(SEED_CORPUS, '01-exponential-business-engine.md'), 'utf8').replace(/^---[\s\S]*?\n---\n/, '');
    const r = runHazard('big-article', (dir) => {
      let body = '';
      for (let i = 1; Buffer.byteLength(body) < 5 * 1024 * 1024; i++) body += `\n## 第${i}部分\n\n${seed}`;
      fs.writeFileSync(path.join(dir, '01-a.md'), `# 大文章\n${body}`);
    });
    expectNoCrash(r.stderr);
    expect(r.status).toBe(0);
    expectValidOutputs(r.out, r.files);
  }, 240_000);

  it('hostile-html', () => {
    const r = runHazardWithoutFrontMatter('hostile-html', () => {}, ['--verbose']);
    expectNoCrash(r.stderr);
    expect(r.status).toBe(0);
    const rules = r.diagnostics.map((d) => d.rule);
    expect(rules.filter((x) => x === 'parse:html').length).toBeGreaterThanOrEqual(4);
    expect(rules).toContain('parse:link');
    expectValidOutputs(r.out, r.files);
  }, 120_000);
});

// A build killed while writing: test/atomic-write.test.ts.
describe('outputs are reproducible', () => {
  it('the same corpus and SOURCE_DATE_EPOCH give byte-identical files whatever the time zone and locale', () => {
    const outs = ['UTC', 'Asia/Shanghai'].map((tz, i) => {
      const out = tempDir('studypack-tz-');
      made.push(out);
      const r = spawnSync(process.execPath, [CLI, 'build', '--corpus', SEED_CORPUS, '--out', out], {
        encoding: 'utf8',
        env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600', TZ: tz, LANG: i === 0 ? 'C' : 'zh_CN.UTF-8', LC_ALL: i === 0 ? 'C' : 'zh_CN.UTF-8' },
      });
      expect(r.status).toBe(0);
      return out;
    });
    const files = (fs.readdirSync(outs[0]!, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(outs[0]!, f)).isFile());
    expect(files.length).toBe(8);
    for (const f of files) expect(fs.readFileSync(path.join(outs[0]!, f)).equals(fs.readFileSync(path.join(outs[1]!, f))), f).toBe(true);
  }, 120_000);
});
