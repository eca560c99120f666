// The one entry point `studypack watch` rebuilds through: an incremental build in a session kept between calls.
import type { BuildOptions, BuildResult } from '../pipeline.js';
import { BuildSession } from './session.js';

let session: BuildSession | undefined;

/**
 * The one seam `studypack watch` rebuilds through: an incremental build (see session.ts). Each call reads
 * the corpus afresh; articles whose text and settings are unchanged keep their layouts and sheets from the
 * call before. `changed` (the files that changed, absolute paths) is informational: what changed is found
 * by content, so an edit the watcher missed cannot leave a stale page behind.
 */
export async function rebuild(options: BuildOptions, changed: readonly string[] = []): Promise<BuildResult> {
  void changed;
  session ??= new BuildSession(options);
  return session.rebuild(options);
}
