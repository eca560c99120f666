/** The CLI's output: diagnostics in compiler format (throttled per rule and file), colour, progress, the summary, --json. */
import path from 'node:path';
import pc from 'picocolors';
import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { BuildResult, OutputKind, ProgressEvent, WrittenOutput } from '../pipeline.js';

export interface ReporterOptions {
  quiet?: boolean;
  verbose?: boolean;
  json?: boolean;
}

/** Warnings printed per rule and file without --verbose; the rest are counted in one line. */
export const PER_FILE_RULE = 3;
const SEVERITY_RANK: Record<Diagnostic['severity'], number> = { error: 0, warning: 1, note: 2 };

/** Version of the `--json` document's shape (README: "JSON output"). */
export const JSON_SCHEMA = 'studypack/result@1';

/** Colour only on a terminal, never with NO_COLOR set (https://no-color.org) or with --json. */
export function colourFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return !!stream.isTTY && env.TERM !== 'dumb';
}

export interface JsonOutput {
  kind: OutputKind;
  file: string;
  bytes: number;
  pages: number | null;
  ms: number;
}

/** Pages of an output, when it has a page count (PDF handout, booklet, all sheets). */
export function pagesOf(o: WrittenOutput): number | null {
  if (o.pages !== undefined) return o.pages;
  const d = o.detail;
  if (!d) return null;
  if ('sides' in d) return d.sides.length;
  if ('layout' in d) return d.layout.pages.length;
  if ('all' in d) return d.all.pages;
  return null;
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Everything the CLI prints goes through here: diagnostics, summaries, progress, JSON. */
export class Reporter {
  readonly colour: boolean;
  private readonly c: ReturnType<typeof pc.createColors>;
  /** stdout may be a pipe while stderr is a terminal: each stream decides for itself. */
  private readonly cOut: ReturnType<typeof pc.createColors>;
  private progressTimer: NodeJS.Timeout | undefined;
  private progressLine = '';
  private progressShown = false;
  private progressStarted = 0;
  private readonly spinner = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  private frame = 0;

  constructor(
    readonly options: ReporterOptions,
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly err: NodeJS.WriteStream = process.stderr,
  ) {
    this.colour = !options.json && colourFor(err);
    this.c = pc.createColors(this.colour);
    this.cOut = pc.createColors(!options.json && colourFor(out));
  }

  get json(): boolean {
    return !!this.options.json;
  }

  /** A line of information (stderr), not shown with --quiet or --json. */
  info(text: string): void {
    if (this.options.quiet || this.options.json) return;
    this.clearProgress();
    this.err.write(text + '\n');
  }

  /** Detail only shown with --verbose (stderr). */
  verbose(text: string): void {
    if (!this.options.verbose || this.options.json) return;
    this.clearProgress();
    this.err.write(this.c.dim(text) + '\n');
  }

  /** The result of a command on stdout (not in --json mode, where the JSON document is the result). */
  stdout(text: string): void {
    if (this.options.json) return;
    this.out.write(text);
  }

  /** A problem with the command line or the environment: always printed, on stderr. */
  problem(text: string): void {
    this.clearProgress();
    this.err.write(`${this.c.red('studypack:')} ${text}\n`);
  }

  /**
   * Diagnostics on stderr, errors first. A real corpus can have hundreds of warnings: at most
   * PER_FILE_RULE warnings per rule and file are printed, then `… and N more [rule]`. Every error is
   * printed (each one stops the build). --verbose prints everything, and notes; --json carries every
   * diagnostic whatever the options.
   */
  diagnostics(items: readonly Diagnostic[]): void {
    if (this.options.json) return;
    this.clearProgress();
    const shown = items.filter((d) => !(this.options.quiet && d.severity !== 'error') && !(d.severity === 'note' && !this.options.verbose));
    // Stable: within a severity, the order they were found in.
    const sorted = shown.map((d, i) => ({ d, i })).sort((a, b) => SEVERITY_RANK[a.d.severity] - SEVERITY_RANK[b.d.severity] || a.i - b.i).map((x) => x.d);
    const key = (d: Diagnostic) => `${d.severity}\u0000${d.rule}\u0000${d.file}`;
    const total = new Map<string, number>();
    for (const d of sorted) total.set(key(d), (total.get(key(d)) ?? 0) + 1);
    const printed = new Map<string, number>();
    for (const d of sorted) {
      const k = key(d);
      const n = (printed.get(k) ?? 0) + 1;
      printed.set(k, n);
      const all = this.options.verbose || d.severity === 'error';
      if (!all && n > PER_FILE_RULE) continue;
      this.err.write(this.paint(d) + '\n');
      const more = total.get(k)! - PER_FILE_RULE;
      if (!all && n === PER_FILE_RULE && more > 0) {
        const rel = path.isAbsolute(d.file) ? path.relative(process.cwd(), d.file) || d.file : d.file;
        this.err.write(this.c.dim(`${rel}: … and ${more} more [${d.rule}]`) + '\n');
      }
    }
  }

  /** One diagnostic in the compiler format, coloured on a terminal. */
  private paint(d: Diagnostic): string {
    const line = formatDiagnostic(d);
    if (!this.colour) return line;
    const tag = `: ${d.severity}: `;
    const i = line.indexOf(tag);
    const paint = d.severity === 'error' ? this.c.red : d.severity === 'warning' ? this.c.yellow : this.c.cyan;
    return i < 0 ? line : `${this.c.bold(line.slice(0, i))}: ${paint(this.c.bold(d.severity + ':'))} ${line.slice(i + tag.length)}`;
  }

  /** A line per rule with its counts (`load:image: 2 errors, 3 warnings`), errors' rules first, then by count. */
  private ruleCounts(items: readonly Diagnostic[]): void {
    const counts = new Map<string, Record<Diagnostic['severity'], number>>();
    for (const d of items) {
      if (d.severity === 'note' && !this.options.verbose) continue;
      const c = counts.get(d.rule) ?? { error: 0, warning: 0, note: 0 };
      c[d.severity]++;
      counts.set(d.rule, c);
    }
    const rows = [...counts].sort(([ra, a], [rb, b]) => b.error - a.error || b.warning - a.warning || b.note - a.note || (ra < rb ? -1 : 1));
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    for (const [rule, c] of rows) {
      const parts = [c.error ? plural(c.error, 'error') : '', c.warning ? plural(c.warning, 'warning') : '', c.note ? plural(c.note, 'note') : ''].filter(Boolean);
      this.err.write(`${this.c.dim('studypack:')} ${rule}: ${parts.join(', ')}\n`);
    }
  }

  /** The summary of a build: each output with pages, size and time, then the counts. */
  summary(result: BuildResult, ms: number, opts: { wrote: boolean } = { wrote: true }): void {
    if (this.options.json) return;
    this.clearProgress();
    const errors = result.diagnostics.errors.length;
    const warnings = result.diagnostics.warnings.length;
    const warned = `${warnings} warning${warnings === 1 ? '' : 's'}`;
    if (!this.options.quiet) this.ruleCounts(result.diagnostics.items);
    if (errors > 0) {
      this.err.write(`${this.c.red('studypack:')} ${errors} error${errors === 1 ? '' : 's'}, ${warned}; ${opts.wrote ? 'nothing was written' : 'the pack would not build'}\n`);
      return;
    }
    if (this.options.quiet) return;
    for (const o of result.outputs) {
      const pages = pagesOf(o);
      const rel = path.relative(process.cwd(), o.file) || o.file;
      this.out.write(`wrote ${this.cOut.green(rel)} (${size(o.bytes)}${pages !== null ? `, ${pages} pages` : ''}, ${o.ms.toFixed(0)} ms)\n`);
    }
    const files = result.outputs.length;
    const head = opts.wrote ? `built ${files} file${files === 1 ? '' : 's'} in ${(ms / 1000).toFixed(1)} s` : `checked in ${(ms / 1000).toFixed(1)} s: no errors`;
    this.err.write(`${this.c.bold('studypack:')} ${head}, ${warnings > 0 ? this.c.yellow(warned) : warned}\n`);
  }

  /** The `--json` document (stdout), one per command (one per rebuild in watch mode, one line each). */
  emitJson(doc: Record<string, unknown>): void {
    if (!this.options.json) return;
    this.out.write(JSON.stringify({ schema: JSON_SCHEMA, ...doc }) + '\n');
  }

  // ---- progress: a single redrawn line on a terminal's stderr, only once a build has taken ~1 s ----

  get progressEnabled(): boolean {
    return !!this.err.isTTY && !this.options.quiet && !this.options.json;
  }

  startProgress(first: string): void {
    if (!this.progressEnabled) return;
    this.progressStarted = performance.now();
    this.progressLine = first;
    this.progressTimer = setInterval(() => this.drawProgress(), 100);
    this.progressTimer.unref();
  }

  progress(text: string): void {
    if (!this.progressEnabled) return;
    this.progressLine = text;
    this.drawProgress();
  }

  private drawProgress(): void {
    if (!this.progressTimer) return;
    const elapsed = performance.now() - this.progressStarted;
    if (elapsed < 1000) return;
    const spin = this.spinner[this.frame++ % this.spinner.length]!;
    const width = this.width();
    const line = `${spin} ${this.progressLine} ${(elapsed / 1000).toFixed(1)} s`;
    this.err.write(`${this.eraseLine()}${this.c.cyan(line.slice(0, width))}`);
    this.progressShown = true;
  }

  /** Back to the line's start, erased; without colour (NO_COLOR) no escape sequence at all, spaces. */
  private eraseLine(): string {
    return this.colour ? '\r\x1b[2K' : `\r${' '.repeat(this.width())}\r`;
  }

  /** Usable width of the terminal (a pseudo-terminal may report 0 columns). */
  private width(): number {
    return Math.max(20, this.err.columns || 80) - 1;
  }

  clearProgress(): void {
    if (this.progressShown) this.err.write(this.eraseLine());
    this.progressShown = false;
  }

  stopProgress(): void {
    if (this.progressTimer) clearInterval(this.progressTimer);
    this.progressTimer = undefined;
    this.clearProgress();
  }

  /** An onProgress for build(): what has been done and what comes next. */
  buildProgress(outputs: readonly OutputKind[]): (e: ProgressEvent) => void {
    let articles = 0;
    let pages = 0;
    const rendered: OutputKind[] = [];
    const state = () => {
      const parts = [`${articles} articles read`];
      if (pages) parts.push(`${pages} pages laid out`);
      if (rendered.length) parts.push(`rendered ${rendered.join(', ')}`);
      return parts.join(' · ');
    };
    return (e) => {
      if (e.stage === 'read') {
        articles = e.articles;
        this.progress(`${state()} · rendering ${outputs[0] ?? ''}…`);
      } else if (e.stage === 'layout') {
        pages = e.pages;
        this.progress(`${state()}…`);
      } else if (e.stage === 'render') {
        rendered.push(e.kind);
        const next = outputs[rendered.length];
        this.progress(`${state()}${next ? ` · rendering ${next}…` : ' · writing…'}`);
      } else {
        this.progress(`${state()} · wrote ${e.done}/${e.total} files`);
      }
    };
  }
}
