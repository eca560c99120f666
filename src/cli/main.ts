#!/usr/bin/env node
// studypack's entry point: the program and its global options, exit codes, internal errors; each command is in commands/.
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { Command, CommanderError } from 'commander';
import { registerBuild } from './commands/build.js';
import { registerCheck } from './commands/check.js';
import { registerIndexSuggest } from './commands/index-suggest.js';
import { registerInit } from './commands/init.js';
import { registerPreview } from './commands/preview.js';
import { registerWatch } from './commands/watch.js';
import { PACKAGE_ROOT } from '../util/package-root.js';
import { EXIT, EXIT_CODES, type SetExit } from './shared.js';

// V8 lets a heap grow to several times what is live before collecting it. A 1,000-article pack keeps a few
// hundred megabytes live and so peaked at 2.3 GB; a growth of 30 % over live held it to 1.2 GB at the same
// speed (measured: npm run bench, and README "Performance"). Process-wide: the worker thread has it too.
v8.setFlagsFromString('--heap-growing-percent=30');

const VERSION = (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

// Each command module registers its command and loads what it runs only when it runs (dynamic import()),
// so start-up, --help and --version load commander and these small modules only.
function makeProgram(setExit: SetExit): Command {
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

  // In this order in the help.
  registerBuild(program, setExit);
  registerCheck(program, setExit);
  registerInit(program, setExit);
  registerIndexSuggest(program, setExit);
  registerWatch(program, setExit);
  registerPreview(program, setExit);
  return program;
}

/** Known commands, for a "did you mean" on a misspelt one (the default command takes no words). */
const COMMANDS = ['build', 'check', 'init', 'index', 'watch', 'preview', 'help'];

async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = makeProgram((c) => (code = c));
  const first = argv[0];
  if (first !== undefined && !first.startsWith('-') && !COMMANDS.includes(first)) {
    const { didYouMean } = await import('../config/did-you-mean.js');
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
