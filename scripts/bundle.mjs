#!/usr/bin/env node
// Bundles the CLI and the worker thread with esbuild into dist/studypack.mjs and dist/worker.mjs (run by `npm run compile`).
//
//   node scripts/bundle.mjs [--mode deps|own|single] [--metafile]
//
// From src/ (TypeScript, types stripped; `tsc -p .` type-checks and writes the source build, dist/**/*.js).
// ESM for Node 20, code split: what the CLI loads with import() (a command, the pipeline, a renderer) is in
// chunks of its own (dist/chunk-*.mjs), loaded only when it runs, as from the source build; the worker shares
// the chunks. Every file is in dist/, so src/util/package-root.ts finds the package root one folder up.
//
// Modes (the default is the one `npm run compile` uses; the others are kept to measure against it):
//   deps    our src/ and every package that can be bundled; those with native code, a WebAssembly file or
//           loaded with createRequire (EXTERNAL below) stay in node_modules
//   own     only our src/ bundled; every package stays in node_modules
//   single  like deps, but one file each, no chunks: every module is parsed at start-up, and the external
//           packages, imported at the top of that one file, are all loaded at start-up
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');

/**
 * Packages left in node_modules, and why: @resvg/resvg-js, @node-rs/jieba and sharp are native;
 * subset-font loads harfbuzz's .wasm file beside its own; mathjax-full, epub-gen-memory and svg-to-pdfkit
 * are loaded with createRequire where used (listed so that a later static import of them stays out too).
 * pinyin-pro is bundled where it is imported and loaded with createRequire by src/load/slug.ts, both as
 * from the source build.
 */
export const EXTERNAL = ['@resvg/resvg-js', '@node-rs/jieba', 'sharp', 'subset-font', 'mathjax-full', 'epub-gen-memory', 'svg-to-pdfkit'];

/**
 * pdfkit finds its data (the sRGB profile for PDF/A, the standard fonts' metrics) from its own file's URL,
 * `import.meta.url`; bundled, that would be the bundle's. Its two uses are given the URL of pdfkit's own
 * entry point in node_modules instead, resolved at run time (js/pdfkit.js, beside js/pdfkit.node.mjs).
 * The bundle fails to build if a pdfkit upgrade changes them. pdfkit is bundled with fontkit, which the
 * layout shares with it (the layout's Font objects are handed to pdfkit: one fontkit, one module load).
 */
const pdfkitOwnUrl = {
  name: 'pdfkit-own-url',
  setup(build) {
    build.onLoad({ filter: /[\\/]pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      const uses = text.split('import.meta.url').length - 1;
      if (uses !== 2) throw new Error(`scripts/bundle.mjs: pdfkit.node.mjs uses import.meta.url ${uses} times, not 2: check the pdfkit-own-url plugin against this pdfkit`);
      const own = [
        "import { createRequire as __pdfkitCreateRequire } from 'node:module';",
        "import { pathToFileURL as __pdfkitPathToFileURL } from 'node:url';",
        "const __pdfkitUrl = __pdfkitPathToFileURL(__pdfkitCreateRequire(import.meta.url).resolve('pdfkit')).href;",
      ].join('\n');
      return { contents: `${own}\n${text.replaceAll('import.meta.url', '__pdfkitUrl')}`, loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

/** tiny-inflate's contract done by Node's zlib (scripts/shims/tiny-inflate.cjs, which falls back on the real one). */
export const TINY_INFLATE_SHIM = path.join(ROOT, 'scripts/shims/tiny-inflate.cjs');
const nativeInflate = {
  name: 'native-inflate',
  setup(build) {
    build.onResolve({ filter: /^tiny-inflate$/ }, (args) => (args.importer === TINY_INFLATE_SHIM ? undefined : { path: TINY_INFLATE_SHIM }));
  },
};

/** The esbuild options for a mode. */
export function bundleOptions(mode = 'deps') {
  if (!['deps', 'own', 'single'].includes(mode)) throw new Error(`bundle: unknown mode '${mode}' (deps, own or single)`);
  return {
    absWorkingDir: ROOT,
    entryPoints: { studypack: 'src/cli/main.ts', worker: 'src/render/worker.ts' },
    outdir: DIST,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: mode !== 'single',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Packages resolved as Node resolves them: "exports" with node, import or require (by how each is
    // loaded) and default; else "main". Not esbuild's extra "module" condition and field: a package's ESM
    // twin of what Node would load is another module (yazl's require of buffer-crc32 broke on it).
    conditions: [],
    mainFields: ['main'],
    ...(mode === 'own' ? { packages: 'external' } : { external: EXTERNAL.flatMap((p) => [p, `${p}/*`]), plugins: [pdfkitOwnUrl, nativeInflate] }),
    define: { __STUDYPACK_BUNDLE__: 'true' },
    // CommonJS packages bundled into ESM call require() for Node's modules: give each file a real one.
    // (esbuild renames any module's own top-level `require`, a createRequire, out of its way.)
    banner: { js: "import { createRequire as __studypackCreateRequire } from 'node:module';\nconst require = __studypackCreateRequire(import.meta.url);" },
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  };
}

/** Removes the previous bundle's files (the entry points and every chunk) from dist/. */
function clean() {
  if (!fs.existsSync(DIST)) return;
  for (const f of fs.readdirSync(DIST)) if (/^(studypack|worker|chunk-[A-Z0-9]+)\.mjs$/.test(f)) fs.rmSync(path.join(DIST, f));
}

export async function bundle(mode = 'deps') {
  clean();
  const result = await esbuild.build(bundleOptions(mode));
  fs.chmodSync(path.join(DIST, 'studypack.mjs'), 0o755);
  return result;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--mode');
  const mode = at >= 0 ? args[at + 1] : 'deps';
  const t0 = performance.now();
  const result = await bundle(mode);
  const outputs = Object.entries(result.metafile.outputs);
  const bytes = outputs.reduce((s, [, o]) => s + o.bytes, 0);
  if (args.includes('--metafile')) fs.writeFileSync(path.join(DIST, 'bundle-meta.json'), JSON.stringify(result.metafile));
  process.stderr.write(`bundle (${mode}): ${outputs.length} files in dist/, ${(bytes / 1024).toFixed(0)} KB, ${Math.round(performance.now() - t0)} ms\n`);
}
