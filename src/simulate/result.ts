import type { Baselines } from './baselines.js';
import type { GatewayScenario } from './gateways.js';

// One policy's simulation as it appears in the JSON report (`simulations: [...]`). Money unrounded.

export interface TierRow {
  tier: number;
  name: string;
  route: string;
  /** Requests of this tier that an override or the sensitive route sent elsewhere than `route`. */
  reroutedRequests: number;
  records: number;
  requests: number;
  beforeUsd: number;
  afterUsd: number;
  /** The part of afterUsd that web searches cost: only when the tier has some. */
  afterWebSearchUsd?: number;
  tokensBefore: number;
  tokensAfter: number;
}

export interface ModelRow {
  model: string;
  requestsBefore: number;
  /** Expected calls, fallbacks and verification passes included. */
  requestsAfter: number;
  beforeUsd: number;
  afterUsd: number;
  requestSharePctBefore: number;
  requestSharePctAfter: number;
}

export interface Simulation {
  policy: string;
  file: string;
  scale: number;
  beforeUsd: number;
  afterUsd: number;
  /** The part of afterUsd that web searches cost (before any gateway fee): only when there are some. */
  afterWebSearchUsd?: number;
  savingsUsd: number;
  savingsPct: number;
  requests: number;
  apiCallsAfter: number;
  byTier: TierRow[];
  byModel: ModelRow[];
  moved: { requests: number; tokens: number; requestsPct: number };
  /** The policy's own gateway: its name in `gateways`. */
  gateway: string;
  /** Direct first: the same routed month through each gateway. */
  gateways: GatewayScenario[];
  baselines?: Baselines;
  errorRates: Array<{ model: string; rate: number; from: 'policy' | 'logs' | 'default' }>;
  tokenizers: Array<{ family: string; factor: number; models: string[] }>;
  /** records, requests: the unpriced records; reportedOnly*: the audit's records with a cost and no tokens (usd scaled like the rest). */
  notSimulated: { records: number; requests: number; reportedOnlyRecords: number; reportedOnlyUsd: number };
  selfHostedUsd: number;
  assumptions: string[];
}
