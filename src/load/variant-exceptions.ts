/** variant-exceptions.yaml: the pack's phrases a Traditional edition keeps as written (a company's own name), checked at their lines. */
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostics } from '../diagnostics.js';
import { decodeSource } from '../util/decode.js';
import { parseYaml } from '../util/yaml.js';

export const VARIANT_EXCEPTIONS_FILE = 'variant-exceptions.yaml';
const RULE = 'load:variant-exceptions';

/**
 * What a Traditional edition does not convert as usual. `keep`: converted character for character but never
 * by the regional vocabulary (「英伟达」 stays 英偉達 in the Taiwan edition, not 輝達); `verbatim`: left exactly
 * as written (Simplified characters stay); `replace`: written as given.
 */
export interface VariantExceptions {
  keep: string[];
  verbatim: string[];
  replace: Record<string, string>;
}

/** The three lists, empty. */
export const NO_EXCEPTIONS: VariantExceptions = Object.freeze({ keep: [], verbatim: [], replace: {} }) as VariantExceptions;

const KEYS = ['keep', 'verbatim', 'replace'];

/**
 * Reads the corpus's `variant-exceptions.yaml` for one edition: the top-level `keep`, `verbatim` and `replace`,
 * then those under the edition's own key (`zh-TW:`, `zh-HK:`) added to them. No file: no exceptions.
 */
export function readVariantExceptions(root: string, variant: string, diags: Diagnostics): VariantExceptions {
  const file = path.join(root, VARIANT_EXCEPTIONS_FILE);
  if (!fs.existsSync(file)) return NO_EXCEPTIONS;
  const text = decodeSource(fs.readFileSync(file), file, diags);
  if (text === null) return NO_EXCEPTIONS;
  const yaml = parseYaml({ file, firstLine: 1, text }, RULE, diags);
  if (!yaml) return NO_EXCEPTIONS;
  const data = yaml.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    diags.error(file, 1, 1, RULE, `${VARIANT_EXCEPTIONS_FILE} must be a mapping: keep, verbatim, replace (and the same under zh-TW:, zh-HK:)`);
    return NO_EXCEPTIONS;
  }
  const out: VariantExceptions = { keep: [], verbatim: [], replace: {} };
  const take = (section: Record<string, unknown>, at: string[]) => {
    for (const [k, v] of Object.entries(section)) {
      const line = yaml.lineAt([...at, k]);
      if (k === 'keep' || k === 'verbatim') {
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x.trim() !== '')) diags.error(file, line, 1, RULE, `'${k}' must be a list of phrases`);
        else out[k].push(...v.map((x: string) => x.trim()));
      } else if (k === 'replace') {
        if (!v || typeof v !== 'object' || Array.isArray(v) || !Object.values(v).every((x) => typeof x === 'string')) diags.error(file, line, 1, RULE, "'replace' must map phrases to what the edition writes ('英伟达: 英偉達')");
        else Object.assign(out.replace, v);
      } else if (at.length === 0 && /^zh-/.test(k)) {
        if (k !== variant) continue;
        if (!v || typeof v !== 'object' || Array.isArray(v)) diags.error(file, line, 1, RULE, `'${k}' must hold keep, verbatim or replace`);
        else take(v as Record<string, unknown>, [k]);
      } else diags.warn(file, line, 1, RULE, `unknown key '${k}' (known: ${KEYS.join(', ')}, and zh-TW or zh-HK holding them)`);
    }
  };
  take(data as Record<string, unknown>, []);
  return out;
}
