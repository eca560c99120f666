#!/usr/bin/env node
// One Typst compile in this (fresh) process, through Typst's npm build:
//   node bench/typst-compile.mjs IN.typ OUT.pdf FONT_FILE...
// The fonts are given as TTF file paths (the Noto TTFs from node_modules), through the compiler's fontArgs.fontPaths.
import fs from 'node:fs';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';

const [input, output, ...fonts] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node bench/typst-compile.mjs IN.typ OUT.pdf FONT_FILE...');
  process.exit(2);
}
const compiler = NodeCompiler.create({ fontArgs: [{ fontPaths: fonts }] });
const result = compiler.compile({ mainFileContent: fs.readFileSync(input, 'utf8') });
const doc = result.result;
const diags = result.takeDiagnostics();
if (!doc) {
  console.error('typst: compile failed');
  if (diags) console.error(JSON.stringify(compiler.fetchDiagnostics(diags), null, 1));
  process.exit(1);
}
if (diags && diags.compilationStatus !== 'ok') console.error(JSON.stringify(compiler.fetchDiagnostics(diags)));
fs.writeFileSync(output, compiler.pdf(doc));
