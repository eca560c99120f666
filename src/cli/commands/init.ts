// `studypack init <dir>`: start a new pack (config, an example article with questions, a glossary).
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CONFIG_FILE } from '../../config/file.js';
import { EXIT, EXIT_CODES, reporterFor, type SetExit } from '../shared.js';

const EXAMPLE_ARTICLE = `---
title: 读书会的第一篇文章
kind: essay
author: 示例作者
date: 2025-09-01
source: studypack 示例
questions:
  - 作者认为读书会最重要的是什么？你同意吗？
  - 文中提到的“慢读”和你平时的阅读方式有什么不同？
  - text: 如果由你来组织下一次讨论，你会选择什么主题？为什么？
    lines: 8        # answer lines on the discussion sheet for this question (else the config's answerLines)
  - 本文举了哪些例子？哪一个最能说服你？
---

这是一篇示例文章。把它换成你自己的文章：每篇文章一个 Markdown 文件，按文件名排序（01-…、02-…）。

## 为什么要一起读

一个人读书，容易读得快而浅；几个人一起读，就会停下来问：“这句话是什么意思？”读书会的价值，正在于这些停顿。

## 慢读的方法

- 先通读一遍，不做笔记；
- 第二遍标出关键句和数字，例如“每周 30 分钟”；
- 最后带着问题来参加讨论。

> 学而不思则罔，思而不学则殆。

阿莫迪在访谈中也提到，好的问题比好的答案更难得。
`;

const GLOSSARY = `# The people and organisations the index lists (name, other forms, kind, one line).
- name: 达里奥·阿莫迪
  aliases: [Dario Amodei, 阿莫迪]
  kind: person
  description: 示例条目：Anthropic 联合创始人兼 CEO
`;

function config(slug: string, title: string): string {
  return `# studypack configuration: every key is optional (see README, "Configuration").
book:
  title: ${title}
  subtitle: 读书会讨论材料
  editor: 读书会
  language: zh-CN
  date: 2025-09-01
  slug: ${slug}
paper: A4            # A4, A5 or Letter
duplex: false        # true: articles start on right-hand pages, for two-sided printing
outputs: [pdf, epub, sheets]
answerLines: 5       # ruled lines under each question on the discussion sheets (a question's 'lines:' wins)
normalisePunctuation: true
# fonts:             # TTF/OTF files replacing the built-in Noto faces, relative to this file
#   serif: fonts/MySerif-Regular.ttf
`;
}

/** Writes a new pack: config, one example article, a glossary. Refuses to overwrite anything. */
export function initPack(dir: string): { created: string[]; problem?: string } {
  const root = path.resolve(dir);
  const files: [string, string][] = [
    [CONFIG_FILE, config(slugOf(path.basename(root)), '我们的读书会')],
    ['01-example.md', EXAMPLE_ARTICLE],
    ['glossary.yaml', GLOSSARY],
  ];
  if (fs.existsSync(root)) {
    if (!fs.statSync(root).isDirectory()) return { created: [], problem: `${dir} exists and is not a folder` };
    const taken = files.map(([f]) => f).filter((f) => fs.existsSync(path.join(root, f)));
    if (taken.length > 0) return { created: [], problem: `${dir} already has ${taken.join(', ')}; nothing was changed` };
  }
  fs.mkdirSync(root, { recursive: true });
  for (const [name, content] of files) fs.writeFileSync(path.join(root, name), content, { flag: 'wx' });
  return { created: files.map(([f]) => path.join(root, f)) };
}

function slugOf(name: string): string {
  const s = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s || 'study-pack';
}

/** Adds `init` to the program. */
export function registerInit(program: Command, setExit: SetExit): Command {
  return program
    .command('init')
    .argument('<dir>', 'folder for the new pack (created; must not hold a pack already)')
    .description(`start a new pack: ${CONFIG_FILE}, an example article with questions, glossary.yaml`)
    .addHelpText(
      'after',
      `
Examples:
  studypack init my-pack && studypack build --corpus my-pack
${EXIT_CODES}`,
    )
    .action((dir: string, _o, cmd: Command) => {
      const r = reporterFor(cmd);
      const made = initPack(dir);
      if (made.problem) {
        r.problem(made.problem);
        r.emitJson({ command: 'init', ok: false, exitCode: EXIT.input, created: [], error: made.problem });
        return setExit(EXIT.input);
      }
      for (const f of made.created) r.info(`created ${path.relative(process.cwd(), f) || f}`);
      r.info(`next: studypack build --corpus ${dir}   (or: studypack preview --corpus ${dir})`);
      r.emitJson({ command: 'init', ok: true, exitCode: EXIT.ok, created: made.created });
      setExit(EXIT.ok);
    });
}
