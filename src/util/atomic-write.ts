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
 * Writes `data` to a temporary file beside `file` and renames it into place,
 * so readers see either the old file or the whole new one, never half of it.
 */
export function writeFileAtomic(file: string, data: Uint8Array | string): void {
  hookSignals();
  makeDirs(path.dirname(file));
  const tmp = `${file}.tmp-${process.pid}`;
  pending.add(tmp);
  try {
    fs.writeFileSync(tmp, data);
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
