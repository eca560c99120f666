import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { article, BOOK_YAML, ROOT, SEED_CORPUS, tempDir, writeCorpus } from './helpers/corpus.js';

const CLI = path.join(ROOT, 'dist/cli/main.js');
// Every test runs the real CLI, some of them full builds.
vi.setConfig({ testTimeout: 180_000 });
const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600', ...opts.env },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function files(dir: string): string[] {
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort() : [];
}

const track = (d: string) => (made.push(d), d);
const ESC = /\x1b\[/;

describe('help and version', () => {
  it('--help lists every command, examples and the exit codes', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(0);
    for (const c of ['build', 'check', 'init', 'index', 'watch', 'preview']) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    for (const o of ['--version', '--quiet', '--verbose', '--json']) expect(r.stdout).toContain(o);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toMatch(/Exit codes:\n\s+0 .*\n\s+1 .*\n\s+2 .*\n\s+70 /);
  });

  it.each([
    ['build', ['--pdf', '--epub', '--sheets', '--booklet', '--signature', '--paper', '--duplex', '--answer-lines', '--keep-ascii-punctuation', '--corpus', '--out']],
    ['check', ['--corpus']],
    ['init', ['<dir>']],
    ['index', ['--suggest']],
    ['watch', ['--out', '--corpus']],
    ['preview', ['--port', '--corpus']],
  ])('%s --help has its options and examples', (command, options) => {
    const r = cli([command, '--help']);
    expect(r.status).toBe(0);
    for (const o of options) expect(r.stdout).toContain(o);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain(`studypack ${command}`);
  });

  it('--version prints the package version', () => {
    const r = cli(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });
});

describe('exit codes: 0 done, 1 input errors, 2 usage', () => {
  it.each([
    [['biuld'], /unknown command 'biuld' \(did you mean 'build'\?\)/],
    [['build', '--bogus'], /unknown option '--bogus'/],
    [['build', '--paper', 'B5'], /must be one of A4, A5, Letter \(got 'B5'\)/],
    [['build', '--answer-lines', '0'], /from 1 to 30/],
    [['build', '--signature', '6'], /multiple of 4/],
    [['build', 'extra'], /too many arguments/],
    [['index'], /--suggest/],
    [['init'], /missing required argument 'dir'/],
    [['preview', '--port', 'x'], /port number/],
  ])('usage error %j → 2', (args, message) => {
    const r = cli(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^studypack: /);
  });

  it('an input error → 1, in the compiler format, nothing written', () => {
    const corpus = track(writeCorpus({ 'book.yaml': BOOK_YAML, '01-a.md': article('title: 甲\nexcerpt: 是的') }));
    const out = track(tempDir());
    const r = cli(['build', '--corpus', corpus, '--out', out], { env: { NO_COLOR: '1' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/01-a\.md:3:1: error: front matter: .*\[load:front-matter\]/);
    expect(r.stderr).toContain('nothing was written');
    expect(files(out)).toEqual([]);
  });

  it('a missing corpus folder → 1', () => {
    const r = cli(['check', '--corpus', '/nonexistent/studypack']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/corpus folder not found \[load:corpus\]/);
  });
});

describe('--json', () => {
  it('check: one document with diagnostics, counts and the book; exit 0 with warnings', () => {
    const corpus = track(writeCorpus({ 'book.yaml': BOOK_YAML, '01-a.md': '---\ntitle: 甲\n---\n\n正文。\n' }));
    const r = cli(['check', '--json', '--corpus', corpus]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({
      schema: 'studypack/result@1',
      command: 'check',
      ok: true,
      exitCode: 0,
      corpus,
      config: null,
      book: { title: '测试书', slug: 'test-book', language: 'zh-CN', articles: 1 },
      outputs: [],
      counts: { errors: 0, warnings: 1 },
    });
    expect(doc.diagnostics).toEqual([
      { file: path.join(corpus, '01-a.md'), line: expect.any(Number), column: expect.any(Number), severity: 'warning', message: expect.stringContaining('question'), rule: expect.any(String) },
    ]);
    expect(typeof doc.ms).toBe('number');
  });

  it('build: each output with kind, file, bytes, pages and time; errors give ok false and exit 1', () => {
    const corpus = track(writeCorpus({ 'book.yaml': BOOK_YAML, '01-a.md': article('title: 甲') }));
    const out = track(tempDir());
    const r = cli(['build', '--json', '--pdf', '--sheets', '--corpus', corpus, '--out', out]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; outputs: { kind: string; file: string; bytes: number; pages: number | null; ms: number }[] };
    expect(doc.ok).toBe(true);
    expect(doc.outputs.map((o) => [o.kind, path.relative(out, o.file)])).toEqual([
      ['pdf', 'test-book.pdf'],
      ['sheets', 'sheets/01-a.pdf'],
      ['sheets', 'sheets/all.pdf'],
    ]);
    expect(doc.outputs[0]).toMatchObject({ bytes: fs.statSync(path.join(out, 'test-book.pdf')).size, pages: expect.any(Number) });
    expect(doc.outputs[1]!.pages).toBeGreaterThanOrEqual(1); // each sheet reports its own pages

    fs.writeFileSync(path.join(corpus, '02-b.md'), article('title: 甲'));
    const bad = cli(['build', '--json', '--corpus', corpus, '--out', out]);
    expect(bad.status).toBe(1);
    const err = JSON.parse(bad.stdout) as { ok: boolean; exitCode: number; outputs: unknown[]; diagnostics: { severity: string; rule: string; line: number }[] };
    expect(err).toMatchObject({ ok: false, exitCode: 1, outputs: [] });
    expect(err.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', rule: 'load:duplicate', line: 2 }));
  });
});

describe('colour and quiet', () => {
  const warnCorpus = () => track(writeCorpus({ 'book.yaml': BOOK_YAML, '01-a.md': '---\ntitle: 甲\n---\n\n正文。\n' }));

  it('not a terminal: no ANSI escapes, no progress', () => {
    const out = track(tempDir());
    const r = cli(['build', '--epub', '--corpus', warnCorpus(), '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(ESC);
    expect(r.stdout).toMatch(/^wrote .*test-book\.epub \(\d+ KB, \d+ ms\)$/m);
    expect(r.stderr).toMatch(/studypack: built 1 file in [\d.]+ s, 1 warning/);
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('on a terminal: colour, unless NO_COLOR is set', () => {
    const out = track(tempDir());
    const corpus = warnCorpus();
    const run = (extra: Record<string, string>) => {
      const env = { ...process.env, TERM: 'xterm', ...extra } as Record<string, string>;
      if (!('NO_COLOR' in extra)) delete env.NO_COLOR;
      return spawnSync('script', ['-qec', `${process.execPath} ${CLI} build --epub --corpus ${corpus} --out ${out}`, '/dev/null'], { encoding: 'utf8', env });
    };
    const coloured = run({});
    expect(coloured.status).toBe(0);
    expect(coloured.stdout).toMatch(ESC);
    const plain = run({ NO_COLOR: '1' });
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain('warning:');
    expect(plain.stdout).not.toMatch(ESC);
  });

  it('--quiet: nothing on a clean build; errors only otherwise', () => {
    const out = track(tempDir());
    const clean = cli(['build', '--quiet', '--epub', '--corpus', warnCorpus(), '--out', out]);
    expect(clean.status).toBe(0);
    expect(clean.stdout).toBe('');
    expect(clean.stderr).toBe('');
  });
});

describe('init, build, check', () => {
  it('init makes a pack that builds with no warning; init again refuses', () => {
    const parent = track(tempDir());
    const pack = path.join(parent, 'my-pack');
    const out = path.join(parent, 'out');
    const init = cli(['init', pack]);
    expect(init.status).toBe(0);
    expect(files(pack)).toEqual(['01-example.md', 'glossary.yaml', 'studypack.config.yaml']);
    const front = fs.readFileSync(path.join(pack, '01-example.md'), 'utf8');
    // Questions: texts, and one with its own answer lines (`- text: …` with `lines:` under it).
    expect(front).toMatch(/^---\ntitle: .+\n[\s\S]*questions:\n(  - .+\n(    .+\n)*){3,}---\n/);
    expect(front).toMatch(/\n  - text: .+\n    lines: \d+/);
    const build = cli(['build', '--corpus', pack, '--out', out], { env: { NO_COLOR: '1' } });
    expect(build.stderr).not.toMatch(/warning:|error:/);
    expect(build.status).toBe(0);
    expect(files(out)).toEqual(['my-pack.epub', 'my-pack.pdf', 'sheets/01-example.pdf', 'sheets/all.pdf']);
    const again = cli(['init', pack]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already has studypack.config.yaml');
  }, 120_000);

  it('check on the seed corpus: no errors, exit 0, writes nothing', () => {
    const cwd = track(tempDir());
    const corpus = path.join(cwd, 'corpus');
    fs.cpSync(SEED_CORPUS, corpus, { recursive: true });
    const before = files(cwd).map((f) => [f, fs.statSync(path.join(cwd, f)).mtimeMs]);
    const r = cli(['check'], { cwd, env: { NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/error:/);
    expect(r.stderr).toMatch(/checked in [\d.]+ s: no errors/);
    expect(files(cwd).map((f) => [f, fs.statSync(path.join(cwd, f)).mtimeMs])).toEqual(before);
  }, 120_000);
});
