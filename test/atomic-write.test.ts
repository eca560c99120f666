// A build killed while it writes its outputs leaves each one whole: the previous version or the new one.
// The CLI is run with STUDYPACK_WRITE_DELAY_MS (src/util/atomic-write.ts), which pauses halfway through each
// file and says so on stderr; the test kills the build (SIGKILL: no clean-up runs) in that pause.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SEED_CORPUS, tempDir } from './helpers/corpus.js';

const CLI = path.join(ROOT, 'dist/cli/main.js');
const OLD_EPOCH = '1767225600';
const NEW_EPOCH = '1767312000';
/** Long enough for the test to see the marker and kill the build on a busy machine; only the build waits it out. */
const DELAY_MS = 2000;
const TEMP = /\.tmp-\d+$/;

const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

function buildInto(out: string, epoch: string): void {
  const r = spawnSync(process.execPath, [CLI, 'build', '--corpus', SEED_CORPUS, '--out', out], { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: epoch, NO_COLOR: '1' } });
  expect(r.status, r.stderr).toBe(0);
}

/** Runs a build into `out` and SIGKILLs it while the `nth` file (1-based) is half written; resolves with what was announced. */
function killWhileWriting(out: string, nth: number): Promise<{ announced: string[]; pid: number }> {
  const child = spawn(process.execPath, [CLI, 'build', '--corpus', SEED_CORPUS, '--out', out], {
    env: { ...process.env, SOURCE_DATE_EPOCH: NEW_EPOCH, NO_COLOR: '1', STUDYPACK_WRITE_DELAY_MS: String(DELAY_MS) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const announced: string[] = [];
  const stderr: string[] = [];
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stderr! }).on('line', (line) => {
      stderr.push(line);
      const m = /^studypack-test: writing (.+)$/.exec(line);
      if (!m || announced.length >= nth) return;
      announced.push(path.relative(out, m[1]!));
      if (announced.length === nth) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && announced.length === nth) resolve({ announced, pid: child.pid! });
      else reject(new Error(`the build ended (${signal ?? `exit ${code}`}) before writing file ${nth}; stderr:\n${stderr.join('\n')}`));
    });
  });
}

describe('outputs are written atomically', () => {
  let oldDir = '';
  let newDir = '';
  let names: string[] = [];
  beforeAll(() => {
    oldDir = tempDir('studypack-atomic-old-');
    newDir = tempDir('studypack-atomic-new-');
    made.push(oldDir, newDir);
    buildInto(oldDir, OLD_EPOCH);
    buildInto(newDir, NEW_EPOCH);
    names = filesUnder(oldDir);
  }, 120_000);

  it('the two known-good builds differ in every file (else a kill could not be told apart)', () => {
    expect(names.length).toBe(8);
    expect(filesUnder(newDir)).toEqual(names);
    for (const f of names) expect(fs.readFileSync(path.join(oldDir, f)).equals(fs.readFileSync(path.join(newDir, f))), f).toBe(false);
  });

  // The first file (nothing renamed yet), one in the middle, the last (all others replaced).
  for (const nth of [1, 4, 8]) {
    it(`a build killed halfway through its file ${nth} leaves every output whole, the previous version or the new`, async () => {
      const out = tempDir('studypack-atomic-kill-');
      made.push(out);
      fs.cpSync(oldDir, out, { recursive: true });
      const { announced, pid } = await killWhileWriting(out, nth);
      const writing = announced[nth - 1]!;

      // Under the final names: the same files, each byte for byte a complete build's, and each a valid file.
      const present = filesUnder(out);
      expect(present.filter((f) => !TEMP.test(f))).toEqual(names);
      for (const f of names) {
        const now = fs.readFileSync(path.join(out, f));
        const [prev, next] = [oldDir, newDir].map((d) => fs.readFileSync(path.join(d, f)));
        const version = now.equals(prev!) ? 'previous' : now.equals(next!) ? 'new' : 'partial';
        const check = f.endsWith('.pdf') ? spawnSync('qpdf', ['--check', path.join(out, f)], { encoding: 'utf8' }) : null;
        const verdict = check ? `qpdf --check: exit ${check.status}, ${(check.stderr || check.stdout).trim().split('\n').pop()}` : '';
        expect(['previous', 'new'], `${f} is ${now.length} bytes, neither the previous (${prev!.length}) nor the new build's (${next!.length}); ${verdict}`).toContain(version);
        if (check) expect(check.status, `${f}: ${verdict}`).toBe(0);
        else await expect(JSZip.loadAsync(now), f).resolves.toBeTruthy();
        // Files announced before the one being written were renamed into place; the rest are untouched.
        const expected = announced.slice(0, nth - 1).includes(f) ? 'new' : 'previous';
        expect(version, `${f}: the build was killed while writing ${writing}`).toBe(expected);
      }

      // The kill landed mid-write: the half-written temporary file is there, and nothing else is left over.
      expect(present.filter((f) => TEMP.test(f))).toEqual([`${writing}.tmp-${pid}`]);
      expect(fs.statSync(path.join(out, `${writing}.tmp-${pid}`)).size).toBeLessThan(fs.statSync(path.join(newDir, writing)).size);
    }, 120_000);
  }
});
