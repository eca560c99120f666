// Issue 16: the bundled CLI (dist/studypack.mjs, scripts/bundle.mjs) writes the same bytes as the source build (dist/cli/main.js), finds its own files, and the npm scripts' launcher (scripts/run.mjs) compiles only when the sources changed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BUNDLED, PACKAGE_ROOT } from '../src/util/package-root.js';
import { FIXTURES, ROOT, SEED_CORPUS, tempDirs } from './helpers/corpus.js';

const SOURCE_CLI = path.join(ROOT, 'dist/cli/main.js');
const BUNDLE_CLI = path.join(ROOT, 'dist/studypack.mjs');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };

const { temp } = tempDirs();

function run(cli: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 240_000, env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: '1767225600', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under `dir`, relative path → bytes. */
function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.set(path.relative(dir, path.join(e.parentPath, e.name)), fs.readFileSync(path.join(e.parentPath, e.name)));
  }
  return out;
}

describe('the package root (src/util/package-root.ts)', () => {
  it('from the sources it is the repository, and they are not the bundle', () => {
    expect(BUNDLED).toBe(false);
    expect(PACKAGE_ROOT).toBe(ROOT);
  });

  it('package.json "bin" names the bundle, which npm run compile made beside its worker', () => {
    expect(PACKAGE.bin.studypack).toBe('dist/studypack.mjs');
    for (const f of [BUNDLE_CLI, path.join(ROOT, 'dist/worker.mjs')]) expect(fs.existsSync(f), `${f} is missing: run npm run compile`).toBe(true);
  });

  it('the bundled CLI reads its version from package.json', () => {
    const r = run(BUNDLE_CLI, ['--version']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(PACKAGE.version);
  });

  it('the bundled CLI starts the bundled worker thread (dist/worker.mjs) for the EPUB', () => {
    const out = temp('studypack-bundle-fail-');
    const r = run(BUNDLE_CLI, ['build', '--corpus', SEED_CORPUS, '--out', out], { STUDYPACK_FAIL: 'worker' });
    expect(r.status).toBe(70);
    expect(r.stderr).toMatch(/internal error: the worker making the EPUB: STUDYPACK_FAIL=worker/);
  }, 240_000);
});

describe('the bundled CLI and the source build write the same bytes', () => {
  it.each([
    ['the seed corpus, every output', SEED_CORPUS, [] as string[]],
    ['the seed corpus, the booklet', SEED_CORPUS, ['--pdf', '--booklet']],
    ['the features fixture (SVG, PNG, WebP, GIF, math, highlighted code), every output', path.join(FIXTURES, 'features'), []],
  ])('%s', (_name, corpus, flags) => {
    const outSource = temp('studypack-bundle-src-');
    const outBundle = temp('studypack-bundle-mjs-');
    const a = run(SOURCE_CLI, ['build', '--corpus', corpus, '--out', outSource, ...flags]);
    expect(a.status, a.stderr).toBe(0);
    const b = run(BUNDLE_CLI, ['build', '--corpus', corpus, '--out', outBundle, ...flags]);
    expect(b.status, b.stderr).toBe(0);
    const fromSource = files(outSource);
    const fromBundle = files(outBundle);
    expect([...fromBundle.keys()].sort()).toEqual([...fromSource.keys()].sort());
    expect(fromSource.size).toBeGreaterThan(0);
    for (const [name, bytes] of fromSource) expect(Buffer.compare(fromBundle.get(name)!, bytes), `${name} differs`).toBe(0);
    // The same diagnostics too.
    const diagnostics = (stderr: string) => stderr.split('\n').filter((l) => /\b(warning|error)\b/.test(l));
    expect(diagnostics(b.stderr)).toEqual(diagnostics(a.stderr));
  }, 480_000);
});

describe('scripts/run.mjs (what npm run build, build:pdf, watch … run)', () => {
  /**
   * A copy of the launcher in a folder of its own, with stand-ins: a "tsc" and a "bundle" that log that they
   * ran, the bundle's stand-in writing a dist/studypack.mjs that prints its arguments.
   */
  function sandbox(): { root: string; log: () => string[]; launch: (...args: string[]) => { status: number | null; stdout: string; stderr: string } } {
    const root = temp('studypack-run-');
    const logFile = path.join(root, 'log');
    fs.mkdirSync(path.join(root, 'scripts'));
    fs.copyFileSync(path.join(ROOT, 'scripts/run.mjs'), path.join(root, 'scripts/run.mjs'));
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src/a.ts'), 'export const a = 1;\n');
    fs.mkdirSync(path.join(root, 'node_modules/typescript/bin'), { recursive: true });
    fs.writeFileSync(path.join(root, 'node_modules/typescript/bin/tsc'), `require('fs').appendFileSync(${JSON.stringify(logFile)}, 'tsc ' + process.argv.slice(2).join(' ') + '\\n');\n`);
    fs.writeFileSync(
      path.join(root, 'scripts/bundle.mjs'),
      [
        `import fs from 'node:fs';`,
        `fs.appendFileSync(${JSON.stringify(logFile)}, 'bundle\\n');`,
        `fs.mkdirSync(${JSON.stringify(path.join(root, 'dist'))}, { recursive: true });`,
        `fs.writeFileSync(${JSON.stringify(path.join(root, 'dist/studypack.mjs'))}, "console.log('cli ' + process.argv.slice(2).join(' '));\\n");`,
      ].join('\n'),
    );
    const launch = (...args: string[]) => {
      const r = spawnSync(process.execPath, [path.join(root, 'scripts/run.mjs'), ...args], { encoding: 'utf8' });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').trim().split('\n') : []);
    return { root, log, launch };
  }

  it('compiles when the bundle is missing, not when it is up to date, again when a source is newer; passes the arguments on', () => {
    const { root, log, launch } = sandbox();
    const first = launch('build', '--pdf');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain('studypack: dist/studypack.mjs is missing: compiling first (npm run compile)');
    expect(log()).toEqual([`tsc -p ${root}`, 'bundle']);
    expect(first.stdout).toBe('cli build --pdf\n');

    const second = launch('check');
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toBe('');
    expect(log()).toHaveLength(2);
    expect(second.stdout).toBe('cli check\n');

    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(root, 'src/a.ts'), later, later);
    const third = launch('build');
    expect(third.stderr).toContain(`studypack: ${path.join('src', 'a.ts')} changed since the last compile: compiling first`);
    expect(log()).toHaveLength(4);
    expect(third.stdout).toBe('cli build\n');
  });
});

describe('tiny-inflate in the bundle is Node’s zlib (scripts/shims/tiny-inflate.cjs)', () => {
  const require = createRequire(import.meta.url);
  const shim = require(path.join(ROOT, 'scripts/shims/tiny-inflate.cjs')) as (source: Uint8Array, dest: Uint8Array) => Uint8Array;
  const own = require('tiny-inflate') as (source: Uint8Array, dest: Uint8Array) => Uint8Array;

  it('the bundle takes the shim for every tiny-inflate it holds', () => {
    const chunks = fs.readdirSync(path.join(ROOT, 'dist')).filter((f) => /^chunk-.*\.mjs$/.test(f));
    const text = chunks.map((f) => fs.readFileSync(path.join(ROOT, 'dist', f), 'utf8')).join('\n');
    expect(text).toContain('zlib.inflateRawSync(source)');
    // Unicode data fontkit and linebreak inflate at import: present, so the shim is what runs there.
    expect(text.match(/new \(0, import_unicode_trie\d*\.default\)|new import_unicode_trie\d*\.default\(/g)?.length ?? 0).toBeGreaterThanOrEqual(4);
  });

  it('gives tiny-inflate’s bytes: a full buffer, a longer one cut to what was written, and bad data to tiny-inflate itself', () => {
    const data = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 251 ^ (i >> 6)));
    const packed = zlib.deflateRawSync(data, { level: 9 });
    for (const size of [data.length, data.length + 100]) {
      const a = shim(packed, new Uint8Array(size));
      const b = own(packed, new Uint8Array(size));
      expect(a.length).toBe(data.length);
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
      expect(Buffer.from(a).equals(data)).toBe(true);
    }
    const broken = Buffer.from([0xff, 0xff, 0xff, 0x00, 0x12]);
    let ownError: unknown;
    try {
      own(broken, new Uint8Array(10));
    } catch (e) {
      ownError = e;
    }
    if (ownError) expect(() => shim(broken, new Uint8Array(10))).toThrow((ownError as Error).message);
    else expect(Buffer.from(shim(broken, new Uint8Array(10)))).toEqual(Buffer.from(own(broken, new Uint8Array(10))));
  });
});
