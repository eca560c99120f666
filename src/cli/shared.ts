// What every command shares: the exit codes and their help text, a reporter for the global flags, diagnostics as JSON, waiting for Ctrl-C.
import path from 'node:path';
import type { Command } from 'commander';
import type { Diagnostic } from '../diagnostics.js';
import { Reporter, type ReporterOptions } from './reporter.js';

/** Exit codes (README, "Exit codes"). */
export const EXIT = { ok: 0, input: 1, usage: 2, internal: 70 } as const;

/** The exit codes as every command's help ends with them. */
export const EXIT_CODES = `
Exit codes:
  0   done (warnings allowed)
  1   errors in the input or the config (diagnostics printed; nothing written)
  2   usage error (unknown command or option, bad option value)
  70  internal error (a bug: one line; STUDYPACK_DEBUG=1 prints the stack)`;

/** How a command's action hands main() its exit code. */
export type SetExit = (code: number) => void;

type GlobalFlags = ReporterOptions;

/** The reporter for a command, from the global flags (--quiet, --verbose, --json). */
export function reporterFor(cmd: Command): Reporter {
  const g = cmd.optsWithGlobals() as GlobalFlags;
  return new Reporter({ quiet: g.quiet, verbose: g.verbose, json: g.json });
}

/** Diagnostics as the JSON document gives them: absolute file names. */
export function jsonDiagnostics(items: readonly Diagnostic[]): Diagnostic[] {
  return items.map((d) => ({ file: path.resolve(d.file), line: d.line, column: d.column, severity: d.severity, message: d.message, rule: d.rule }));
}

/** Stops on SIGINT/SIGTERM: resolves, so the command can close what it opened. */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
