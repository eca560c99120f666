// Headless Chromium (Debian's, through puppeteer-core) rendering an unpacked EPUB's documents: which font set each text node, and link boxes.
import fs from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import JSZip from 'jszip';
import type { Browser, CDPSession, Page } from 'puppeteer-core';
import { CHROMIUM } from './ace.js';

export async function launchChromium(): Promise<Browser> {
  const puppeteer = (await import('puppeteer-core')).default;
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
  });
}

/** Unpacks an EPUB into `dir`; returns the OEBPS folder. */
export async function unpackEpub(file: string, dir: string): Promise<string> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir) continue;
    const target = path.join(dir, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, await entry.async('nodebuffer'));
  }
  return path.join(dir, 'OEBPS');
}

/** The embedded subsets of an unpacked EPUB, by PostScript name (what Chromium reports for a custom font). */
export function embeddedFonts(oebps: string): Map<string, { file: string; font: fontkit.Font }> {
  const out = new Map<string, { file: string; font: fontkit.Font }>();
  const dir = path.join(oebps, 'fonts');
  for (const f of fs.readdirSync(dir)) {
    const font = fontkit.create(fs.readFileSync(path.join(dir, f))) as fontkit.Font;
    out.set(font.postscriptName, { file: `fonts/${f}`, font });
  }
  return out;
}

/** One rendered text node: its characters, the fonts Chromium set it in, its emphasis style, whether it is inside MathML. */
export interface RenderedText {
  document: string;
  text: string;
  fonts: { familyName: string; postScriptName: string; isCustomFont: boolean; glyphCount: number }[];
  emphasis: string;
  inMath: boolean;
  /** The text has a box (not inside display: none). */
  shown: boolean;
}

/** Opens a document at a 600 × 800 viewport and waits for its fonts. */
export async function openDocument(browser: Browser, file: string): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: 600, height: 800 });
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  await page.evaluate(async () => {
    await document.fonts.ready;
  });
  return page;
}

/**
 * Every non-blank text node of the document (its head left out), each wrapped in an unstyled span so that
 * CSS.getPlatformFontsForNode reports the fonts of that text alone (asked of an element, it reports its whole
 * inline content), with the fonts Chromium used for it. Text that is not rendered (display: none) has none.
 */
export async function renderedTexts(page: Page, document: string): Promise<RenderedText[]> {
  const probes = await page.evaluate(() => {
    const walker = window.document.createTreeWalker(window.document.body, NodeFilter.SHOW_TEXT);
    const texts: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if ((n.nodeValue ?? '').trim()) texts.push(n as Text);
    return texts.map((t, i) => {
      const inMath = !!t.parentElement?.closest('math');
      let el: Element;
      if (inMath) {
        // In MathML the text is left where it is: its element is a token element (mi, mo, mn) holding it alone.
        el = t.parentElement!;
      } else {
        el = window.document.createElementNS('http://www.w3.org/1999/xhtml', 'span');
        t.parentNode!.insertBefore(el, t);
        el.appendChild(t);
      }
      el.setAttribute('data-probe', String(i));
      return { i, text: t.nodeValue ?? '', inMath, el };
    }).map(({ el, ...p }) => {
      // After every text is wrapped (and laid out again): its emphasis style, and whether it is rendered at all.
      const cs = getComputedStyle(el) as CSSStyleDeclaration & { webkitTextEmphasisStyle?: string };
      return { ...p, emphasis: cs.textEmphasisStyle || cs.webkitTextEmphasisStyle || 'none', shown: el.getClientRects().length > 0 };
    });
  });
  // The layout after the wrapping is done (and painted) before the fonts are asked for.
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  const cdp: CDPSession = await page.createCDPSession();
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
  const out: RenderedText[] = [];
  for (const p of probes) {
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: `[data-probe="${p.i}"]` });
    let { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    // Text that is rendered has fonts; should the answer come before its layout, ask again after a frame.
    for (let k = 0; p.shown && fonts.length === 0 && k < 10; k++) {
      await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
      ({ fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId }));
    }
    out.push({ document, text: p.text, fonts, emphasis: p.emphasis, inMath: p.inMath, shown: p.shown });
  }
  await cdp.detach();
  return out;
}

/** The mark an emphasis style draws in horizontal text, as Blink picks it (CSS Text Decoration 3 § 3.1). */
export function emphasisMark(style: string): string {
  const s = style.trim();
  if (!s || s === 'none') return '';
  const str = /^"(.*)"$/.exec(s);
  if (str) return [...str[1]!][0] ?? '';
  const open = /\bopen\b/.test(s);
  const marks: Record<string, [string, string]> = {
    'double-circle': ['\u25c9', '\u25ce'],
    dot: ['\u2022', '\u25e6'],
    circle: ['\u25cf', '\u25cb'],
    triangle: ['\u25b2', '\u25b3'],
    sesame: ['\ufe45', '\ufe46'],
  };
  const shape = Object.keys(marks).find((k) => new RegExp(`(^|\\s)${k}(\\s|$)`).test(s)) ?? 'dot';
  return marks[shape]![open ? 1 : 0];
}
