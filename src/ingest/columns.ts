// The column map: canonical field -> the header names that mean it, for any CSV or flat JSON.
// `--map field=column` overrides; user-facing field names are the snake_case keys below.

export const FIELD_ALIASES = {
  model: ['model', 'model_name', 'model_id', 'llm_model', 'ai_model'],
  provider: ['provider', 'vendor', 'provider_name', 'ai_provider'],
  request_id: ['request_id', 'requestid', 'id', 'generation_id', 'response_id', 'call_id'],
  trace_id: ['trace_id', 'traceid'],
  input_tokens: ['input_tokens', 'prompt_tokens', 'tokens_input', 'tokens_prompt', 'n_input_tokens'],
  output_tokens: ['output_tokens', 'completion_tokens', 'tokens_output', 'tokens_completion', 'n_output_tokens'],
  cached_tokens: ['cached_tokens', 'cached_input_tokens', 'cache_read_tokens', 'cache_read_input_tokens', 'input_cached_tokens'],
  cache_write_tokens: ['cache_write_tokens', 'cache_creation_tokens', 'cache_creation_input_tokens'],
  cache_write_1h_tokens: ['cache_write_1h_tokens', 'cache_creation_1h_tokens'],
  reasoning_tokens: ['reasoning_tokens', 'output_reasoning_tokens', 'tokens_reasoning'],
  // audio parts of the input and output totals (OpenAI usage export, Helicone, the catalog's own names)
  input_audio_tokens: ['input_audio_tokens', 'audio_input_tokens', 'prompt_audio_tokens'],
  cached_audio_tokens: ['cached_audio_tokens', 'input_cached_audio_tokens', 'cache_audio_read_tokens'],
  output_audio_tokens: ['output_audio_tokens', 'audio_output_tokens', 'completion_audio_tokens'],
  // image parts, the same way (OpenAI usage export: gpt-image, realtime; Gemini image output)
  input_image_tokens: ['input_image_tokens', 'image_input_tokens', 'prompt_image_tokens'],
  cached_image_tokens: ['cached_image_tokens', 'input_cached_image_tokens', 'cache_image_read_tokens'],
  output_image_tokens: ['output_image_tokens', 'image_output_tokens', 'completion_image_tokens'],
  timestamp: ['timestamp', 'created_at', 'time', 'start_time', 'starttime', 'date', 'datetime', 'request_created_at'],
  user: ['user', 'user_id', 'userid', 'end_user', 'customer_id'],
  feature: ['feature', 'use_case', 'endpoint_name', 'app', 'application'],
  endpoint: ['endpoint', 'route', 'path', 'call_type'],
  project: ['project', 'project_id', 'team', 'team_id'],
  status: ['status', 'status_code', 'http_status', 'outcome'],
  latency_ms: ['latency_ms', 'latency', 'duration_ms', 'response_time_ms'],
  cost: ['cost', 'cost_usd', 'total_cost', 'spend', 'cost_total', 'usd'],
  prompt: ['prompt', 'input', 'prompt_text', 'request_text', 'question', 'messages'],
  system_prompt: ['system_prompt', 'system'],
  response: ['response', 'output', 'completion', 'response_text', 'answer'],
  tier: ['tier'],
  requests: ['requests', 'request_count', 'num_requests', 'num_model_requests', 'api_requests'],
  batch: ['batch', 'is_batch'],
  service_tier: ['service_tier'],
  max_tokens: ['max_tokens', 'max_output_tokens'],
  // searches made with the provider's web search tool, billed per search (Anthropic's names)
  web_searches: ['web_searches', 'web_search_requests', 'web_search_count'],
  tags: ['tags', 'labels'],
} as const satisfies Record<string, readonly string[]>;

export type Field = keyof typeof FIELD_ALIASES;
export const FIELDS = Object.keys(FIELD_ALIASES) as Field[];

/** Header cells compare trimmed, lowercased, BOM-free, with spaces, dots and dashes as underscores. */
export function normalizeHeader(h: string): string {
  return h.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s.\-/]+/g, '_');
}

const CAMEL: Record<string, Field> = Object.fromEntries(
  FIELDS.map((f) => [f.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), f]),
);

/** Accepts `input_tokens`, `inputTokens` or a known alias (`prompt_tokens`) as a field name. */
export function fieldFromName(name: string): Field | undefined {
  const n = normalizeHeader(name);
  if ((FIELDS as string[]).includes(n)) return n as Field;
  if (CAMEL[name]) return CAMEL[name];
  return FIELDS.find((f) => (FIELD_ALIASES[f] as readonly string[]).includes(n));
}

/**
 * Resolve each field to a column index: explicit map first, then the first alias present.
 * Returns the index table and the explicit mappings that named a missing column.
 */
export function resolveColumns(header: string[], explicit: Record<string, string>): { index: Partial<Record<Field, number>>; missing: string[] } {
  const norm = header.map(normalizeHeader);
  const index: Partial<Record<Field, number>> = {};
  const missing: string[] = [];
  for (const [name, column] of Object.entries(explicit)) {
    const field = fieldFromName(name);
    const at = header.indexOf(column) >= 0 ? header.indexOf(column) : norm.indexOf(normalizeHeader(column));
    if (!field || at < 0) missing.push(`${name}=${column}`);
    else index[field] = at;
  }
  for (const field of FIELDS) {
    if (index[field] !== undefined) continue;
    for (const alias of FIELD_ALIASES[field]) {
      const at = norm.indexOf(alias);
      if (at >= 0 && !Object.values(index).includes(at)) { index[field] = at; break; }
    }
  }
  return { index, missing };
}

/**
 * Parse repeated `--map field=column` values. One field (under any of its names) mapped to two
 * columns is refused: keeping either would drop the other without a word.
 */
export function parseMapOptions(values: string[]): Record<string, string> | string {
  const out: Record<string, string> = {};
  const given = new Map<Field, { name: string; column: string }>();
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0 || eq === v.length - 1) return `--map expects field=column, got "${v}"`;
    const name = v.slice(0, eq).trim();
    const column = v.slice(eq + 1).trim();
    const field = fieldFromName(name);
    if (!field) return `--map: unknown field "${name}"; fields are: ${FIELDS.join(', ')}`;
    const first = given.get(field);
    if (first && first.column !== column) {
      return `--map gives ${field} twice (${first.name}=${first.column}, ${name}=${column}): map each field to one column`;
    }
    if (first) continue;
    given.set(field, { name, column });
    out[name] = column;
  }
  return out;
}
