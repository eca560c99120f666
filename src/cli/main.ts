#!/usr/bin/env node
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { Command, CommanderError } from 'commander';
import { initPack } from './init.js';
import { describeOptions, parseAnswerLines, parsePaper, parsePort, parseSignature, resolveBuild, resolveBuildWith, type BuildFlags } from './options.js';
import { pagesOf, Reporter, type ReporterOptions } from './reporter.js';
import { didYouMean } from '../config/did-you-mean.js';
import { CONFIG_FILE } from '../config/file.js';
import { Diagnostics, type Diagnostic } from '../diagnostics.js';
import { build, readBook, type BuildResult } from '../pipeline.js';
import { rebuild } from '../watch/rebuild.js';
import { watchCorpus } from '../watch/watcher.js';


// V8 lets a heap grow to several times what is live before collecting it. A 1,000-article pack keeps a few
// hundred megabytes live and so peaked at 2.3 GB; a growth of 30 % over live held it to 1.2 GB at the same
// speed (measured: npm run bench, and README "Performance"). Process-wide: the worker thread has it too.
v8.setFlagsFromString('--heap-growing-percent=30');

/** Exit codes (README, "Exit codes"). */
const EXIT = { ok: 0, input: 1, usage: 2, internal: 70 } as const;

const VERSION = (JSON.parse(fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../package.json'), 'utf8')) as { version: string }).version;

const EXIT_CODES = `
Exit codes:
  0   done (warnings allowed)
  1   errors in the input or the config (diagnostics printed; nothing written)
  2   usage error (unknown command or option, bad option value)
  70  internal error (a bug: one line; STUDYPACK_DEBUG=1 prints the stack)`;

type GlobalFlags = ReporterOptions;

function reporterFor(cmd: Command): Reporter {
  const g = cmd.optsWithGlobals() as GlobalFlags;
  return new Reporter({ quiet: g.quiet, verbose: g.verbose, json: g.json });
}

function jsonDiagnostics(items: readonly Diagnostic[]): Diagnostic[] {
  return items.map((d) => ({ file: path.resolve(d.file), line: d.line, column: d.column, severity: d.severity, message: d.message, rule: d.rule }));
}

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
async function runBuild(command: 'build' | 'check' | 'watch', flags: BuildFlags, r: Reporter, changed: readonly string[] = []): Promise<number> {
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
    result = command === 'watch' ? await rebuild(run, changed) : await build(run);
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

function addBuildOptions(cmd: Command, opts: { out: boolean; outputs: boolean }): Command {
  cmd.option('--corpus <dir>', `the pack's folder: Markdown articles, ${CONFIG_FILE}, book.yaml, glossary.yaml`, 'corpus');
  if (opts.out) cmd.option('--out <dir>', 'folder for the outputs', 'out');
  if (opts.outputs) {
    cmd
      .option('--pdf', 'the PDF handout')
      .option('--epub', 'the EPUB 3')
      .option('--sheets', 'the discussion sheets (out/sheets/NN-<slug>.pdf and all.pdf)')
      .option('--booklet', 'out/<slug>-booklet.pdf: A5 pages two-up on A4 landscape, saddle-stitched');
  }
  return cmd
    .option('--signature <n>', 'booklet gatherings of N pages (a multiple of 4; default: one)', parseSignature)
    .option('--paper <size>', 'PDF paper: A4, A5 or Letter (default: config, else A4)', parsePaper)
    .option('--duplex', 'PDF for two-sided printing: articles start on right-hand pages')
    .option('--no-duplex', "one-sided, whatever the config says")
    .option('--answer-lines <n>', 'ruled lines under each question on the sheets, at least (default: config, else 5)', parseAnswerLines)
    .option('--keep-ascii-punctuation', 'do not turn ASCII , : ; ? ! ( ) between Chinese characters into full-width marks');
}

function buildFlags(cmd: Command): BuildFlags {
  const o = cmd.opts() as BuildFlags;
  return { ...o, out: o.out ?? 'out' };
}

function makeProgram(setExit: (code: number) => void): Command {
  const program = new Command();
  // Before the subcommands are made, so they inherit it: usage errors throw (exit 2), messages prefixed.
  program.exitOverride().configureOutput({ outputError: (str, write) => write(`studypack: ${str.replace(/^error: /, '')}`) });
  program
    .name('studypack')
    .description('Chinese Markdown articles → a study pack: PDF handout, EPUB 3, discussion sheets.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .option('-q, --quiet', 'print errors only: no warnings, progress or summary')
    .option('-v, --verbose', 'also print the config used, the options and notes')
    .option('--json', 'print diagnostics and outputs as one JSON document on stdout (README: "JSON output")')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `
Examples:
  studypack init my-pack                 a new pack: config, an example article, a glossary
  studypack build --corpus my-pack       PDF handout, EPUB and discussion sheets into out/
  studypack check --corpus my-pack       report every problem, write nothing
  studypack preview --corpus my-pack     browse the pack at http://127.0.0.1:4173/, refreshing as you edit
${EXIT_CODES}

Run 'studypack <command> --help' for a command's options.`,
    );

  addBuildOptions(program.command('build', { isDefault: true }).description('write the PDF handout, the EPUB and the discussion sheets (the default command)'), { out: true, outputs: true })
    .addHelpText(
      'after',
      `
Flags win over ${CONFIG_FILE}, which wins over the defaults. Without --pdf/--epub/--sheets/--booklet
the config's 'outputs' are built (default: pdf, epub, sheets).

Examples:
  studypack build                                  the pack in ./corpus into ./out
  studypack build --corpus ~/articles --out ~/pack --paper A5 --duplex
  studypack build --pdf --booklet --signature 8    handout and a booklet in gatherings of 8 pages
  studypack build --json > result.json             for editors and CI
${EXIT_CODES}`,
    )
    .action(async (_o, cmd: Command) => setExit(await runBuild('build', buildFlags(cmd), reporterFor(cmd))));

  addBuildOptions(program.command('check').description('validate the config and the corpus and print every diagnostic; write nothing'), { out: false, outputs: true })
    .addHelpText(
      'after',
      `
Everything a build does except writing files, so every error and warning is found.

Examples:
  studypack check --corpus my-pack
  studypack check --json | jq '.diagnostics[] | select(.severity == "error")'
${EXIT_CODES}`,
    )
    .action(async (_o, cmd: Command) => setExit(await runBuild('check', buildFlags(cmd), reporterFor(cmd))));

  program
    .command('init')
    .argument('<dir>', 'folder for the new pack (created; must not hold a pack already)')
    .description(`start a new pack: ${CONFIG_FILE}, an example article with questions, glossary.yaml`)
    .addHelpText(
      'after',
      `
Examples:
  studypack init my-pack && studypack build --corpus my-pack
${EXIT_CODES}`,
    )
    .action((dir: string, _o, cmd: Command) => {
      const r = reporterFor(cmd);
      const made = initPack(dir);
      if (made.problem) {
        r.problem(made.problem);
        r.emitJson({ command: 'init', ok: false, exitCode: EXIT.input, created: [], error: made.problem });
        return setExit(EXIT.input);
      }
      for (const f of made.created) r.info(`created ${path.relative(process.cwd(), f) || f}`);
      r.info(`next: studypack build --corpus ${dir}   (or: studypack preview --corpus ${dir})`);
      r.emitJson({ command: 'init', ok: true, exitCode: EXIT.ok, created: made.created });
      setExit(EXIT.ok);
    });

  program
    .command('index')
    .description('glossary tools: --suggest prints candidates the glossary lacks, as YAML to review and paste')
    .requiredOption('--suggest', 'list glossary candidates (names, organisations) the glossary lacks')
    .option('--corpus <dir>', "the pack's folder", 'corpus')
    .addHelpText(
      'after',
      `
Examples:
  studypack index --suggest --corpus my-pack >> my-pack/glossary.yaml   (then review the file)
${EXIT_CODES}`,
    )
    .action(async (o: { corpus: string }, cmd: Command) => setExit(await suggestCommand(o.corpus, reporterFor(cmd))));

  addBuildOptions(program.command('watch').description('build, then rebuild whenever a file of the pack changes (Ctrl-C stops)'), { out: true, outputs: true })
    .addHelpText(
      'after',
      `
Errors in the input are printed and the last good outputs stay; watching goes on. With --json,
one JSON document per build, one per line.

Examples:
  studypack watch --corpus my-pack --pdf
${EXIT_CODES}`,
    )
    .action(async (_o, cmd: Command) => setExit(await watchCommand(buildFlags(cmd), reporterFor(cmd))));

  program
    .command('preview')
    .description('serve the pack as web pages on 127.0.0.1 (the EPUB\'s templates and CSS), refreshing as you edit')
    .option('--corpus <dir>', "the pack's folder", 'corpus')
    .option('--port <n>', 'port on 127.0.0.1 (0: any free port)', parsePort, 4173)
    .option('--keep-ascii-punctuation', 'do not turn ASCII , : ; ? ! ( ) between Chinese characters into full-width marks')
    .addHelpText(
      'after',
      `
Prints the address, e.g. 'preview: http://127.0.0.1:4173/' (with --json: {"command":"preview","url":…}).
Pages refresh by themselves when a file of the pack changes; while the pack has errors they show
them in a banner and keep the last good text.

Examples:
  studypack preview --corpus my-pack
  studypack preview --port 0            any free port
${EXIT_CODES}`,
    )
    .action(async (o: { corpus: string; port: number; keepAsciiPunctuation?: boolean }, cmd: Command) =>
      setExit(await previewCommand(o, reporterFor(cmd))),
    );

  return program;
}

/** `index --suggest`: glossary candidates the glossary lacks, as YAML to paste into glossary.yaml. */
async function suggestCommand(corpus: string, r: Reporter): Promise<number> {
  const diags = new Diagnostics();
  const resolved = await resolveBuild({ corpus, out: 'out' }, diags);
  const book = resolved ? readBook(corpus, diags, { book: resolved.options.book, labels: resolved.options.labels, normalisePunctuation: resolved.options.normalisePunctuation }) : null;
  r.diagnostics(diags.items.filter((d) => d.severity === 'error'));
  if (!book) {
    r.emitJson({ command: 'index', ok: false, exitCode: EXIT.input, diagnostics: jsonDiagnostics(diags.items) });
    return EXIT.input;
  }
  const s = (await import('../analyse/suggest.js')).suggestGlossary(book);
  r.stdout(s.yaml);
  r.info(`studypack: ${s.names.length} name candidate(s) and ${s.numbers} number(s) with units the glossary does not hold`);
  r.emitJson({ command: 'index', ok: true, exitCode: EXIT.ok, candidates: s.names, numbers: s.numbers, yaml: s.yaml, diagnostics: jsonDiagnostics(diags.items) });
  return EXIT.ok;
}

/** Stops on SIGINT/SIGTERM: resolves, so the command can close what it opened. */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

async function watchCommand(flags: BuildFlags, r: Reporter): Promise<number> {
  const corpus = path.resolve(flags.corpus);
  if (!fs.existsSync(corpus) || !fs.statSync(corpus).isDirectory()) {
    r.problem(`corpus folder not found: ${flags.corpus}`);
    return EXIT.input;
  }
  let running = false;
  let queued: string[] | null = null;
  const run = async (changed: string[]): Promise<void> => {
    if (running) {
      queued = [...(queued ?? []), ...changed];
      return;
    }
    running = true;
    let next: string[] | null = changed;
    while (next) {
      // Editors and sed write temporary files and rename them: name the files that are there now.
      const shown = next.filter((f) => fs.existsSync(f)).map((f) => path.relative(corpus, f));
      if (next.length > 0) r.info(`\nchanged: ${shown.length > 0 ? shown.join(', ') : 'files in the corpus folder'}`);
      // Never exits on input errors: they are printed, the last good outputs stay.
      await runBuild('watch', flags, r, next);
      next = queued;
      queued = null;
    }
    running = false;
  };
  await run([]);
  const watcher = watchCorpus(corpus, (files) => void run(files), { ignore: [flags.out] });
  r.info(`watching ${path.relative(process.cwd(), corpus) || '.'} for changes (Ctrl-C to stop)`);
  await untilStopped();
  watcher.close();
  return EXIT.ok;
}

async function previewCommand(o: { corpus: string; port: number; keepAsciiPunctuation?: boolean }, r: Reporter): Promise<number> {
  const { renderSite, problemsPage } = await import('../preview/site.js');
  const { startPreviewServer } = await import('../preview/server.js');
  const { loadConfig } = await import('../config/load.js');
  const { formatDiagnostic } = await import('../diagnostics.js');
  const corpus = path.resolve(o.corpus);
  if (!fs.existsSync(corpus) || !fs.statSync(corpus).isDirectory()) {
    r.problem(`corpus folder not found: ${o.corpus}`);
    return EXIT.input;
  }
  const render = () => {
    const diags = new Diagnostics();
    const resolved = resolveBuildWith(loadConfig, { corpus: o.corpus, out: 'out', keepAsciiPunctuation: o.keepAsciiPunctuation }, diags);
    if (!resolved) return { site: null, diagnostics: diags };
    const site = renderSite(resolved.options);
    site.diagnostics.items.forEach((d) => diags.add(d));
    return { site: site.site, diagnostics: diags };
  };
  const first = render();
  r.diagnostics(first.diagnostics.items);
  let server;
  try {
    server = await startPreviewServer(first.site ?? problemsPage(first.diagnostics), o.port);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    r.problem(code === 'EADDRINUSE' ? `port ${o.port} is in use; try --port 0 for any free port` : `cannot serve the preview: ${(e as Error).message}`);
    return EXIT.usage;
  }
  r.stdout(`preview: ${server.url}\n`);
  r.emitJson({ command: 'preview', ok: true, url: server.url, port: server.port, diagnostics: jsonDiagnostics(first.diagnostics.items) });
  r.info(`serving ${path.relative(process.cwd(), corpus) || '.'}; refreshing on changes (Ctrl-C to stop)`);
  const s = server;
  let busy = Promise.resolve();
  const watcher = watchCorpus(corpus, (files) => {
    busy = busy.then(() => {
      const next = render();
      r.diagnostics(next.diagnostics.items);
      if (next.site) {
        s.publish(next.site);
        const shown = files.filter((f) => fs.existsSync(f)).map((f) => path.relative(corpus, f));
        r.info(`refreshed after changes to ${shown.length > 0 ? shown.join(', ') : 'files in the corpus folder'}`);
      } else {
        s.problems(next.diagnostics.errors.map((d) => formatDiagnostic(d)).join('\n'));
        r.info('errors: the preview keeps the last good pages');
      }
      r.emitJson({ command: 'preview', ok: !!next.site, url: s.url, diagnostics: jsonDiagnostics(next.diagnostics.items) });
    });
  });
  await untilStopped();
  watcher.close();
  await server.close();
  return EXIT.ok;
}

/** Known commands, for a "did you mean" on a misspelt one (the default command takes no words). */
const COMMANDS = ['build', 'check', 'init', 'index', 'watch', 'preview', 'help'];

async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = makeProgram((c) => (code = c));
  const first = argv[0];
  if (first !== undefined && !first.startsWith('-') && !COMMANDS.includes(first)) {
    process.stderr.write(`studypack: unknown command '${first}'${didYouMean(first, COMMANDS)}\n(run 'studypack --help' for the commands)\n`);
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw e;
  }
  return code;
}

let failed = false;
/**
 * A bug, not an input problem: one line (no stack trace unless asked for), and the process ends with the
 * internal-error code. `now`: at once, whatever still runs (a failed rebuild while the watcher or server
 * holds the process). Else the failed command has let go of what it started (the build stops its worker
 * thread) and the process ends by itself; when something still holds it after 2 s, it is stopped, saying so.
 */
function internalError(e: unknown, now: boolean): void {
  if (failed) return;
  failed = true;
  const detail = process.env.STUDYPACK_DEBUG ? `\n${(e as Error)?.stack ?? ''}` : ' (run again with STUDYPACK_DEBUG=1 for details, and please report it)';
  process.exitCode = EXIT.internal;
  const line = `studypack: internal error: ${(e as Error)?.message ?? String(e)}${detail}\n`;
  if (now) {
    process.stderr.write(line, () => process.exit(EXIT.internal));
    return;
  }
  process.stderr.write(line);
  setTimeout(() => {
    process.stderr.write('studypack: still busy 2 s after the internal error; stopped\n', () => process.exit(EXIT.internal));
  }, 2000).unref();
}
// What fails outside the command's own promise: a rebuild in watch mode, a refresh of the preview.
process.on('uncaughtException', (e) => internalError(e, true));
process.on('unhandledRejection', (e) => internalError(e, true));

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // watch and preview return once stopped by a signal; end the process even if a handle lingers.
    if (process.argv.slice(2).some((a) => a === 'watch' || a === 'preview')) process.exit(code);
  },
  (e: unknown) => internalError(e, false),
);
