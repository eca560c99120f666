import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './corpus.js';

export interface AceViolation {
  document: string;
  impact: string;
  rule: string;
  html: string;
}

export interface AceReport {
  outcome: string;
  violations: AceViolation[];
  metadata: Record<string, unknown>;
  ms: number;
}

/** The system Chromium that Ace's puppeteer drives (Debian's package; no browser is downloaded). */
export const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/lib/chromium/chromium';

/** Runs Ace by DAISY (`@daisy/ace-cli`) on an EPUB and reads its JSON report. */
export function runAce(epub: string): AceReport {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ace-'));
  const started = performance.now();
  const r = spawnSync(path.join(ROOT, 'node_modules/.bin/ace-cli'), ['--force', '--silent', '--outdir', outdir, epub], {
    encoding: 'utf8',
    env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: CHROMIUM, ACE_TIMEOUT_INITIAL: '30000' },
    timeout: 300_000,
  });
  const ms = performance.now() - started;
  const file = path.join(outdir, 'report.json');
  if (!fs.existsSync(file)) throw new Error(`Ace wrote no report (exit ${r.status}): ${r.stderr}${r.stdout}`);
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    'earl:result': { 'earl:outcome': string };
    'a11y-metadata': Record<string, unknown>;
    assertions: {
      'earl:testSubject': { url: string };
      assertions?: { 'earl:test': { 'earl:impact': string; 'dct:title': string }; 'earl:result': { html?: string } }[];
    }[];
  };
  fs.rmSync(outdir, { recursive: true, force: true });
  const violations = json.assertions.flatMap((doc) =>
    (doc.assertions ?? []).map((a) => ({
      document: doc['earl:testSubject'].url,
      impact: a['earl:test']['earl:impact'],
      rule: a['earl:test']['dct:title'],
      html: a['earl:result'].html ?? '',
    })),
  );
  return { outcome: json['earl:result']['earl:outcome'], violations, metadata: json['a11y-metadata'], ms };
}
