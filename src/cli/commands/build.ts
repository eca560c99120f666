// `studypack build` (the default command): write the PDF handout, the EPUB and the discussion sheets.
import type { Command } from 'commander';
import { CONFIG_FILE } from '../../config/file.js';
import { addBuildOptions, buildFlags } from '../options.js';
import { EXIT_CODES, reporterFor, type SetExit } from '../shared.js';

/** Adds `build` to the program, as its default command. */
export function registerBuild(program: Command, setExit: SetExit): Command {
  return addBuildOptions(program.command('build', { isDefault: true }).description('write the PDF handout, the EPUB and the discussion sheets (the default command)'), { out: true, outputs: true })
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
    .action(async (_o, cmd: Command) => {
      const { runBuild } = await import('../run-build.js');
      setExit(await runBuild('build', buildFlags(cmd), reporterFor(cmd)));
    });
}
