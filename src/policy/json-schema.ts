import { z } from 'zod';
import { RoutingPolicy } from './schema.js';

/** The JSON schema editors use to check a policy file: what a person may write (zod input side). */
export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(RoutingPolicy, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://github.com/llm-audit/llm-audit/schema/policy.schema.json', title: 'llm-audit routing policy' };
}

export function policyJsonSchemaText(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}
