// Preloaded into a Node child (node --import bench/rss-hook.mjs …) when neither GNU time nor python3 is there:
// on exit, writes the process's own peak RSS in KB and user and system CPU seconds (process.resourceUsage()) to $STUDYPACK_BENCH_RSS_FILE.
import fs from 'node:fs';

const file = process.env.STUDYPACK_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      const u = process.resourceUsage();
      fs.writeFileSync(file, `${u.maxRSS} ${(u.userCPUTime / 1e6).toFixed(2)} ${(u.systemCPUTime / 1e6).toFixed(2)}\n`);
    } catch {
      /* the bench then reports no number */
    }
  });
}
