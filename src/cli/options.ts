// The build flags: their type, their value parsers, and wiring them onto a command (light: loaded at start-up).
import { InvalidArgumentError, type Command } from 'commander';
import { CONFIG_FILE } from '../config/file.js';
import { PAPERS, type Paper } from '../config/papers.js';
import { VARIANTS, type Variant } from '../seams/opencc.js';

/** The build flags as commander gives them: undefined when not given, so the config's value stands. */
export interface BuildFlags {
  corpus: string;
  out: string;
  pdf?: boolean;
  epub?: boolean;
  sheets?: boolean;
  booklet?: boolean;
  signature?: number;
  paper?: Paper;
  duplex?: boolean;
  answerLines?: number;
  keepAsciiPunctuation?: boolean;
  /** Folders images may also come from (repeatable). */
  resourcePath?: string[];
  fetchImages?: boolean;
  /** Editions to make (repeatable, or comma-separated): zh-Hans, zh-TW, zh-HK. */
  variant?: Variant[];
}

export function parsePaper(v: string): Paper {
  const paper = PAPERS.find((p) => p.toLowerCase() === v.toLowerCase());
  if (!paper) throw new InvalidArgumentError(`must be one of ${PAPERS.join(', ')} (got '${v}')`);
  return paper;
}

export function parseAnswerLines(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 30) throw new InvalidArgumentError(`must be a whole number from 1 to 30 (got '${v}')`);
  return n;
}

export function parseSignature(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 4 || n % 4 !== 0) throw new InvalidArgumentError(`must be a multiple of 4 (got '${v}')`);
  return n;
}

/** `--variant zh-TW,zh-HK` (repeatable): the editions, each checked. */
export function parseVariants(v: string, prev: Variant[] | undefined): Variant[] {
  const out = [...(prev ?? [])];
  for (const part of v.split(',').map((x) => x.trim()).filter(Boolean)) {
    const found = VARIANTS.find((k) => k.toLowerCase() === part.toLowerCase());
    if (!found) throw new InvalidArgumentError(`must be ${VARIANTS.join(', ')} or a comma-separated list of them (got '${part}')`);
    out.push(found);
  }
  return out;
}

export function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`must be a port number from 0 to 65535 (got '${v}')`);
  return n;
}

/** The build flags on a command (build, check, watch); `out`/`outputs`: with --out, with --pdf/--epub/--sheets/--booklet. */
export function addBuildOptions(cmd: Command, opts: { out: boolean; outputs: boolean }): Command {
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
    .option('--answer-lines <n>', "ruled lines under each question on the sheets, exactly (a question's own 'lines:' wins; default: config, else 5)", parseAnswerLines)
    .option('--keep-ascii-punctuation', 'do not turn ASCII , : ; ? ! ( ) between Chinese characters into full-width marks')
    .option('--variant <editions>', 'editions to make: zh-Hans (as written), zh-TW, zh-HK (Traditional, converted); repeatable or comma-separated, e.g. zh-Hans,zh-TW', parseVariants)
    .option('--fetch-images', 'download remote images into ~/.cache/studypack/images (10 s timeout, 10 MB cap, images only)')
    .option('--resource-path <dir>', 'a folder images may also come from, e.g. ../assets (repeatable; adds to the config\'s resourcePath)', (v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
}

/** A command's build flags as given (check has no --out: 'out', unused). */
export function buildFlags(cmd: Command): BuildFlags {
  const o = cmd.opts() as BuildFlags;
  return { ...o, out: o.out ?? 'out' };
}
