// `studypack preview`: serve the pack as web pages on 127.0.0.1, refreshing them as the pack is edited.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { Diagnostics, formatDiagnostic } from '../../diagnostics.js';
import { parsePort } from '../options.js';
import type { Reporter } from '../reporter.js';
import { EXIT, EXIT_CODES, jsonDiagnostics, reporterFor, untilStopped, type SetExit } from '../shared.js';

interface PreviewFlags {
  corpus: string;
  port: number;
  keepAsciiPunctuation?: boolean;
}

/** Adds `preview` to the program. */
export function registerPreview(program: Command, setExit: SetExit): Command {
  return program
    .command('preview')
    .description('serve the pack as web pages on 127.0.0.1 (the EPUB\'s templates and CSS), refreshing as you edit')
    .option('--corpus <dir>', "the pack's folder", 'corpus')
    .option('--port <n>', 'port on 127.0.0.1 (0: any free port)', parsePort, 4173)
    .option('--keep-ascii-punctuation', 'do not turn ASCII , : ; ? ! ( ) between Chinese characters into full-width marks')
    .addHelpText(
      'after',
      `
Prints the address, e.g. 'preview: http://127.0.0.1:4173/' (with --json: {"command":"preview","url":…}).
Pages refresh by themselves when a file of the pack changes; while the pack has errors they show
them in a banner and keep the last good text.

Examples:
  studypack preview --corpus my-pack
  studypack preview --port 0            any free port
${EXIT_CODES}`,
    )
    .action(async (o: PreviewFlags, cmd: Command) => setExit(await previewCommand(o, reporterFor(cmd))));
}

async function previewCommand(o: PreviewFlags, r: Reporter): Promise<number> {
  const { renderSite, problemsPage } = await import('../../preview/site.js');
  const { startPreviewServer } = await import('../../preview/server.js');
  const { loadConfig } = await import('../../config/load.js');
  const { resolveBuildWith } = await import('../resolve.js');
  const { watchCorpus } = await import('../../watch/watcher.js');
  const corpus = path.resolve(o.corpus);
  if (!fs.existsSync(corpus) || !fs.statSync(corpus).isDirectory()) {
    r.problem(`corpus folder not found: ${o.corpus}`);
    return EXIT.input;
  }
  const render = () => {
    const diags = new Diagnostics();
    const resolved = resolveBuildWith(loadConfig, { corpus: o.corpus, out: 'out', keepAsciiPunctuation: o.keepAsciiPunctuation }, diags);
    if (!resolved) return { site: null, diagnostics: diags };
    const site = renderSite(resolved.options);
    site.diagnostics.items.forEach((d) => diags.add(d));
    return { site: site.site, diagnostics: diags };
  };
  const first = render();
  r.diagnostics(first.diagnostics.items);
  let server;
  try {
    server = await startPreviewServer(first.site ?? problemsPage(first.diagnostics), o.port);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    r.problem(code === 'EADDRINUSE' ? `port ${o.port} is in use; try --port 0 for any free port` : `cannot serve the preview: ${(e as Error).message}`);
    return EXIT.usage;
  }
  r.stdout(`preview: ${server.url}\n`);
  r.emitJson({ command: 'preview', ok: true, url: server.url, port: server.port, diagnostics: jsonDiagnostics(first.diagnostics.items) });
  r.info(`serving ${path.relative(process.cwd(), corpus) || '.'}; refreshing on changes (Ctrl-C to stop)`);
  const s = server;
  let busy = Promise.resolve();
  const watcher = watchCorpus(corpus, (files) => {
    busy = busy.then(() => {
      const next = render();
      r.diagnostics(next.diagnostics.items);
      if (next.site) {
        s.publish(next.site);
        const shown = files.filter((f) => fs.existsSync(f)).map((f) => path.relative(corpus, f));
        r.info(`refreshed after changes to ${shown.length > 0 ? shown.join(', ') : 'files in the corpus folder'}`);
      } else {
        s.problems(next.diagnostics.errors.map((d) => formatDiagnostic(d)).join('\n'));
        r.info('errors: the preview keeps the last good pages');
      }
      r.emitJson({ command: 'preview', ok: !!next.site, url: s.url, diagnostics: jsonDiagnostics(next.diagnostics.items) });
    });
  });
  await untilStopped();
  watcher.close();
  await server.close();
  return EXIT.ok;
}
