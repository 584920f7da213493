/** The candidate pair a transport of a peer connection chose, as WebRTC's statistics give it. */
export interface SelectedPair {
  local: { candidateType: string; protocol: string; relayProtocol?: string };
  remote: { candidateType: string; protocol: string; address: string; port: number };
  bytesReceived: number;
}

/**
 * Installs `window.__vitrinaSelectedPairs(pc)` in a page (give it to `addInitScript`): the pairs
 * a peer connection's transports chose. Plain JavaScript, so that it runs in the page as written.
 */
export const SELECTED_PAIRS_SCRIPT = `
globalThis.__vitrinaSelectedPairs = async (pc) => {
  const stats = new Map();
  (await pc.getStats()).forEach((s) => stats.set(s.id, s));
  const pairs = [];
  for (const s of stats.values()) {
    if (s.type !== 'transport' || !s.selectedCandidatePairId) continue;
    const pair = stats.get(s.selectedCandidatePairId);
    const local = pair && stats.get(pair.localCandidateId);
    const remote = pair && stats.get(pair.remoteCandidateId);
    if (!local || !remote) continue;
    pairs.push({
      local: { candidateType: String(local.candidateType), protocol: String(local.protocol), ...(local.relayProtocol ? { relayProtocol: String(local.relayProtocol) } : {}) },
      remote: { candidateType: String(remote.candidateType), protocol: String(remote.protocol), address: String(remote.address), port: Number(remote.port) },
      bytesReceived: Number(pair.bytesReceived ?? 0),
    });
  }
  return pairs;
};
`;
