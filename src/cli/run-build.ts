// One build, check or watch rebuild with reporting: diagnostics, progress, summary, JSON (loaded when build, check or watch runs).
import path from 'node:path';
import { Diagnostics } from '../diagnostics.js';
import { build, type BuildResult } from '../pipeline.js';
import type { BuildFlags } from './options.js';
import { pagesOf, type Reporter } from './reporter.js';
import { describeOptions, resolveBuild } from './resolve.js';
import { EXIT, jsonDiagnostics } from './shared.js';

function resultJson(command: string, corpus: string, configFile: string | undefined, result: BuildResult | { diagnostics: Diagnostics; outputs: [] }, ms: number, code: number): Record<string, unknown> {
  return {
    command,
    ok: code === EXIT.ok,
    exitCode: code,
    corpus: path.resolve(corpus),
    config: configFile ?? null,
    book: 'book' in result && result.book ? { title: result.book.meta.title, slug: result.book.meta.slug, language: result.book.meta.language, articles: result.book.articles.length } : null,
    outputs: result.outputs.map((o) => ({ kind: o.kind, file: path.resolve(o.file), bytes: o.bytes, pages: pagesOf(o), ms: Math.round(o.ms) })),
    diagnostics: jsonDiagnostics(result.diagnostics.items),
    counts: { errors: result.diagnostics.errors.length, warnings: result.diagnostics.warnings.length },
    ms: Math.round(ms),
  };
}

/** One build (or check) with reporting: diagnostics, progress on a terminal, summary, JSON. */
export async function runBuild(command: 'build' | 'check' | 'watch', flags: BuildFlags, r: Reporter, changed: readonly string[] = []): Promise<number> {
  const started = performance.now();
  const diags = new Diagnostics();
  const resolved = await resolveBuild(flags, diags);
  if (!resolved) {
    r.diagnostics(diags.items);
    r.summary({ diagnostics: diags, outputs: [] }, performance.now() - started, { wrote: command !== 'check' });
    r.emitJson(resultJson(command, flags.corpus, undefined, { diagnostics: diags, outputs: [] }, performance.now() - started, EXIT.input));
    return EXIT.input;
  }
  const { options, config } = resolved;
  r.verbose(describeOptions(options, config));
  r.startProgress(`reading ${path.relative(process.cwd(), path.resolve(options.corpus)) || '.'}…`);
  let result: BuildResult;
  try {
    // details: false — the CLI reports page counts only, so laid-out pages are let go once painted.
    const run = { ...options, details: false, write: command !== 'check', onProgress: r.buildProgress(options.outputs) };
    // The watch session (and its cache) loads only for watch.
    result = command === 'watch' ? await (await import('../watch/rebuild.js')).rebuild(run, changed) : await build(run);
  } finally {
    r.stopProgress();
  }
  // Config warnings (none today) come first, then the build's.
  const all = [...diags.items, ...result.diagnostics.items];
  const merged = new Diagnostics();
  all.forEach((d) => merged.add(d));
  const res = { ...result, diagnostics: merged };
  const code = merged.hasErrors ? EXIT.input : EXIT.ok;
  const ms = performance.now() - started;
  r.diagnostics(merged.items);
  r.summary(res, ms, { wrote: command !== 'check' });
  r.emitJson(resultJson(command, options.corpus, config.file, res, ms, code));
  return code;
}
