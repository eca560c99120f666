// The build's options from the command-line flags over the config file over the defaults (loaded when a command runs).
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE } from '../config/file.js';
import type { PackConfig } from '../config/load.js';
import type { Paper } from '../config/papers.js';
import type { Diagnostics } from '../diagnostics.js';
import { ALL_OUTPUTS, type BuildOptions, type OutputKind } from '../pipeline.js';
import type { BuildFlags } from './options.js';

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
      // Folders images may also come from: the config's (relative to it), then the command line's (relative to here).
      fetchImages: flags.fetchImages ?? c.fetchImages ?? false,
      resourcePath: [...(config.resourcePath ?? []), ...(flags.resourcePath ?? []).map((d) => path.resolve(d))],
      index: c.index,
      keyNumbers: c.keyNumbers,
      defaultQuestions: c.defaultQuestions,
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
