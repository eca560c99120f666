/** glossary.yaml: the curated people and organisations of the index, with their aliases and descriptions. */
import fs from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, type YAMLMap } from 'yaml';
import type { Diagnostics } from '../diagnostics.js';
import type { GlossaryEntry } from '../model/types.js';
import { decodeSource } from '../util/decode.js';
import { parseYaml } from '../util/yaml.js';

export const GLOSSARY_FILE = 'glossary.yaml';
const RULE = 'load:glossary';
const KEYS = ['name', 'aliases', 'kind', 'description'];
const TERM_KEYS = ['term', 'aliases', 'definition'];

/**
 * Reads `glossary.yaml`: a list of `{name, aliases, kind: person|org, description}`. The editor controls the
 * index through it; every mistake is reported at its line. No file means an empty glossary.
 */
export function readGlossary(root: string, diags: Diagnostics, exclude: string[] = []): GlossaryEntry[] {
  const file = path.join(root, GLOSSARY_FILE);
  if (!fs.existsSync(file)) return [];
  const text = decodeSource(fs.readFileSync(file), file, diags);
  if (text === null) return [];
  const yaml = parseYaml({ file, firstLine: 1, text }, RULE, diags);
  if (!yaml) return [];
  const seq = yaml.doc.contents;
  if (!isSeq(seq)) {
    diags.error(file, 1, 1, RULE, "the glossary must be a list of entries ('- name: …')");
    return [];
  }
  const lineAt = (node: { range?: [number, number, number] | null } | null | undefined) => (node?.range ? yaml.lines.linePos(node.range[0]).line : 1);
  const entries: GlossaryEntry[] = [];
  const seen = new Map<string, string>();
  for (const item of seq.items) {
    const line = lineAt(item as YAMLMap);
    if (!isMap(item)) {
      diags.error(file, line, 1, RULE, 'each glossary entry must be a set of keys: name, aliases, kind, description');
      continue;
    }
    const data = item.toJSON() as Record<string, unknown>;
    const keyLine = (k: string) => lineAt(item.items.find((p) => (p.key as { value?: unknown })?.value === k)?.key as never) || line;
    // `- exclude: [Claude, 深度]`: words the automatic index must never list.
    if ('exclude' in data) {
      const list = data.exclude;
      if (!Array.isArray(list) || !list.every((x) => typeof x === 'string') || Object.keys(data).length > 1) diags.error(file, line, 1, RULE, "'exclude' must be a list of names or words on its own ('- exclude: [Claude, 深度]')");
      else exclude.push(...list.map((x: string) => x.trim()).filter(Boolean));
      continue;
    }
    // `- term: 熔断` with `definition:`: a term of the term index, printed in the glossary (术语表).
    if ('term' in data) {
      for (const k of Object.keys(data)) if (!TERM_KEYS.includes(k)) diags.warn(file, keyLine(k), 1, RULE, `unknown key '${k}' in a term entry (known: ${TERM_KEYS.join(', ')})`);
      const term = typeof data.term === 'string' ? data.term.trim() : '';
      const aliases = data.aliases ?? [];
      if (!term || !Array.isArray(aliases) || !aliases.every((a) => typeof a === 'string')) {
        diags.error(file, line, 1, RULE, "a term entry needs 'term' (text) and, if any, 'aliases' as a list");
        continue;
      }
      const definition = typeof data.definition === 'string' ? data.definition.trim() : '';
      entries.push({ name: term, aliases: aliases.map((a: string) => a.trim()).filter(Boolean), kind: 'term', ...(definition ? { description: definition } : {}), pos: { file, line } });
      continue;
    }
    for (const k of Object.keys(data)) if (!KEYS.includes(k)) diags.warn(file, keyLine(k), 1, RULE, `unknown key '${k}' in a glossary entry (known: ${KEYS.join(', ')})`);
    const name = typeof data.name === 'string' ? data.name.trim() : '';
    if (!name) {
      diags.error(file, line, 1, RULE, "glossary entry without a 'name'");
      continue;
    }
    const aliases = data.aliases ?? [];
    if (!Array.isArray(aliases) || !aliases.every((a) => typeof a === 'string')) {
      diags.error(file, keyLine('aliases'), 1, RULE, `'${name}': 'aliases' must be a list of names`);
      continue;
    }
    const kind = data.kind;
    if (kind !== 'person' && kind !== 'org') {
      diags.error(file, keyLine('kind'), 1, RULE, `'${name}': 'kind' must be person or org`);
      continue;
    }
    const forms = [name, ...aliases.map((a: string) => a.trim()).filter(Boolean)];
    for (const f of forms) {
      const other = seen.get(f);
      if (other && other !== name) diags.error(file, line, 1, RULE, `'${f}' is a name of both '${other}' and '${name}'`);
      seen.set(f, name);
    }
    entries.push({
      name,
      aliases: forms.slice(1),
      kind,
      ...(typeof data.description === 'string' && data.description.trim() ? { description: data.description.trim() } : {}),
      pos: { file, line },
    });
  }
  return entries;
}
