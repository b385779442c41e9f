import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

// The same figures in every format: what the table prints, markdown prints too, and names from the
// logs or a prices file never open an HTML tag where the markdown is rendered.

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'llm-audit-formats-agree-')); });
const tmp = (name: string, content: string): string => { const p = join(dir, name); writeFileSync(p, content); return p; };

describe('analyze --format markdown', () => {
  it('escapes a model name in the audit notes, as in its tables', async () => {
    // a prices-file model with audio and image tokens and no audio or image price: the notes name it
    const prices = tmp('evil-prices.yaml', 'models:\n  "<img src=x onerror=alert(1)>": { input_mtok: 1, output_mtok: 2 }\n');
    const logs = tmp('evil.csv', 'timestamp,model,prompt_tokens,completion_tokens,input_audio_tokens,input_image_tokens\n2025-06-01T00:00:00Z,<img src=x onerror=alert(1)>,100,10,50,20\n');
    const r = await runCli(['analyze', logs, '--prices', prices, '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('- 1 record(s) carry 50 audio input tokens on &lt;img src=x onerror=alert(1)>, whose price lists no audio rate');
    expect(r.stdout).not.toContain('<img');
  });

});
