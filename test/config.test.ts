import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { configReference } from '../src/config/schema.js';
import { article, BOOK_YAML, ROOT, tempDir, writeCorpus } from './helpers/corpus.js';

const CLI = path.join(ROOT, 'dist/cli/main.js');
vi.setConfig({ testTimeout: 180_000 });
const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A pack with a config; the CLI runs inside it, so diagnostics name `studypack.config.yaml`. */
function pack(config: string, extra: Record<string, string> = {}) {
  const dir = writeCorpus({ 'book.yaml': BOOK_YAML, '01-a.md': article('title: 甲'), 'studypack.config.yaml': config, ...extra });
  made.push(dir);
  return dir;
}

function cli(dir: string, args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args, '--corpus', '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: '1767225600' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('studypack.config.yaml is validated: file:line, and a hint for a misspelt key', () => {
  it('an unknown key', () => {
    const r = cli(pack('# my pack\npaper: A4\npapr: A5\n'), ['check']);
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe("studypack.config.yaml:3:1: error: unknown key 'papr' (did you mean 'paper'?) [config]");
  });

  it('every error at once, in line order: wrong types, bad values, nested keys, missing fonts', () => {
    const r = cli(pack("book:\n  titel: 书\nduplex: yes\noutputs: [pdf, epbu]\nanswerLines: 0\nfonts:\n  serif: fonts/none.ttf\n"), ['check']);
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l.includes(': error: ')).slice(0, 4)).toEqual([
      "studypack.config.yaml:2:3: error: unknown key 'titel' in 'book' (did you mean 'title'?) [config]",
      "studypack.config.yaml:3:1: error: 'duplex' must be true or false (got 'yes') [config]",
      "studypack.config.yaml:4:16: error: 'outputs[1]' must be one of pdf, epub, sheets, booklet (got 'epbu') (did you mean 'epub'?) [config]",
      "studypack.config.yaml:5:1: error: 'answerLines' must be at least 1 (got 0) [config]",
    ]);
    expect(r.stderr).toMatch(/^studypack\.config\.yaml:7:3: error: fonts\.serif: font file not found: fonts\/none\.ttf \(looked for .*fonts\/none\.ttf\) \[config\]$/m);
  });

  it('--json carries the config errors', () => {
    const r = cli(pack('paper: B5\n'), ['check', '--json']);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout) as { diagnostics: { file: string; line: number; message: string; rule: string }[] };
    expect(doc.diagnostics).toEqual([expect.objectContaining({ line: 1, rule: 'config', message: "'paper' must be one of A4, A5, Letter (got 'B5') (did you mean 'A5'?)" })]);
  });
});

describe('precedence: flags over the config, the config over book.yaml, then defaults', () => {
  it("the config's book: section wins over book.yaml key by key; outputs and paper come from the config; --paper wins", () => {
    const dir = pack('book:\n  title: 配置里的书名\noutputs: [pdf]\npaper: A5\n');
    const out = path.join(dir, 'out');
    const a5 = cli(dir, ['build', '--json', '--out', out]);
    expect(a5.status).toBe(0);
    const doc = JSON.parse(a5.stdout) as { book: { title: string; slug: string }; outputs: { kind: string; file: string }[]; config: string };
    expect(doc.book).toMatchObject({ title: '配置里的书名', slug: 'test-book' });
    expect(doc.config).toBe(path.join(dir, 'studypack.config.yaml'));
    expect(doc.outputs.map((o) => o.kind)).toEqual(['pdf']);
    const size = () => /Page size:\s+([\d.]+) x ([\d.]+)/.exec(spawnSync('pdfinfo', [path.join(out, 'test-book.pdf')], { encoding: 'utf8' }).stdout)!.slice(1).map(Number);
    expect(size()[0]).toBeCloseTo(419.53, 0);
    expect(cli(dir, ['build', '--pdf', '--paper', 'A4', '--out', out]).status).toBe(0);
    expect(size()[0]).toBeCloseTo(595.28, 0);
  });

  it('a folder of Markdown with no config and no book.yaml builds with defaults', () => {
    const dir = writeCorpus({ '01-a.md': article('title: 甲') });
    made.push(dir);
    const r = cli(dir, ['build', '--epub', '--out', path.join(dir, 'out')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/warning: no book\.yaml and no 'book: title:' in studypack\.config\.yaml; the book is titled after the folder \[load:book\]/);
  });
});

describe('README', () => {
  it('the config reference and the CLI reference are up to date (npm run docs)', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(configReference());
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/config-docs.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
