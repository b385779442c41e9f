// Parents that repeat their children's usage (Vercel AI SDK `ai.generateText` over `.doGenerate`,
// agent spans over their LLM calls) are counted once: only the deepest spans with usage are kept.

export interface Node {
  id: string;
  parentId?: string;
  hasUsage: boolean;
}

/** id -> the ids of descendants with usage, for every node that has such descendants. */
export function rollups(nodes: Node[]): Map<string, string[]> {
  const parent = new Map(nodes.map((n) => [n.id, n.parentId]));
  const out = new Map<string, string[]>();
  for (const n of nodes) {
    if (!n.hasUsage) continue;
    const seen = new Set<string>([n.id]);
    for (let p = n.parentId; p !== undefined && !seen.has(p); p = parent.get(p)) {
      seen.add(p);
      const list = out.get(p) ?? [];
      list.push(n.id);
      out.set(p, list);
    }
  }
  return out;
}

/** The reason's lead, which the report tallies skips by: one for every format's roll-up parents. */
export const ROLLED_UP = 'rolled-up usage';

export function rollupReason(kind: string, name: string | undefined, id: string, children: string[]): string {
  const shown = children.slice(0, 3).join(', ') + (children.length > 3 ? ', ...' : '');
  return `${ROLLED_UP}: ${kind} ${name ?? ''} (${id}) repeats the usage of ${children.length} child call(s) (${shown}); counted once, in the children`.replace('  ', ' ');
}
