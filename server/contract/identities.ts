/** Who is who in a call's LiveKit room: identities only our server mints (no zod here: browsers import this). */
export const shopperIdentity = (callId: string) => `shopper-${callId}`;
export const agentIdentity = (agentId: string) => `agent-${agentId}`;
export const recorderIdentity = (callId: string) => `recorder-${callId}`;

/** Reads an identity we minted; anything else (a forged name) is `undefined`. */
export function parseIdentity(identity: string): { role: 'shopper' | 'agent'; id: string } | undefined {
  const match = /^(shopper|agent)-(.+)$/.exec(identity);
  if (!match) return undefined;
  return { role: match[1] as 'shopper' | 'agent', id: match[2] };
}
