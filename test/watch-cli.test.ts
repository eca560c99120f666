import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, SEED_CORPUS, tempDir } from './helpers/corpus.js';

const CLI = path.join(ROOT, 'dist/cli/main.js');
const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('studypack watch (the CLI, as a user runs it)', () => {
  it('builds, rebuilds when an article is saved, reports an error without stopping, and recovers', async () => {
    const corpus = tempDir('studypack-watch-cli-');
    const out = tempDir('studypack-watch-cli-out-');
    made.push(corpus, out);
    fs.cpSync(SEED_CORPUS, corpus, { recursive: true });
    const child = spawn(process.execPath, [CLI, 'watch', '--pdf', '--json', '--corpus', corpus, '--out', out], {
      env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600', NO_COLOR: '1' },
    });
    const docs: { ok: boolean; outputs: { file: string }[]; diagnostics: { file: string; line: number; rule: string }[] }[] = [];
    let buffer = '';
    child.stdout.on('data', (c: Buffer) => {
      buffer += c.toString('utf8');
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('{')) docs.push(JSON.parse(line));
      }
    });
    // The first build reported after `from` that satisfies `ok` (one save may be seen as two changes).
    let seen = 0;
    const next = async (want: (d: (typeof docs)[number]) => boolean) => {
      const until = Date.now() + 120_000;
      for (;;) {
        while (seen < docs.length) {
          const d = docs[seen++]!;
          if (want(d)) return d;
        }
        if (Date.now() > until || child.exitCode !== null) throw new Error(`no such build reported; got ${JSON.stringify(docs.map((d) => d.ok))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      const first = await next(() => true);
      expect(first.ok).toBe(true);
      const pdf = path.join(out, 'amodei-reader.pdf');
      const before = fs.readFileSync(pdf);

      const file = path.join(corpus, fs.readdirSync(corpus).filter((f) => f.endsWith('.md')).sort()[1]!);
      const good = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, good.trimEnd() + '\n\n保存后新加的一段：监视模式应当重新生成讲义。\n');
      await next((d) => d.ok && Buffer.compare(fs.readFileSync(pdf), before) !== 0);
      const after = fs.readFileSync(pdf);
      expect(Buffer.compare(before, after)).not.toBe(0);

      // A broken front matter: an error at its line, the last good PDF stays, watching goes on.
      fs.writeFileSync(file, good.replace(/^---\n/, '---\ntitle: [unclosed\n'));
      const third = await next((d) => !d.ok);
      expect(third.diagnostics.find((d) => d.rule === 'load:front-matter')).toMatchObject({ file: expect.stringContaining(path.basename(file)) });
      expect(Buffer.compare(fs.readFileSync(pdf), after)).toBe(0);
      expect(child.exitCode).toBeNull();

      fs.writeFileSync(file, good);
      await next((d) => d.ok);
      expect(Buffer.compare(fs.readFileSync(pdf), before)).toBe(0); // the same text gives the same bytes again
    } finally {
      child.kill('SIGINT');
    }
  }, 300_000);
});
