// Watch mode's build session: builds the pack again and again, reusing what an edit did not change.
import { BuildCache } from './cache.js';
import { build, type BuildOptions, type BuildResult } from '../pipeline.js';
import { keepDeflated } from '../seams/pdfkit.js';
import { rememberDocuments } from '../render/epub/faces.js';

export interface SessionBuild extends BuildResult {
  /** Article layouts and sheets reused from the previous build, and made anew. */
  reused: number;
  made: number;
  ms: number;
}

/**
 * Builds the same pack again and again (watch mode): every build reads the corpus afresh,
 * but an article whose text, metadata and settings are unchanged keeps its laid-out pages and its painted
 * discussion sheet from the build before. Only what an edit moves is redone: the edited article, the
 * table of contents and index (their page numbers), and the painting of the files that hold it.
 * The outputs are the same bytes a fresh build writes (test/watch.test.ts).
 */
export class BuildSession {
  private readonly cache = new BuildCache();
  /** PDF streams deflated in the last build, by content: an unchanged page or font subset is not compressed again. */
  private readonly deflated = keepDeflated();

  constructor(private options: Omit<BuildOptions, 'cache'>) {
    // The EPUB is made on this thread in a session: its unchanged documents' characters are kept too.
    rememberDocuments();
  }

  /** Builds again; `options`, when given, replace the session's (a changed config: what it moves misses the cache). */
  async rebuild(options?: Omit<BuildOptions, 'cache'>): Promise<SessionBuild> {
    if (options) this.options = options;
    const started = performance.now();
    this.cache.begin();
    const result = await build({ ...this.options, cache: this.cache });
    // An input error keeps the layouts of the last good build for the next try.
    if (!result.diagnostics.hasErrors) this.cache.end();
    this.deflated.sweep();
    return { ...result, reused: this.cache.hits, made: this.cache.misses, ms: performance.now() - started };
  }
}
