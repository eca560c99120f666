// Writing output files safely: a temporary file renamed into place, removed if the process is interrupted.
import fs from 'node:fs';
import path from 'node:path';

/** Temporary files this process has open, removed if it is interrupted. */
const pending = new Set<string>();
let hooked = false;

function hookSignals(): void {
  if (hooked) return;
  hooked = true;
  const cleanup = () => {
    for (const f of pending) fs.rmSync(f, { force: true });
    pending.clear();
  };
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      cleanup();
      process.kill(process.pid, sig);
    });
  }
}

/**
 * Test hook (test/atomic-write.test.ts): with STUDYPACK_WRITE_DELAY_MS=n, each file is written in two halves
 * with an n ms pause between them, announced on stderr as `studypack-test: writing <file>`, so that a test can
 * kill the build while a file is half written. Unset, files are written in one call as always.
 */
const writeDelayMs = process.env.STUDYPACK_WRITE_DELAY_MS ? Number(process.env.STUDYPACK_WRITE_DELAY_MS) : 0;

function writeSlowly(target: string, announced: string, data: Uint8Array | string): void {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  const half = bytes.length >> 1;
  const fd = fs.openSync(target, 'w');
  try {
    fs.writeSync(fd, bytes, 0, half);
    fs.writeSync(2, `studypack-test: writing ${announced}\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, writeDelayMs);
    fs.writeSync(fd, bytes, half, bytes.length - half);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes `data` to a temporary file beside `file` and renames it into place,
 * so readers see either the old file or the whole new one, never half of it.
 */
export function writeFileAtomic(file: string, data: Uint8Array | string): void {
  hookSignals();
  makeDirs(path.dirname(file));
  const tmp = `${file}.tmp-${process.pid}`;
  pending.add(tmp);
  try {
    if (writeDelayMs > 0) writeSlowly(tmp, file, data);
    else fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
    pending.delete(tmp);
  }
}

/**
 * `mkdir -p`, one level at a time. Node's own recursive mkdir loops forever where a parent exists but a
 * child cannot be made in it with ENOENT (under /proc, say); here that is an error like any other.
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  let d = path.resolve(dir);
  while (!fs.existsSync(d)) {
    missing.push(d);
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const m of missing.reverse()) fs.mkdirSync(m);
}
