import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Runs Debian's epubcheck (a jar) and returns its counts and messages. */
export function epubcheck(file: string): { fatals: number; errors: number; warnings: number; messages: string[] } {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'epubcheck-')), 'report.json');
  const r = spawnSync('java', ['-jar', '/usr/bin/epubcheck', '--json', report, file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  if (!fs.existsSync(report)) throw new Error(`epubcheck wrote no report: ${r.stderr || r.stdout}`);
  const json = JSON.parse(fs.readFileSync(report, 'utf8')) as { messages: { severity: string; ID: string; message: string; locations: { path: string; line: number }[] }[] };
  const count = (s: string) => json.messages.filter((m) => m.severity === s).reduce((n, m) => n + Math.max(1, m.locations.length), 0);
  fs.rmSync(path.dirname(report), { recursive: true, force: true });
  return {
    fatals: count('FATAL'),
    errors: count('ERROR'),
    warnings: count('WARNING'),
    messages: json.messages.map((m) => `${m.severity} ${m.ID} ${m.message} ${m.locations.map((l) => `${l.path}:${l.line}`).join(' ')}`),
  };
}

export function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
}
