/** Where studypack's own files are (package.json, templates/, fonts/, the worker), from the source build or from the bundle. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Replaced by `true` in the bundle only (scripts/bundle.mjs, esbuild's `define`); an undeclared name
 * everywhere else (tsc's dist/, vitest's src/), where `typeof` gives 'undefined'.
 */
declare const __STUDYPACK_BUNDLE__: boolean | undefined;

/** Whether this code runs from the bundle (dist/studypack.mjs, dist/worker.mjs and their chunks, all in dist/). */
export const BUNDLED: boolean = typeof __STUDYPACK_BUNDLE__ !== 'undefined' && __STUDYPACK_BUNDLE__ === true;

/**
 * The package's root folder. This module is src/util/package-root.ts (vitest) or dist/util/package-root.js
 * (the source build): two folders down; in the bundle its code lies in a file in dist/: one folder down.
 */
const HERE = path.dirname(fileURLToPath(import.meta.url));
export const PACKAGE_ROOT: string = path.resolve(HERE, BUNDLED ? '..' : '../..');

/** The bundled worker thread's file, in the bundle's folder (the source build's is dist/render/worker.js). */
export const BUNDLED_WORKER_FILE: string = path.join(HERE, 'worker.mjs');
