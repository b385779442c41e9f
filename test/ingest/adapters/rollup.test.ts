import { describe, expect, it } from 'vitest';
import { readAll } from './read-all.js';

// A parent that repeats its children's usage is skipped under one reason, whatever the format:
// the report tallies skips by the text before the first ": ", so that text must say what happened.

describe('parents that roll up their children', () => {
  it.each([
    ['fixtures/formats/otlp.json', /^rolled-up usage: span ai\.generateText \(s-parent\) repeats the usage of 1 child call\(s\)/],
    ['fixtures/formats/langfuse-trace.json', /^rolled-up usage: [A-Z]+ .* repeats the usage of 1 child call\(s\)/],
    ['fixtures/formats/langfuse-observations.json', /^rolled-up usage: Vercel AI SDK parent ai\.generateText repeats the usage/],
  ])('%s', async (file, reason) => {
    const { skips } = await readAll([file]);
    const rolled = skips.filter((s) => /repeats the usage/.test(s.reason));
    expect(rolled).toHaveLength(1);
    expect(rolled[0]!.reason).toMatch(reason);
    expect(rolled[0]!.excluded).toBe(true);
  });
});
