import Table from 'cli-table3';
import { count, counted, plainJson } from '../report/numbers.js';
import { esc } from '../report/markdown-escape.js';
import type { CheckResult } from './compare.js';
import { CHECK_FORMATS, type CheckFormat } from './formats.js';
import { cells, HEAD, headline, promptLines } from './cells.js';

/** A marker so a CI job can find and update its own pull-request comment. */
export const MARKER = '<!-- llm-audit-check -->';

export function renderCheckMarkdown(c: CheckResult): string {
  const out = [MARKER, `## LLM cost check: ${c.verdict === 'pass' ? '✅ no regression' : '❌ cost regression'}`, '', headline(c)];
  if (c.regressions.length) out.push('', '**Regressions**', '', ...c.regressions.map((r) => `- ${esc(r)}`));
  out.push('', `| ${HEAD.join(' | ')} |`, `|---|${HEAD.slice(1).map((h) => (h === 'cause' ? '---' : '---:')).join('|')}|`);
  for (const r of c.rows) {
    const row = cells(r, c.pctLimit, c.measure).map(esc);
    if (r.scope === 'total') row[0] = `**${row[0]}**`;
    out.push(`| ${row.join(' | ')} |`);
  }
  const prompts = promptLines(c);
  if (prompts.length) out.push('', '### Prompt growth', '', ...prompts);
  if (c.newUnpriced.length) {
    out.push('', '### New unpriced models', '', '| model | requests |', '|---|---:|', ...c.newUnpriced.map((u) => `| ${esc(u.model)} | ${count(u.requests)} |`));
  }
  if (c.notes.length) out.push('', '### Notes', '', ...c.notes.map((n) => `- ${esc(n)}`));
  return `${out.join('\n')}\n`;
}

export function renderCheckTable(c: CheckResult): string {
  const out = [`llm-audit check: ${c.verdict === 'pass' ? 'PASS, no cost regression' : 'FAIL, cost regression'}`, headline(c)];
  if (c.regressions.length) out.push('', 'Regressions:', ...c.regressions.map((r) => `  - ${r}`));
  const t = new Table({ head: HEAD, style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' }, colAligns: HEAD.map((h, i) => (i === 0 || h === 'cause' ? 'left' : 'right')) });
  for (const r of c.rows) t.push(cells(r, c.pctLimit, c.measure));
  out.push('', t.toString());
  const prompts = promptLines(c);
  if (prompts.length) out.push('', ...prompts);
  if (c.newUnpriced.length) out.push('', `New unpriced models: ${c.newUnpriced.map((u) => `${u.model} (${counted(u.requests, 'request')})`).join(', ')}`);
  if (c.notes.length) out.push('', 'Notes:', ...c.notes.map((n) => `  - ${n}`));
  return `${out.join('\n')}\n`;
}

export const CHECK_RENDERERS = {
  table: renderCheckTable,
  markdown: renderCheckMarkdown,
  json: (c: CheckResult) => `${plainJson(c, 2)}\n`,
} satisfies Record<CheckFormat, (c: CheckResult) => string>;
export { CHECK_FORMATS, type CheckFormat };
