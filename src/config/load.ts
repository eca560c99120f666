// Reads and validates studypack.config.yaml: diagnostics with line and column, fonts resolved to absolute paths.
import fs from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, type Node } from 'yaml';
import type { Diagnostics } from '../diagnostics.js';
import { didYouMean } from './did-you-mean.js';
import type { FaceName } from '../fonts/catalog.js';
import { decodeSource } from '../util/decode.js';
import { parseYaml, type ParsedYaml } from '../util/yaml.js';
import { CONFIG_FILE, configSchema, FACE_NAMES, knownKeysAt, labelLanguages, type BookSection, type ConfigData } from './schema.js';

const RULE = 'config';

/** The pack's config, validated; fonts resolved to absolute paths. */
export interface PackConfig {
  /** Absolute path of studypack.config.yaml, when there is one. */
  file?: string;
  data: ConfigData;
  fonts: Partial<Record<FaceName, string>>;
  /** `resourcePath` resolved to absolute folders (each must exist). */
  resourcePath?: string[];
  /** The `book:` section with the line of each key, for book metadata (see load/book-meta.ts). */
  book?: { values: BookSection; file: string; lineOf(key: string): number; lineAt(at: readonly (string | number)[]): number };
}

/** "did you mean" for a misspelt word among the known ones: close enough to be a typo, else nothing. */

/** Line and column of the YAML node at a path: the key of a mapping entry, or a list item. */
function locate(yaml: ParsedYaml, at: readonly PropertyKey[]): { line: number; col: number } {
  let node: unknown = yaml.doc.contents;
  let offset = 0;
  for (const seg of at) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === seg);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  const pos = yaml.lines.linePos(offset);
  return { line: pos.line, col: pos.col };
}

function keyName(at: readonly PropertyKey[]): string {
  return at.map((s, i) => (typeof s === 'number' ? `[${s}]` : i > 0 ? `.${String(s)}` : String(s))).join('');
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}

function valueAt(data: unknown, at: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const s of at) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[s] : undefined;
  return v;
}

const TYPE_WORDS: Record<string, string> = { boolean: 'true or false', number: 'a number', string: 'text', array: 'a list', object: 'a mapping' };

/** Reads `studypack.config.yaml` from the pack's folder. No file: every default. Null when it has errors. */
export function loadConfig(corpusDir: string, diags: Diagnostics): PackConfig | null {
  const file = path.join(path.resolve(corpusDir), CONFIG_FILE);
  if (!fs.existsSync(file)) return { data: {}, fonts: {} };
  const text = decodeSource(fs.readFileSync(file), file, diags);
  if (text === null) return null;
  const yaml = parseYaml({ file, firstLine: 1, text }, RULE, diags);
  if (!yaml) return null;
  if (yaml.data === null || yaml.data === undefined) return { file, data: {}, fonts: {} };
  if (typeof yaml.data !== 'object' || Array.isArray(yaml.data)) {
    diags.error(file, 1, 1, RULE, "the config must be a set of 'key: value' lines");
    return null;
  }
  const before = diags.errors.length;
  // Every problem is collected, then reported in line order.
  const found: { line: number; col: number; message: string }[] = [];
  const report = () => {
    found.sort((a, b) => a.line - b.line || a.col - b.col);
    for (const f of found) diags.error(file, f.line, f.col, RULE, f.message);
  };
  const parsed = configSchema.safeParse(yaml.data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        const known = knownKeysAt(issue.path);
        for (const key of issue.keys) {
          const at = locate(yaml, [...issue.path, key]);
          const where = issue.path.length > 0 ? ` in '${keyName(issue.path)}'` : '';
          found.push({ ...at, message: `unknown key '${key}'${where}${didYouMean(key, known)}` });
        }
        continue;
      }
      const at = locate(yaml, issue.path);
      const name = keyName(issue.path);
      const got = valueAt(yaml.data, issue.path);
      let message: string;
      if (issue.code === 'invalid_type') {
        message = `'${name}' must be ${TYPE_WORDS[issue.expected] ?? issue.expected} (got ${describe(got)})`;
      } else if (issue.code === 'invalid_value') {
        const values = issue.values.map(String);
        message = `'${name}' must be one of ${values.join(', ')} (got ${describe(got)})${typeof got === 'string' ? didYouMean(got, values) : ''}`;
      } else if (issue.code === 'too_small' || issue.code === 'too_big') {
        const bound = issue.code === 'too_small' ? `at least ${String(issue.minimum)}` : `at most ${String(issue.maximum)}`;
        message = issue.origin === 'number' ? `'${name}' must be ${bound} (got ${describe(got)})` : `'${name}' ${issue.message}`;
      } else {
        message = `'${name}' ${issue.message} (got ${describe(got)})`;
      }
      found.push({ ...at, message });
    }
  }
  const data = (parsed.success ? parsed.data : yaml.data) as ConfigData;
  // Fonts: relative to the config file; each must be there and be a single TrueType/OpenType font.
  const fonts: Partial<Record<FaceName, string>> = {};
  for (const name of FACE_NAMES) {
    const given = data.fonts && typeof data.fonts === 'object' ? data.fonts[name] : undefined;
    if (typeof given !== 'string' || !/\.(ttf|otf)$/i.test(given)) continue;
    const abs = path.resolve(path.dirname(file), given);
    const at = locate(yaml, ['fonts', name]);
    if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) {
      found.push({ ...at, message: `fonts.${name}: font file not found: ${given} (looked for ${abs})` });
      continue;
    }
    const magic = Buffer.alloc(4);
    const fd = fs.openSync(abs, 'r');
    fs.readSync(fd, magic, 0, 4, 0);
    fs.closeSync(fd);
    const tag = magic.toString('latin1');
    if (!(magic.readUInt32BE(0) === 0x00010000 || tag === 'OTTO' || tag === 'true')) {
      found.push({ ...at, message: `fonts.${name}: ${given} is not a TrueType or OpenType font${tag === 'ttcf' ? ' (it is a collection; give a single font)' : ''}` });
      continue;
    }
    fonts[name] = abs;
  }
  if (typeof data.labels === 'string') {
    const langs = labelLanguages();
    if (!langs.includes(data.labels) && !langs.includes(data.labels.split('-')[0]!)) {
      const at = locate(yaml, ['labels']);
      found.push({ ...at, message: `'labels': no label file for '${data.labels}' in templates/labels/ (there are: ${langs.join(', ')})${didYouMean(data.labels, langs)}` });
    }
  }
  // Resource folders: relative to the config file; each must be a folder.
  const resourcePath: string[] = [];
  (Array.isArray(data.resourcePath) ? data.resourcePath : []).forEach((given, i) => {
    if (typeof given !== 'string') return;
    const abs = path.resolve(path.dirname(file), given);
    if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) found.push({ ...locate(yaml, ['resourcePath', i]), message: `resourcePath: no folder ${given} (looked for ${abs})` });
    else resourcePath.push(abs);
  });
  report();
  if (!parsed.success || diags.errors.length > before) return null;
  const book = data.book
    ? { values: data.book, file, lineOf: (key: string) => locate(yaml, ['book', key]).line, lineAt: (at: readonly (string | number)[]) => locate(yaml, ['book', ...at]).line }
    : undefined;
  return { file, data, fonts, book, ...(resourcePath.length ? { resourcePath } : {}) };
}

export { didYouMean };
