import { UserError } from '../errors.js';

// A prompts file: JSONL with a `prompt` or `text` string per line, or plain text with prompts
// separated by a line holding only `---`. Pure: text in, prompts out, errors name file:line.

const SEPARATOR = /^---[ \t]*$/;

export function isJsonl(file: string, text: string): boolean {
  if (/\.jsonl?$/i.test(file)) return true;
  const first = text.split('\n').find((l) => l.trim() !== '');
  return first !== undefined && first.trim().startsWith('{');
}

export function parsePrompts(text: string, file: string): string[] {
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const prompts = isJsonl(file, body) ? jsonlPrompts(body, file) : textPrompts(body);
  if (prompts.length === 0) throw new UserError(`${file}: no prompts found; write one JSON object per line with a "prompt" or "text" field, or plain text with prompts separated by a line of ---`);
  return prompts;
}

function jsonlPrompts(text: string, file: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (err) {
      throw new UserError(`${file}:${i + 1}: not valid JSON (${(err as Error).message}); each line must be an object like {"prompt": "..."}`);
    }
    const o = (v ?? {}) as { prompt?: unknown; text?: unknown };
    const p = typeof o.prompt === 'string' ? o.prompt : typeof o.text === 'string' ? o.text : undefined;
    if (p === undefined) throw new UserError(`${file}:${i + 1}: no "prompt" or "text" string field; each line must be an object like {"prompt": "..."}`);
    out.push(p);
  });
  return out;
}

function textPrompts(text: string): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  const flush = (): void => {
    const p = cur.join('\n').trim();
    if (p) out.push(p);
    cur = [];
  };
  for (const line of text.split('\n')) {
    if (SEPARATOR.test(line)) flush();
    else cur.push(line);
  }
  flush();
  return out;
}

export interface TokenStats { prompts: number; totalTokens: number; meanTokens: number; maxTokens: number }

export function tokenStats(prompts: string[], count: (text: string) => number): TokenStats {
  const n = prompts.map(count);
  const total = n.reduce((s, x) => s + x, 0);
  return { prompts: n.length, totalTokens: total, meanTokens: n.length ? total / n.length : 0, maxTokens: n.length ? n.reduce((m, x) => Math.max(m, x), -Infinity) : 0 };
}
