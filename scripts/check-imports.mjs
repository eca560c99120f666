#!/usr/bin/env node
// Checks that src/ imports go one way along the pipeline (load → parse → analyse → layout → render) and that every file opens with a comment; test/imports.test.ts runs it.
//
// Every relative `import … from`, `export … from`, `import x = require(…)`, dynamic `import(…)`, type
// `import('…').T`, `require(…)` and `new URL('….js', import.meta.url)` in src/**/*.ts is resolved to a
// file, and each file gets a rank from RANKS (its folder, or the file itself). A module may import only
// from its own rank or lower. Type-only imports count too: a type names the stage that owns it.
// `node scripts/check-imports.mjs` prints what is wrong and exits 1; it exits 0 when nothing is.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Ranks, lowest first; `prefix` is a folder (ends in /) or a file under src/. `group` refines rank 0,
 * whose parts may import each other only as BASE_IMPORTS says. A file matching no prefix has no rank
 * and fails the check, so a new folder must be given one here.
 */
export const RANKS = [
  // rank 0, the shared base: the document model, diagnostics, helpers, options, fonts, library seams.
  { prefix: 'model/', rank: 0, group: 'model' },
  { prefix: 'types/', rank: 0, group: 'types' },
  { prefix: 'diagnostics.ts', rank: 0, group: 'util' },
  { prefix: 'util/', rank: 0, group: 'util' },
  { prefix: 'seams/', rank: 0, group: 'seams' },
  { prefix: 'config/', rank: 0, group: 'options' },
  { prefix: 'fonts/', rank: 0, group: 'options' },
  { prefix: 'templates.ts', rank: 0, group: 'options' },
  // the stages, in the order data flows.
  { prefix: 'load/', rank: 1, group: 'load' },
  { prefix: 'parse/', rank: 2, group: 'parse' },
  { prefix: 'analyse/', rank: 3, group: 'analyse' },
  { prefix: 'layout/', rank: 4, group: 'layout' },
  { prefix: 'render/', rank: 5, group: 'render' },
  // rank 6, the drivers: they run the stages; nothing below them may import them.
  { prefix: 'pipeline.ts', rank: 6, group: 'drivers' },
  { prefix: 'watch/', rank: 6, group: 'drivers' },
  { prefix: 'preview/', rank: 6, group: 'drivers' },
  { prefix: 'cli/', rank: 6, group: 'drivers' },
];

/**
 * Within rank 0, what each part may import. The model imports nothing but itself (so are the ambient
 * declarations in types/); diagnostics.ts and util/ the model and each other; the library seams those
 * too; config/, fonts/ and templates.ts all of the base and each other (fonts wrap the fontkit seam).
 */
export const BASE_IMPORTS = {
  model: ['model'],
  types: ['types'],
  util: ['model', 'util'],
  seams: ['model', 'util', 'seams'],
  options: ['model', 'util', 'seams', 'options'],
};

/** The rank entry of a file under src/ (a path relative to src/, with /), or null when it has none. */
export function rankOf(rel) {
  return RANKS.find((r) => (r.prefix.endsWith('/') ? rel.startsWith(r.prefix) : rel === r.prefix)) ?? null;
}

/** Every .ts file under `dir` (absolute paths, sorted). */
export function sourceFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.[mc]?ts$/.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * The module references in a TypeScript source: { specifier, line, kind, typeOnly }, specifier null
 * when it is computed (a dynamic import of a variable). Parsed, so imports in comments and strings
 * (help texts, templates) are not taken for real ones.
 */
export function moduleReferences(text, fileName = 'file.ts') {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const refs = [];
  const add = (node, spec, kind, typeOnly = false) => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    refs.push({ specifier: spec && ts.isStringLiteralLike(spec) ? spec.text : null, line, kind, typeOnly });
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node)) {
      add(node, node.moduleSpecifier, 'import', !!node.importClause?.isTypeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      add(node, node.moduleSpecifier, 'export', node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, 'import', node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal, 'import type', true);
    } else if (ts.isCallExpression(node)) {
      const [arg] = node.arguments;
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        add(node, arg, 'import()');
      } else if (arg && ts.isStringLiteralLike(arg) && isRequire(node.expression)) {
        add(node, arg, 'require');
      }
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL') {
      // new URL('./worker.js', import.meta.url): a module loaded by URL (a worker thread).
      const [arg, base] = node.arguments ?? [];
      if (arg && ts.isStringLiteralLike(arg) && /\.[mc]?[jt]s$/.test(arg.text) && base && base.getText(sf) === 'import.meta.url') add(node, arg, 'new URL');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return refs;
}

/** `require` or `createRequire(…)`. */
function isRequire(callee) {
  if (ts.isIdentifier(callee)) return callee.text === 'require';
  return ts.isCallExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'createRequire';
}

