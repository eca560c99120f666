/** Syntax highlighting of fenced code (highlight.js), derived once: each code block's text as runs tagged with a token kind. */
import hljs from 'highlight.js/lib/common';
import { parseDocument } from 'htmlparser2';

/** A run of code text and its kind (`keyword`, `string`, `comment` … highlight.js's scope, first part), or '' for plain text. */
export interface CodeToken {
  text: string;
  kind: string;
}

interface Node {
  type: string;
  data?: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: Node[];
}

/**
 * The code as tokens, when its language is one highlight.js knows (an unknown or missing language: one
 * plain run). The tokens' texts joined are exactly the code.
 */
export function highlightCode(code: string, lang: string): CodeToken[] {
  const language = lang && hljs.getLanguage(lang) ? lang : '';
  if (!language) return [{ text: code, kind: '' }];
  const html = hljs.highlight(code, { language, ignoreIllegals: true }).value;
  const tokens: CodeToken[] = [];
  const walk = (nodes: Node[], kind: string) => {
    for (const n of nodes) {
      if (n.type === 'text') {
        const text = n.data ?? '';
        const last = tokens[tokens.length - 1];
        if (last && last.kind === kind) last.text += text;
        else if (text) tokens.push({ text, kind });
      } else if (n.type === 'tag') {
        const cls = (n.attribs?.class ?? '').split(/\s+/).find((c) => c.startsWith('hljs-'));
        walk(n.children ?? [], cls ? cls.slice(5).split(/[._]/)[0]! : kind);
      }
    }
  };
  walk(parseDocument(html, { decodeEntities: true }).children as unknown as Node[], '');
  // highlight.js escapes and decodes faithfully; should it ever not, the plain code is what prints.
  return tokens.map((t) => t.text).join('') === code ? tokens : [{ text: code, kind: '' }];
}
