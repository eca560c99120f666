// `studypack index --suggest`: glossary candidates the glossary lacks, printed as YAML to review and paste.
import type { Command } from 'commander';
import { Diagnostics } from '../../diagnostics.js';
import type { Reporter } from '../reporter.js';
import { EXIT, EXIT_CODES, jsonDiagnostics, reporterFor, type SetExit } from '../shared.js';

/** Adds `index` (with its required --suggest) to the program. */
export function registerIndexSuggest(program: Command, setExit: SetExit): Command {
  return program
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
}

/** `index --suggest`: glossary candidates the glossary lacks, as YAML to paste into glossary.yaml. */
async function suggestCommand(corpus: string, r: Reporter): Promise<number> {
  const { resolveBuild } = await import('../resolve.js');
  const { readBook } = await import('../../pipeline.js');
  const diags = new Diagnostics();
  const resolved = await resolveBuild({ corpus, out: 'out' }, diags);
  const book = resolved ? readBook(corpus, diags, { book: resolved.options.book, labels: resolved.options.labels, normalisePunctuation: resolved.options.normalisePunctuation }) : null;
  r.diagnostics(diags.items.filter((d) => d.severity === 'error'));
  if (!book) {
    r.emitJson({ command: 'index', ok: false, exitCode: EXIT.input, diagnostics: jsonDiagnostics(diags.items) });
    return EXIT.input;
  }
  const s = (await import('../../analyse/suggest.js')).suggestGlossary(book);
  r.stdout(s.yaml);
  r.info(`studypack: ${s.names.length} name candidate(s) and ${s.numbers} number(s) with units the glossary does not hold`);
  r.emitJson({ command: 'index', ok: true, exitCode: EXIT.ok, candidates: s.names, numbers: s.numbers, yaml: s.yaml, diagnostics: jsonDiagnostics(diags.items) });
  return EXIT.ok;
}
