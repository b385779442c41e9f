import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { AnalysisOptions } from '../../src/analyze/analysis.js';
import type { Classifier } from '../../src/classify/classifier.js';
import { createClassifier } from '../../src/classify/registry.js';
import type { Rules } from '../../src/classify/rules.js';
import type { Io } from '../../src/io/io.js';
import { loadPolicy } from '../../src/policy/load.js';
import { gatewayFrom } from '../../src/pricing/gateway.js';
import { repoRoot } from './cli.js';

/** A stream that keeps what is written to it. */
export type TextSink = PassThrough & { text: () => string };

export function textSink(): TextSink {
  const s = new PassThrough() as TextSink;
  let out = '';
  s.on('data', (d) => { out += String(d); });
  s.text = () => out;
  return s;
}

/** An Io for runAnalysis in `cwd`, stdout and stderr kept. */
export function analysisIo(cwd: string, stderr: TextSink = textSink()): Io & { stdout: TextSink; stderr: TextSink } {
  return { stdout: textSink(), stderr, stdin: new PassThrough(), env: {}, cwd };
}

/**
 * The options of `analyze LOG --policy fixtures/policy-tiered.yaml` with the what-if cache on and the
 * heuristic classifier; `beforeClassifier` runs when the classifier is built (after the cache key).
 */
export async function cachedPolicyRun(dir: string, log: string, o: { groupBy?: AnalysisOptions['groupBy']; rules?: Rules; beforeClassifier?: () => void } = {}): Promise<AnalysisOptions> {
  const policy = await loadPolicy(join(repoRoot, 'fixtures/policy-tiered.yaml'));
  return {
    files: [log], columnMap: {}, gateway: gatewayFrom(undefined, []), groupBy: o.groupBy ?? ['model'],
    classifierSpec: 'heuristic', ...(o.rules ? { rules: o.rules } : {}),
    classifier: async (): Promise<Classifier> => { o.beforeClassifier?.(); return createClassifier('heuristic', { ...(o.rules ? { rules: o.rules } : {}), cwd: dir, env: {} }); },
    cache: true,
    simulation: { policies: [policy], scale: 1, gateways: [] },
  };
}
