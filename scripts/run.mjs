#!/usr/bin/env node
// What the npm scripts run (npm run build, build:pdf, watch, …): the bundled CLI, compiled first only if the sources changed since.
//
//   node scripts/run.mjs ARGS…      runs `studypack ARGS…` from dist/studypack.mjs, in this process
//
// `npm ci` / `npm install` compile once (the `prepare` script: `npm run compile`). A contributor who then
// edits src/ need not remember to compile: when a source file (src/**, tsconfig.json, package.json,
// package-lock.json, scripts/bundle.mjs) is newer than the bundle, or the bundle is missing, this compiles
// first (`npm run compile`: tsc, then the bundle), saying so on stderr. Otherwise it costs a few stat calls.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = path.join(ROOT, 'dist', 'studypack.mjs');
const INPUTS = ['src', 'tsconfig.json', 'package.json', 'package-lock.json', 'scripts/bundle.mjs'];

/** The first input newer than `since` (ms), as a path relative to the root, or null. */
function newerInput(since) {
  const walk = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return null;
    }
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p)) {
        const hit = walk(path.join(p, e));
        if (hit) return hit;
      }
      return null;
    }
    return st.mtimeMs > since ? p : null;
  };
  for (const i of INPUTS) {
    const hit = walk(path.join(ROOT, i));
    if (hit) return path.relative(ROOT, hit);
  }
  return null;
}

/** Why the bundle must be made again, or null when it is up to date. */
function staleness() {
  const st = fs.statSync(BUNDLE, { throwIfNoEntry: false });
  if (!st) return 'dist/studypack.mjs is missing';
  const changed = newerInput(st.mtimeMs);
  return changed ? `${changed} changed since the last compile` : null;
}

/** `npm run compile`, run directly (tsc, then scripts/bundle.mjs); exits with tsc's status when it fails. */
function compile() {
  const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', ROOT], { stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  const bundle = spawnSync(process.execPath, [path.join(ROOT, 'scripts/bundle.mjs')], { stdio: 'inherit' });
  if (bundle.status !== 0) process.exit(bundle.status ?? 1);
}

const why = staleness();
if (why) {
  process.stderr.write(`studypack: ${why}: compiling first (npm run compile)\n`);
  compile();
}
// The CLI reads its arguments from process.argv.slice(2): the same as `node dist/studypack.mjs ARGS…`.
await import(pathToFileURL(BUNDLE).href);
