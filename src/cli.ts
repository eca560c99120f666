#!/usr/bin/env node
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatDiagnostic } from './diagnostics.js';
import { PAPERS, type Paper } from './layout/page-setup.js';
import { ALL_OUTPUTS, build, type OutputKind } from './pipeline.js';

const USAGE = `studypack — Chinese Markdown articles → study pack (PDF handout, EPUB 3)

Usage:
  studypack build [--pdf] [--epub] [--corpus DIR] [--out DIR] [--paper A4|A5|Letter] [--duplex]

Options:
  --pdf                     build the PDF handout
  --epub                    build the EPUB
                            (neither: every output)
  --corpus DIR              folder of Markdown articles and book.yaml (default: corpus)
  --out DIR                 folder for the outputs (default: out)
  --paper SIZE              PDF paper: A4 (default), A5 or Letter
  --duplex                  PDF for two-sided printing: articles start on right-hand pages
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
  if (command !== 'build' || positionals.length > 1) {
    process.stderr.write(`studypack: unknown command '${positionals.join(' ')}'\n\n${USAGE}`);
    return 2;
  }
  const paper = PAPERS.find((p) => p.toLowerCase() === values.paper!.toLowerCase());
  if (!paper) {
    process.stderr.write(`studypack: --paper must be one of ${PAPERS.join(', ')} (got '${values.paper}')\n`);
    return 2;
  }
  const flags: Record<OutputKind, boolean | undefined> = { pdf: values.pdf, epub: values.epub };
  const chosen = ALL_OUTPUTS.filter((k) => flags[k]);
  const result = await build({
    corpus: values.corpus!,
    out: values.out!,
    outputs: chosen.length > 0 ? chosen : ALL_OUTPUTS,
    paper: paper as Paper,
    duplex: values.duplex ?? false,
    normalisePunctuation: !values['keep-ascii-punctuation'],
  });
  for (const d of result.diagnostics.items) process.stderr.write(formatDiagnostic(d) + '\n');
  const errors = result.diagnostics.errors.length;
  const warnings = result.diagnostics.warnings.length;
  if (errors > 0) {
    process.stderr.write(`studypack: ${errors} error(s), ${warnings} warning(s); nothing was written\n`);
    return 1;
  }
  for (const o of result.outputs) {
    const pages = o.detail && 'layout' in o.detail ? `, ${o.detail.layout.pages.length} pages` : '';
    process.stdout.write(`wrote ${path.relative(process.cwd(), o.file)} (${(o.bytes / 1024).toFixed(0)} KB${pages}, ${o.ms.toFixed(0)} ms)\n`);
  }
  if (warnings > 0) process.stderr.write(`studypack: ${warnings} warning(s)\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`studypack: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 70;
  },
);
