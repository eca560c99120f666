/** Templates and labels: Handlebars sets for the outputs, and every generated label by language. */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { parse as parseYaml } from 'yaml';
import { converterTo, traditionalVariantOf } from './seams/opencc.js';
import { cornerQuotes } from './util/chars.js';
import { PACKAGE_ROOT } from './util/package-root.js';

/** The templates folder shipped with studypack. */
export const TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');

export type Labels = Record<string, unknown> & { dateFormat: string };

const labelCache = new Map<string, Labels>();

/** The label file a language uses: `templates/labels/<lang>.yaml`, else its base language, else zh-CN. */
export function labelsFor(lang: string): string {
  const dir = path.join(TEMPLATES_DIR, 'labels');
  return [lang, lang.split('-')[0]!, 'zh-CN'].find((c) => fs.existsSync(path.join(dir, `${c}.yaml`)))!;
}

export function loadLabels(lang: string): Labels {
  const dir = path.join(TEMPLATES_DIR, 'labels');
  // A Traditional edition without a label file of its own (zh-Hant-TW, zh-Hant-HK): the Simplified labels converted.
  const variant = traditionalVariantOf(lang);
  if (variant && labelsFor(lang) !== lang) {
    let converted = labelCache.get(lang);
    if (!converted) labelCache.set(lang, (converted = traditionalLabels(loadLabels('zh-CN'), variant)));
    return converted;
  }
  const name = labelsFor(lang);
  let labels = labelCache.get(name);
  if (!labels) {
    labels = parseYaml(fs.readFileSync(path.join(dir, `${name}.yaml`), 'utf8')) as Labels;
    labelCache.set(name, labels);
  }
  return labels;
}

/** Labels converted as the edition's text is (OpenCC, corner quotes), placeholders such as `{n}` untouched, then the edition's own. */
function traditionalLabels(base: Labels, variant: 'zh-TW' | 'zh-HK'): Labels {
  const cv = converterTo(variant);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return /\p{Script=Han}/u.test(v) ? cornerQuotes(cv(v)) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  // Set over them: templates/labels/variants/zh-Hant.yaml (the index's stroke groups, the fonts' credit).
  const own = parseYaml(fs.readFileSync(path.join(TEMPLATES_DIR, 'labels', 'variants', 'zh-Hant.yaml'), 'utf8')) as Record<string, unknown>;
  return { ...(walk(base) as Labels), ...own };
}

/** `2025-08-07` → the label's date pattern, e.g. 2025年8月7日. */
export function longDate(iso: string, labels: Labels): string {
  const [y, m, d] = iso.split('-');
  return labels.dateFormat.replace('{y}', y ?? '').replace('{m}', String(Number(m))).replace('{d}', String(Number(d)));
}

/** One Handlebars environment per template folder, partials registered, templates compiled once. */
export class TemplateSet {
  private readonly hb = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();

  /** `escape: false` for plain-text output (the PDF's lines), HTML escaping otherwise. */
  constructor(
    private readonly dir: string,
    private readonly options: { escape: boolean } = { escape: true },
  ) {
    const hb = this.hb;
    hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    hb.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
    hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
    hb.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
    hb.registerHelper('join', (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(String(sep)) : ''));
    hb.registerHelper('longDate', function (this: unknown, iso: unknown, options: Handlebars.HelperOptions) {
      const labels = (options.data?.root as { labels?: Labels } | undefined)?.labels;
      return typeof iso === 'string' && labels ? longDate(iso, labels) : String(iso ?? '');
    });
    const partials = path.join(dir, 'partials');
    if (fs.existsSync(partials)) {
      for (const f of fs.readdirSync(partials).sort()) {
        if (f.endsWith('.hbs')) hb.registerPartial(f.slice(0, -4), fs.readFileSync(path.join(partials, f), 'utf8'));
      }
    }
  }

  render(name: string, context: object): string {
    let t = this.compiled.get(name);
    if (!t) {
      t = this.hb.compile(fs.readFileSync(path.join(this.dir, name), 'utf8'), { strict: false, noEscape: !this.options.escape });
      this.compiled.set(name, t);
    }
    return t(context);
  }

  /** Renders a line template: `role<TAB>text` per line, empty lines dropped. */
  lines(name: string, context: object): { role: string; text: string }[] {
    return this.render(name, context)
      .split('\n')
      .filter((l) => l.includes('\t'))
      .map((l) => {
        const [role, ...rest] = l.split('\t');
        return { role: role!.trim(), text: rest.join('\t').trim() };
      })
      .filter((l) => l.text !== '');
  }
}
