// `studypack watch`: build, then rebuild whenever a file of the pack changes, until Ctrl-C.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { addBuildOptions, buildFlags, type BuildFlags } from '../options.js';
import type { Reporter } from '../reporter.js';
import { EXIT, EXIT_CODES, reporterFor, untilStopped, type SetExit } from '../shared.js';

/** Adds `watch` to the program. */
export function registerWatch(program: Command, setExit: SetExit): Command {
  return addBuildOptions(program.command('watch').description('build, then rebuild whenever a file of the pack changes (Ctrl-C stops)'), { out: true, outputs: true })
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
}

async function watchCommand(flags: BuildFlags, r: Reporter): Promise<number> {
  const corpus = path.resolve(flags.corpus);
  if (!fs.existsSync(corpus) || !fs.statSync(corpus).isDirectory()) {
    r.problem(`corpus folder not found: ${flags.corpus}`);
    return EXIT.input;
  }
  const { runBuild } = await import('../run-build.js');
  const { watchCorpus } = await import('../../watch/watcher.js');
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
