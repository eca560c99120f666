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
  fs.mkdirSync(path.dirname(file), { recursive: true });
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
