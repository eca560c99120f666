import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import fs from 'node:fs';
import { CONFIG_FILE } from '../config/file.js';
import type { PackConfig } from '../config/load.js';
import { Diagnostics } from '../diagnostics.js';
import { PAPERS, type Paper } from '../config/papers.js';
import { ALL_OUTPUTS, type BuildOptions, type OutputKind } from '../pipeline.js';

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

export function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`must be a port number from 0 to 65535 (got '${v}')`);
  return n;
}

/**
 * The build's options: command-line flags over the config file over the defaults.
 * Null (with the config's diagnostics) when the config has errors.
 */
export async function resolveBuild(flags: BuildFlags, diags: Diagnostics): Promise<{ options: BuildOptions; config: PackConfig } | null> {
  // The schema library loads only when there is a config to check (it costs a tenth of a second).
  const load = fs.existsSync(path.join(path.resolve(flags.corpus), CONFIG_FILE)) ? (await import('../config/load.js')).loadConfig : null;
  return resolveBuildWith(load, flags, diags);
}

/** resolveBuild with the config loader given (null: no config file), for callers that cannot wait. */
export function resolveBuildWith(
  load: ((corpus: string, diags: Diagnostics) => PackConfig | null) | null,
  flags: BuildFlags,
  diags: Diagnostics,
): { options: BuildOptions; config: PackConfig } | null {
  const config = load ? load(flags.corpus, diags) : ({ data: {}, fonts: {} } satisfies PackConfig);
  if (!config) return null;
  const c = config.data;
  const chosen = (['pdf', 'epub', 'sheets', 'booklet'] as const).filter((k) => flags[k]);
  const outputs: readonly OutputKind[] = chosen.length > 0 ? chosen : (c.outputs ?? ALL_OUTPUTS);
  return {
    config,
    options: {
      corpus: flags.corpus,
      out: flags.out,
      outputs: [...new Set(outputs)],
      paper: flags.paper ?? (c.paper as Paper | undefined) ?? 'A4',
      duplex: flags.duplex ?? c.duplex ?? false,
      normalisePunctuation: flags.keepAsciiPunctuation ? false : (c.normalisePunctuation ?? true),
      answerLines: flags.answerLines ?? c.answerLines ?? 5,
      signature: flags.signature ?? c.signature,
      book: config.book,
      labels: c.labels,
      // The faces of this build (a config without `fonts:`: the catalogue's), set by whatever renders it.
      fonts: config.fonts,
    },
  };
}

/** Options as the verbose log shows them. */
export function describeOptions(o: BuildOptions, config: PackConfig): string {
  return [
    `config: ${config.file ? path.relative(process.cwd(), config.file) || config.file : 'none (defaults)'}`,
    `outputs: ${o.outputs.join(', ')}; paper ${o.paper}${o.duplex ? ', duplex' : ''}; answer lines ${o.answerLines}` +
      `${o.signature ? `; signature ${o.signature}` : ''}; punctuation ${o.normalisePunctuation ? 'normalised' : 'kept'}`,
  ].join('\n');
}
