// Two baselines keep the savings honest: the cheapest model the policy uses taking all traffic
// (the floor), and random routing that keeps the same share of requests on the flagship (what
// tiering buys over a coin toss at the same price point). Both are exact expectations, not samples.
// A policy that leaves some traffic as logged (a tier it does not route) is matched by random
// routing that leaves the same share, picked at random, as logged: it costs that share of the
// logged month, not the cheapest model's price. Likewise the share a policy sends to a self-hosted
// route billed per hour stays there in the random baseline, at the route's hours: those hours are
// paid whatever the traffic, so the rest of the month must not be priced as if they were free.

const NONE_KEPT = { requests: 0, loggedUsd: 0 };
const NONE_HOSTED = { requests: 0, usd: 0 };

export interface Candidate { name: string; key: string; allTrafficUsd: number; primary: boolean }

export interface Baselines {
  cheapest: { model: string; usd: number };
  random: { flagship: string; cheap: string; flagshipSharePct: number; keptSharePct: number; selfHostedSharePct: number; usd: number };
  allTraffic: Array<{ model: string; usd: number }>;
}

/**
 * @param flagshipRequests requests the policy sends to each model key as its first choice
 * @param totalRequests requests simulated
 * @param kept requests the policy leaves as logged, and the logged cost of all the traffic
 * @param hosted requests the policy sends to self-hosted routes billed per hour, and those hours' cost
 */
export function baselines(cands: Candidate[], flagshipRequests: Map<string, number>, totalRequests: number, kept: { requests: number; loggedUsd: number } = NONE_KEPT, hosted: { requests: number; usd: number } = NONE_HOSTED): Baselines | undefined {
  if (cands.length === 0) return undefined;
  const cheapest = cands.reduce((a, b) => (b.allTrafficUsd < a.allTrafficUsd ? b : a));
  const primaries = cands.filter((c) => c.primary);
  const flagship = (primaries.length ? primaries : cands).reduce((a, b) => (b.allTrafficUsd > a.allTrafficUsd ? b : a));
  const share = totalRequests > 0 ? (flagshipRequests.get(flagship.key) ?? 0) / totalRequests : 0;
  const keptShare = totalRequests > 0 ? kept.requests / totalRequests : 0;
  const hostedShare = totalRequests > 0 ? hosted.requests / totalRequests : 0;
  return {
    cheapest: { model: cheapest.name, usd: cheapest.allTrafficUsd },
    random: {
      flagship: flagship.name, cheap: cheapest.name, flagshipSharePct: share * 100, keptSharePct: keptShare * 100, selfHostedSharePct: hostedShare * 100,
      usd: share * flagship.allTrafficUsd + keptShare * kept.loggedUsd + hosted.usd + (1 - share - keptShare - hostedShare) * cheapest.allTrafficUsd,
    },
    allTraffic: cands.map((c) => ({ model: c.name, usd: c.allTrafficUsd })).sort((a, b) => a.usd - b.usd),
  };
}
