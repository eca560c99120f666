// Test hook: STUDYPACK_FAIL=<point> makes a build throw an internal error at that point (README, environment).

/** Where an internal error can be injected: the handout's layout (main thread), the side worker's start. */
export type FailPoint = 'layout' | 'worker';

/** Throws when STUDYPACK_FAIL names this point; otherwise does nothing. For tests of how a failure ends the CLI. */
export function failPoint(point: FailPoint): void {
  if (process.env.STUDYPACK_FAIL === point) throw new Error(`STUDYPACK_FAIL=${point}: internal error injected at the ${point === 'layout' ? "handout's layout" : "worker thread's start"}`);
}
