// `studypack check`: validate the config and the corpus and print every diagnostic; write nothing.
import type { Command } from 'commander';
import { addBuildOptions, buildFlags } from '../options.js';
import { EXIT_CODES, reporterFor, type SetExit } from '../shared.js';

/** Adds `check` to the program. */
export function registerCheck(program: Command, setExit: SetExit): Command {
  return addBuildOptions(program.command('check').description('validate the config and the corpus and print every diagnostic; write nothing'), { out: false, outputs: true })
    .addHelpText(
      'after',
      `
Everything a build does except writing files, so every error and warning is found.

Examples:
  studypack check --corpus my-pack
  studypack check --json | jq '.diagnostics[] | select(.severity == "error")'
${EXIT_CODES}`,
    )
    .action(async (_o, cmd: Command) => {
      const { runBuild } = await import('../run-build.js');
      setExit(await runBuild('check', buildFlags(cmd), reporterFor(cmd)));
    });
}
