// Watching the corpus folder (fs.watch, debounced) for changes to the pack's files.
import fs from 'node:fs';
import path from 'node:path';

export interface CorpusWatcher {
  close(): void;
}

/** Editor droppings and hidden files that are not part of the pack. */
function ignored(rel: string): boolean {
  return rel.split(path.sep).some((part) => part.startsWith('.') || part.endsWith('~') || /\.(swp|swx|tmp)$|\.tmp-\d+$/i.test(part) || part === '4913');
}

/**
 * Calls `onChange` with the changed files (absolute) once the corpus folder has been quiet for
 * `debounceMs`. Changes under `ignore` (an output folder inside the corpus) are not reported.
 */
export function watchCorpus(corpus: string, onChange: (files: string[]) => void, options: { debounceMs?: number; ignore?: string[] } = {}): CorpusWatcher {
  const root = path.resolve(corpus);
  const ignore = (options.ignore ?? []).map((d) => path.resolve(d));
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watcher = fs.watch(root, { recursive: true }, (_event, name) => {
    if (!name) return;
    const rel = name.toString();
    const file = path.join(root, rel);
    if (ignored(rel) || ignore.some((d) => file === d || file.startsWith(d + path.sep))) return;
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...pending].sort();
      pending.clear();
      onChange(files);
    }, options.debounceMs ?? 100);
  });
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