/** The file a relative specifier names, as TypeScript's NodeNext resolution finds it (./x.js → ./x.ts), or null. */
export function resolveSpecifier(fromFile, specifier) {
  const p = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [];
  const m = /\.([mc]?)js$/.exec(p);
  if (m) {
    const stem = p.slice(0, -m[0].length);
    candidates.push(`${stem}.${m[1]}ts`, `${stem}.d.${m[1]}ts`);
  }
  candidates.push(p, `${p}.ts`, `${p}.d.ts`, path.join(p, 'index.ts'));
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? null;
}

/** Why `from` may not import `to` (rank entries), or null when it may. */
export function forbidden(from, to) {
  if (to.rank > from.rank) {
    return to.rank === 6
      ? `${from.group}, rank ${from.rank}, imports a driver (rank 6)`
      : `${from.group}, rank ${from.rank}, imports ${to.group}, rank ${to.rank}, a later stage`;
  }
  if (from.rank === 0 && to.rank === 0 && !BASE_IMPORTS[from.group].includes(to.group)) {
    return `within rank 0, ${from.group} may import only ${BASE_IMPORTS[from.group].join(', ')}; not ${to.group}`;
  }
  return null;
}

/**
 * The import check over `root`/src: { edges, problems }. `problems` are strings, one per line of the
 * report: offending edges (`src/a/x.ts → src/b/y.ts  (why; line N)`), files with no rank, relative
 * specifiers that resolve to no file or leave src/, and computed dynamic imports.
 */
export function checkImports(root = ROOT) {
  const src = path.join(root, 'src');
  const rel = (f) => path.relative(root, f).split(path.sep).join('/');
  const files = sourceFiles(src);
  const edges = [];
  const problems = [];
  for (const file of files) {
    const fromRel = path.relative(src, file).split(path.sep).join('/');
    const from = rankOf(fromRel);
    // This file's problems, put in the order of their first line.
    const mine = [];
    if (!from) mine.push({ line: 0, text: `${rel(file)}: no rank: give its folder one in scripts/check-imports.mjs (RANKS)` });
    const offending = new Map();
    for (const ref of moduleReferences(fs.readFileSync(file, 'utf8'), file)) {
      if (ref.specifier === null) {
        mine.push({ line: ref.line, text: `${rel(file)}:${ref.line}: ${ref.kind} of a computed specifier: its direction cannot be checked` });
        continue;
      }
      if (!ref.specifier.startsWith('.')) continue;
      const target = resolveSpecifier(file, ref.specifier);
      if (!target) {
        mine.push({ line: ref.line, text: `${rel(file)}:${ref.line}: '${ref.specifier}' resolves to no file` });
        continue;
      }
      const toRel = path.relative(src, target).split(path.sep).join('/');
      if (toRel.startsWith('..')) {
        mine.push({ line: ref.line, text: `${rel(file)}:${ref.line}: '${ref.specifier}' leaves src/` });
        continue;
      }
      const to = rankOf(toRel);
      edges.push({ from: rel(file), to: rel(target), line: ref.line, kind: ref.kind, typeOnly: ref.typeOnly });
      if (!from || !to) continue; // the file with no rank is reported once, above (every src file is walked)
      const why = forbidden(from, to);
      if (!why) continue;
      const key = rel(target);
      const seen = offending.get(key) ?? { why, lines: [], typeOnly: true };
      seen.lines.push(ref.line);
      seen.typeOnly &&= ref.typeOnly;
      offending.set(key, seen);
    }
    for (const [to, { why, lines, typeOnly }] of offending) {
      mine.push({ line: lines[0], text: `${rel(file)} → ${to}  (${why}${typeOnly ? '; types only' : ''}; line ${lines.join(', ')})` });
    }
    problems.push(...mine.sort((a, b) => a.line - b.line).map((p) => p.text));
  }
  return { files: files.map(rel), edges, problems };
}

/**
 * Whether a source opens with a comment saying what the file is for: after an optional #! line and
 * blank lines, a `//` line or a `/* … *\/` block with some text in it, before any import or code.
 */
export function opensWithComment(text) {
  const rest = text.replace(/^\uFEFF/, '').replace(/^#![^\n]*\n/, '').replace(/^\s+/, '');
  const m = /^\/\/([^\n]*)/.exec(rest) ?? /^\/\*([\s\S]*?)\*\//.exec(rest);
  return !!m && /[\p{L}\p{N}]/u.test(m[1]);
}

/** Files under `root`/src that do not open with a comment (paths relative to root). */
export function filesWithoutOpeningComment(root = ROOT) {
  return sourceFiles(path.join(root, 'src'))
    .filter((f) => !opensWithComment(fs.readFileSync(f, 'utf8')))
    .map((f) => path.relative(root, f).split(path.sep).join('/'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { problems } = checkImports();
  const uncommented = filesWithoutOpeningComment();
  if (problems.length > 0) {
    process.stdout.write(`Imports against the pipeline's direction (load → parse → analyse → layout → render) and other import problems, ${problems.length}:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
  }
  if (uncommented.length > 0) {
    process.stdout.write(`Files that do not open with a comment saying what they are for, ${uncommented.length}:\n${uncommented.map((p) => `  ${p}`).join('\n')}\n`);
  }
  process.exitCode = problems.length > 0 || uncommented.length > 0 ? 1 : 0;
}
