#!/usr/bin/env node
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatDiagnostic } from './diagnostics.js';
import { PAPERS, type Paper } from './layout/page-setup.js';
import { suggestGlossary } from './analyse/suggest.js';
import { Diagnostics } from './diagnostics.js';
import { ALL_OUTPUTS, build, readBook, type OutputKind } from './pipeline.js';

const USAGE = `studypack — Chinese Markdown articles → study pack (PDF handout, EPUB 3)

Usage:
  studypack build [--pdf] [--epub] [--sheets] [--booklet] [--corpus DIR] [--out DIR] [--paper A4|A5|Letter] [--duplex]
  studypack index --suggest [--corpus DIR]

Options:
  --pdf                     build the PDF handout
  --epub                    build the EPUB
  --sheets                  build the discussion sheets (out/sheets/NN-<slug>.pdf and all.pdf)
                            (none of the three: all three)
  --booklet                 build out/<slug>-booklet.pdf: A5 pages two-up on A4 landscape, saddle-stitched
  --signature N             booklet gatherings of N pages (a multiple of 4; default: one)
  --corpus DIR              folder of Markdown articles and book.yaml (default: corpus)
  --out DIR                 folder for the outputs (default: out)
  --paper SIZE              PDF paper: A4 (default), A5 or Letter
  --duplex                  PDF for two-sided printing: articles start on right-hand pages
  --answer-lines N          ruled lines under each question on the sheets, at least (default 5)
  --suggest                 with 'index': list glossary candidates the glossary lacks
  --keep-ascii-punctuation  do not turn ASCII , : ; ? ! ( ) between Chinese characters into full-width marks
  -h, --help                this help

Exit codes: 0 built (warnings allowed), 1 errors in the input (nothing written), 2 usage error.
`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        pdf: { type: 'boolean' },
        epub: { type: 'boolean' },
        corpus: { type: 'string', default: 'corpus' },
        out: { type: 'string', default: 'out' },
        paper: { type: 'string', default: 'A4' },
        duplex: { type: 'boolean' },
        sheets: { type: 'boolean' },
        booklet: { type: 'boolean' },
        signature: { type: 'string' },
        'answer-lines': { type: 'string', default: '5' },
        suggest: { type: 'boolean' },
        'keep-ascii-punctuation': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    process.stderr.write(`studypack: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const command = positionals[0] ?? 'build';
  if (command === 'index' && positionals.length === 1) {
    if (!values.suggest) {
      process.stderr.write(`studypack: 'index' needs --suggest\n\n${USAGE}`);
      return 2;
    }
    return suggestCommand(values.corpus!);
  }
  if (command !== 'build' || positionals.length > 1) {
    process.stderr.write(`studypack: unknown command '${positionals.join(' ')}'\n\n${USAGE}`);
    return 2;
  }
  const paper = PAPERS.find((p) => p.toLowerCase() === values.paper!.toLowerCase());
  if (!paper) {
    process.stderr.write(`studypack: --paper must be one of ${PAPERS.join(', ')} (got '${values.paper}')\n`);
    return 2;
  }
  const answerLines = Number(values['answer-lines']);
  if (!Number.isInteger(answerLines) || answerLines < 1 || answerLines > 30) {
    process.stderr.write(`studypack: --answer-lines must be a whole number from 1 to 30 (got '${values['answer-lines']}')\n`);
    return 2;
  }
  const signature = values.signature === undefined ? undefined : Number(values.signature);
  if (signature !== undefined && (!Number.isInteger(signature) || signature < 4 || signature % 4 !== 0)) {
    process.stderr.write(`studypack: --signature must be a multiple of 4 (got '${values.signature}')\n`);
    return 2;
  }
  const flags: Record<OutputKind, boolean | undefined> = { pdf: values.pdf, epub: values.epub, sheets: values.sheets, booklet: values.booklet };
  const chosen = (['pdf', 'epub', 'sheets', 'booklet'] as const).filter((k) => flags[k]);
  const result = await build({
    corpus: values.corpus!,
    out: values.out!,
    outputs: chosen.length > 0 ? chosen : ALL_OUTPUTS,
    paper: paper as Paper,
    duplex: values.duplex ?? false,
    normalisePunctuation: !values['keep-ascii-punctuation'],
    answerLines,
    signature,
    details: false,
  });
  for (const d of result.diagnostics.items) process.stderr.write(formatDiagnostic(d) + '\n');
  const errors = result.diagnostics.errors.length;
  const warnings = result.diagnostics.warnings.length;
  if (errors > 0) {
    process.stderr.write(`studypack: ${errors} error(s), ${warnings} warning(s); nothing was written\n`);
    return 1;
  }
  for (const o of result.outputs) {
    const pages = o.pages === undefined ? '' : o.kind === 'booklet' ? `, ${o.pages} sheet sides` : `, ${o.pages} pages`;
    process.stdout.write(`wrote ${path.relative(process.cwd(), o.file)} (${(o.bytes / 1024).toFixed(0)} KB${pages}, ${o.ms.toFixed(0)} ms)\n`);
  }
  if (warnings > 0) process.stderr.write(`studypack: ${warnings} warning(s)\n`);
  return 0;
}

/** `index --suggest`: glossary candidates the glossary lacks, as YAML to paste into glossary.yaml. */
function suggestCommand(corpus: string): number {
  const diags = new Diagnostics();
  const book = readBook(corpus, diags);
  for (const d of diags.items) if (d.severity === 'error') process.stderr.write(formatDiagnostic(d) + '\n');
  if (!book) return 1;
  const s = suggestGlossary(book);
  process.stdout.write(s.yaml);
  process.stderr.write(`studypack: ${s.names.length} name candidate(s) and ${s.numbers} number(s) with units the glossary does not hold\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // A bug, not an input problem: one line, no stack trace unless asked for.
    const detail = process.env.STUDYPACK_DEBUG ? `\n${(e as Error)?.stack ?? ''}` : ' (run again with STUDYPACK_DEBUG=1 for details, and please report it)';
    process.stderr.write(`studypack: internal error: ${(e as Error)?.message ?? String(e)}${detail}\n`);
    process.exitCode = 70;
  },
);
