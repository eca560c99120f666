import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, type OutputKind } from '../src/pipeline.js';
import { BuildSession } from '../src/watch/session.js';
import { SEED_CORPUS, tempDirs } from './helpers/corpus.js';

const { temp } = tempDirs();

/** Every file under `dir`, relative path → bytes. */
function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) {
      const full = path.join(e.parentPath, e.name);
      out.set(path.relative(dir, full), fs.readFileSync(full));
    }
  }
  return out;
}

function expectSameFiles(a: string, b: string): void {
  const fa = files(a);
  const fb = files(b);
  expect([...fa.keys()].sort()).toEqual([...fb.keys()].sort());
  for (const [name, bytes] of fa) expect(Buffer.compare(bytes, fb.get(name)!), name).toBe(0);
}

const OUTPUTS: OutputKind[] = ['pdf', 'epub', 'sheets'];

describe('watch mode: incremental rebuilds', () => {
  const corpus = temp('studypack-watch-corpus-');
  fs.cpSync(SEED_CORPUS, corpus, { recursive: true });
  const out = temp('studypack-watch-out-');
  const session = new BuildSession({ corpus, out, outputs: OUTPUTS });
  const third = fs.readdirSync(corpus).filter((f) => f.endsWith('.md')).sort()[2]!;

  it('lays out every article on the first build, and none again when nothing changed', async () => {
    const first = await session.rebuild();
    expect(first.diagnostics.errors).toEqual([]);
    expect(first.made).toBe(10); // 5 articles' handout pages + 5 sheets
    expect(first.reused).toBe(0);
    const again = await session.rebuild();
    expect(again.made).toBe(0);
    expect(again.reused).toBe(10);
  }, 180_000);

  it('after one article is edited, redoes that article only, and writes what a full build writes, byte for byte', async () => {
    const file = path.join(corpus, third);
    const text = fs.readFileSync(file, 'utf8');
    // A longer paragraph: the article grows, so the pages after it, the TOC and the index move.
    fs.writeFileSync(file, text.trimEnd() + '\n\n' + '这是编辑后新加的一段，用来检查增量重建是否与完整重建一致。'.repeat(30) + '\n');
    const edited = await session.rebuild();
    expect(edited.diagnostics.errors).toEqual([]);
    expect(edited.made).toBe(2);
    expect(edited.reused).toBe(8);

    const fresh = temp('studypack-watch-fresh-');
    const full = await build({ corpus, out: fresh, outputs: OUTPUTS });
    expect(full.diagnostics.errors).toEqual([]);
    expectSameFiles(out, fresh);
  }, 180_000);

  it('keeps the last good layouts through an input error, and recovers', async () => {
    const file = path.join(corpus, third);
    const good = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, good.replace(/^---\n/, '---\ntitle: [unclosed\n'));
    const broken = await session.rebuild();
    expect(broken.diagnostics.errors.length).toBeGreaterThan(0);
    expect(broken.outputs).toEqual([]);
    fs.writeFileSync(file, good);
    const fixed = await session.rebuild();
    expect(fixed.diagnostics.errors).toEqual([]);
    expect({ made: fixed.made, reused: fixed.reused }).toEqual({ made: 0, reused: 10 });
  }, 180_000);
});
