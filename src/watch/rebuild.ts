import { build, type BuildOptions, type BuildResult } from '../pipeline.js';

/**
 * The one seam `studypack watch` rebuilds through. Today a full build; an incremental engine can
 * replace the body (keeping the signature): `changed` lists the files that changed since the last
 * call (absolute paths; empty on the first build).
 */
export async function rebuild(options: BuildOptions, changed: readonly string[] = []): Promise<BuildResult> {
  void changed;
  return build(options);
}
