/** YAML with line positions: every value can be traced to its line for diagnostics. */
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostics } from '../diagnostics.js';

export interface YamlSource {
  file: string;
  /** Line of the file on which the YAML text starts (1-based). */
  firstLine: number;
  text: string;
}

export interface ParsedYaml {
  data: unknown;
  doc: Document;
  lines: LineCounter;
  /** Line in the file of a top-level key, for messages about its value. */
  lineOf(key: string): number;
  /** Line in the file of the node at a path of keys and list indexes (as far as the path goes). */
  lineAt(at: readonly (string | number)[]): number;
}

/**
 * Parses YAML with positions. Syntax errors become diagnostics at the file's line;
 * aliases are capped so a "billion laughs" document cannot blow up memory.
 */
export function parseYaml(src: YamlSource, rule: string, diags: Diagnostics): ParsedYaml | null {
  const lines = new LineCounter();
  const doc = parseDocument(src.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const errors = doc.errors;
  if (errors.length > 0) {
    for (const e of errors) {
      const at = lines.linePos(e.pos[0]);
      diags.error(src.file, src.firstLine + at.line - 1, at.col, rule, `YAML: ${firstLine(e.message)}`);
    }
    return null;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    diags.error(src.file, src.firstLine, 1, rule, `YAML: ${firstLine((e as Error).message)}`);
    return null;
  }
  const lineOf = (key: string): number => {
    const contents = doc.contents as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | null;
    const pair = contents?.items?.find((p) => p.key?.value === key);
    const offset = pair?.key?.range?.[0];
    return offset === undefined ? src.firstLine : src.firstLine + lines.linePos(offset).line - 1;
  };
  const lineAt = (at: readonly (string | number)[]): number => {
    let node: unknown = doc.contents;
    let offset: number | undefined;
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
    return offset === undefined ? src.firstLine : src.firstLine + lines.linePos(offset).line - 1;
  };
  return { data, doc, lines, lineOf, lineAt };
}

function firstLine(msg: string): string {
  return msg.split('\n')[0]!.trim();
}
