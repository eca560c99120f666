import { it } from 'vitest';
import { runAce } from './helpers/ace.js';
it('ace', () => { for (const f of ['/tmp/er/amodei-reader.epub', '/tmp/erf/features.epub']) { const r = runAce(f); console.log(f, r.outcome, JSON.stringify(r.violations, null, 1)); } }, 600000);
