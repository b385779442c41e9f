import { isPlainObject } from '../../is-plain-object.js';

/** Text of a chat content value: a string, or an array of parts with `text`. */
export function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const parts = content.map((p) => (isPlainObject(p) && typeof p.text === 'string' ? p.text : typeof p === 'string' ? p : '')).filter(Boolean);
  return parts.length ? parts.join('\n') : undefined;
}

/**
 * The prompt side of a chat request: the last user message as the prompt, system messages as the
 * system prompt, and the message count. Accepts OpenAI `messages`, Responses `input` (string or items).
 */
export function promptFromMessages(messages: unknown, system?: unknown): { prompt?: string; systemPrompt?: string; messageCount?: number } {
  if (typeof messages === 'string') return { prompt: messages, systemPrompt: contentText(system), messageCount: 1 };
  if (!Array.isArray(messages)) return {};
  let prompt: string | undefined;
  const systems: string[] = [];
  const sys = contentText(system);
  if (sys) systems.push(sys);
  for (const m of messages) {
    if (!isPlainObject(m)) continue;
    const text = contentText(m.content);
    if (text === undefined) continue;
    if (m.role === 'system' || m.role === 'developer') systems.push(text);
    else if (m.role === 'user' || m.role === undefined) prompt = text;
  }
  return { prompt, systemPrompt: systems.length ? systems.join('\n') : undefined, messageCount: messages.length };
}
