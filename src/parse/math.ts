/** A markdown-it rule for TeX math: `$…$` inline (as pandoc reads it) and `$$ … $$` blocks. */
import type MarkdownIt from 'markdown-it';
type Md = InstanceType<typeof MarkdownIt>;

/**
 * Inline `$tex$`: the opening `$` is not followed by a space, the closing one not preceded by one nor
 * followed by a digit (so `$5 和 $10` stays text). Block `$$`: a line starting with `$$`, to the line ending with `$$`.
 */
export function mathPlugin(md: Md): void {
  md.inline.ruler.after('escape', 'math_inline', (state, silent) => {
    const src = state.src;
    const start = state.pos;
    if (src[start] !== '$' || src[start + 1] === '$') return false;
    const first = src[start + 1];
    if (first === undefined || /\s/.test(first)) return false;
    let end = start + 1;
    for (;;) {
      end = src.indexOf('$', end);
      if (end < 0) return false;
      if (src[end - 1] === '\\') {
        end++;
        continue;
      }
      break;
    }
    if (/\s/.test(src[end - 1]!) || /\d/.test(src[end + 1] ?? '')) return false;
    const tex = src.slice(start + 1, end);
    if (tex.includes('\n\n')) return false;
    if (!silent) {
      const t = state.push('math_inline', 'math', 0);
      t.content = tex;
      t.markup = '$';
    }
    state.pos = end + 1;
    return true;
  });

  md.block.ruler.before('fence', 'math_block', (state, startLine, endLine, silent) => {
    const pos = state.bMarks[startLine]! + state.tShift[startLine]!;
    const max = state.eMarks[startLine]!;
    if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
    if (state.src.slice(pos, pos + 2) !== '$$') return false;
    const firstLine = state.src.slice(pos + 2, max);
    let content = '';
    let line = startLine;
    if (firstLine.trim().endsWith('$$') && firstLine.trim().length >= 2) {
      content = firstLine.trim().slice(0, -2);
    } else {
      const lines: string[] = [firstLine];
      let closed = false;
      while (++line < endLine) {
        const p = state.bMarks[line]! + state.tShift[line]!;
        const text = state.src.slice(p, state.eMarks[line]!);
        if (text.trimEnd().endsWith('$$')) {
          lines.push(text.trimEnd().slice(0, -2));
          closed = true;
          break;
        }
        lines.push(text);
      }
      if (!closed) return false;
      content = lines.join('\n');
    }
    if (silent) return true;
    const t = state.push('math_block', 'math', 0);
    t.block = true;
    t.content = content.trim();
    t.map = [startLine, line + 1];
    t.markup = '$$';
    state.line = line + 1;
    return true;
  });
}
