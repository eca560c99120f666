// Imports go one way along the pipeline (load → parse → analyse → layout → render), and every file under src/ says what it is for.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, assert, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, with no declarations (the tests run it as node does)
import { checkImports, filesWithoutOpeningComment, moduleReferences, opensWithComment, rankOf } from '../scripts/check-imports.mjs';
import { ROOT, tempDir } from './helpers/corpus.js';

describe('src/', () => {
  it('imports only from its own rank or lower (rank 0 base; load, parse, analyse, layout, render; rank 6 drivers)', () => {
    const { problems } = checkImports(ROOT) as { problems: string[] };
    if (problems.length > 0) {
      assert.fail(
        `${problems.length} import problem(s): a module may import only from its own rank or lower (scripts/check-imports.mjs, RANKS)\n` +
          problems.map((p) => `  ${p}`).join('\n'),
      );
    }
  });

  it('every file opens with a comment saying what it is for', () => {
    const missing = filesWithoutOpeningComment(ROOT) as string[];
    if (missing.length > 0) {
      assert.fail(`${missing.length} file(s) under src/ do not open with a comment saying what they are for:\n${missing.map((f) => `  ${f}`).join('\n')}`);
    }
  });
});

describe('the import check itself', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  /** A repository with src/ holding `files` (path → text); the check's report on it. */
  function check(files: Record<string, string>): string[] {
    const root = tempDir('studypack-imports-');
    dirs.push(root);
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, 'src', name)), { recursive: true });
      fs.writeFileSync(path.join(root, 'src', name), text);
    }
    return (checkImports(root) as { problems: string[] }).problems;
  }

  it('finds every kind of module reference, and none in comments or strings', () => {
    const refs = moduleReferences(
      [
        `import a from './a.js';`,
        `import type { B } from './b.js';`,
        `import { type C } from './c.js';`,
        `export * from './d.js';`,
        `export type { E } from './e.js';`,
        `const f = await import('./f.js');`,
        `let g: import('./g.js').G;`,
        `const w = new URL('./w.js', import.meta.url);`,
        `const r = createRequire(import.meta.url)('./r.cjs');`,
        `// import x from './comment.js';`,
        `const help = "import y from './string.js'";`,
        'const t = `export * from \'./template.js\'`;',
        `const h = await import(name);`,
        `import fs from 'node:fs';`,
      ].join('\n'),
    ) as { specifier: string | null; line: number; kind: string; typeOnly: boolean }[];
    expect(refs.map((r) => [r.specifier, r.kind, r.typeOnly])).toEqual([
      ['./a.js', 'import', false],
      ['./b.js', 'import', true],
      ['./c.js', 'import', false],
      ['./d.js', 'export', false],
      ['./e.js', 'export', true],
      ['./f.js', 'import()', false],
      ['./g.js', 'import type', true],
      ['./w.js', 'new URL', false],
      ['./r.cjs', 'require', false],
      [null, 'import()', false],
      ['node:fs', 'import', false],
    ]);
    expect(refs[5]!.line).toBe(6);
  });

  it('gives every known folder its rank and unknown ones none', () => {
    const rank = (f: string) => (rankOf(f) as { rank: number } | null)?.rank ?? null;
    expect(['model/types.ts', 'seams/pdfkit.ts', 'config/load.ts', 'templates.ts', 'load/corpus.ts', 'parse/book.ts', 'analyse/sort.ts', 'layout/book.ts', 'render/pdf/pdf.ts', 'pipeline.ts', 'cli/main.ts'].map(rank)).toEqual([
      0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 6,
    ]);
    expect(rank('extras/x.ts')).toBeNull();
    expect(rank('templates.tsx')).toBeNull();
  });

  it('reports backward edges, imports of drivers, rank-0 rules, unknown folders and unresolved specifiers', () => {
    const problems = check({
      'model/types.ts': `// model\nimport type { X } from '../util/x.js';\n`,
      'util/x.ts': `// x\nimport type { T } from '../model/types.js';\nexport type X = T;\n`,
      'config/load.ts': `// config\nimport { read } from '../load/read.js';\nimport { x } from '../util/x.js';\n`,
      'load/read.ts': `// load\nimport type { Page } from '../layout/page.js';\nexport type { Page } from '../layout/page.js';\n`,
      'layout/page.ts': `// layout\nimport type { Parsed } from '../parse/index.js';\nconst m = await import('../render/paint.js');\n`,
      'parse/index.ts': `// parse\n`,
      'render/paint.ts': `// render\nimport { build } from '../pipeline.js';\nimport { missing } from './missing.js';\n`,
      'pipeline.ts': `// pipeline\nimport { paint } from './render/paint.js';\nimport { read } from './load/read.js';\n`,
      'extras/thing.ts': `// an unranked folder\n`,
      '../package.json': '{}',
      'cli/main.ts': `// cli\nimport pkg from '../../package.json';\nconst m = await import(name);\nimport { paint } from '../render/paint.js';\n`,
    });
    expect(problems).toEqual([
      "src/cli/main.ts:2: '../../package.json' leaves src/",
      'src/cli/main.ts:3: import() of a computed specifier: its direction cannot be checked',
      'src/config/load.ts → src/load/read.ts  (options, rank 0, imports load, rank 1, a later stage; line 2)',
      'src/extras/thing.ts: no rank: give its folder one in scripts/check-imports.mjs (RANKS)',
      'src/layout/page.ts → src/render/paint.ts  (layout, rank 4, imports render, rank 5, a later stage; line 3)',
      'src/load/read.ts → src/layout/page.ts  (load, rank 1, imports layout, rank 4, a later stage; types only; line 2, 3)',
      'src/model/types.ts → src/util/x.ts  (within rank 0, model may import only model; not util; types only; line 2)',
      'src/render/paint.ts → src/pipeline.ts  (render, rank 5, imports a driver (rank 6); line 2)',
      "src/render/paint.ts:3: './missing.js' resolves to no file",
    ]);
  });

  it('takes a comment before any code as the opening comment', () => {
    expect(opensWithComment('// Reads the corpus.\nimport fs from "node:fs";\n')).toBe(true);
    expect(opensWithComment('#!/usr/bin/env node\n// The entry point.\nimport fs from "node:fs";\n')).toBe(true);
    expect(opensWithComment('\n/**\n * The document model.\n */\n\nexport interface A {}\n')).toBe(true);
    expect(opensWithComment('/** The config file name. */\nexport const F = "x";\n')).toBe(true);
    expect(opensWithComment('import fs from "node:fs";\n// Reads the corpus.\n')).toBe(false);
    expect(opensWithComment('#!/usr/bin/env node\nimport fs from "node:fs";\n')).toBe(false);
    expect(opensWithComment('//\nexport {};\n')).toBe(false);
    expect(opensWithComment('')).toBe(false);
  });
});
