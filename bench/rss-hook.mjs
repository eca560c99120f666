// Preloaded into a Node child (node --import bench/rss-hook.mjs …) when neither GNU time nor python3 is there:
// on exit, writes the process's own peak RSS in KB (process.resourceUsage().maxRSS) to $STUDYPACK_BENCH_RSS_FILE.
import fs from 'node:fs';

const file = process.env.STUDYPACK_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      fs.writeFileSync(file, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      /* the bench then reports no number */
    }
  });
}
