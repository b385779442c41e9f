import type { Dialect } from './dialect.js';
import { openaiDialect } from './openai.js';
import { anthropicDialect } from './anthropic.js';

export const DIALECTS: Record<'openai' | 'anthropic', Dialect> = { openai: openaiDialect, anthropic: anthropicDialect };
export type { Dialect, CallRequest } from './dialect.js';
