/** Diagnostics: every message about the input as {file, line, column, severity, rule}, printed like a compiler's. */
import path from 'node:path';

/** A note is information, not a problem: the CLI prints it only with --verbose. */
export type Severity = 'error' | 'warning' | 'note';

/** One message about the input, printed like a compiler's. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  message: string;
  /** stage:topic, e.g. `load:front-matter`. */
  rule: string;
}

export function formatDiagnostic(d: Diagnostic, cwd = process.cwd()): string {
  const rel = path.isAbsolute(d.file) ? path.relative(cwd, d.file) || d.file : d.file;
  const where = d.line > 0 ? `${rel}:${d.line}:${Math.max(d.column, 1)}` : rel;
  return `${where}: ${d.severity}: ${d.message} [${d.rule}]`;
}

/** Collects the diagnostics of one build, in the order they were found. */
export class Diagnostics {
  readonly items: Diagnostic[] = [];

  add(d: Diagnostic): void {
    this.items.push(d);
  }

  error(file: string, line: number, column: number, rule: string, message: string): void {
    this.add({ file, line, column, severity: 'error', rule, message });
  }

  warn(file: string, line: number, column: number, rule: string, message: string): void {
    this.add({ file, line, column, severity: 'warning', rule, message });
  }

  /** Information, not a problem: printed with --verbose only (and always in --json). */
  note(file: string, line: number, column: number, rule: string, message: string): void {
    this.add({ file, line, column, severity: 'note', rule, message });
  }

  get errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error');
  }

  get warnings(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'warning');
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}
