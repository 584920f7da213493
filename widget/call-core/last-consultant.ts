/**
 * The consultant a shopper last talked to, kept in this browser only (the shop's origin, one
 * key per Vitrina server), so a returning shopper can ask for them again.
 */
export interface LastConsultant {
  id: string;
  name: string;
}

const keyFor = (server: string) => `vitrina:last-consultant:${new URL(server).origin}`;

export function readLastConsultant(server: string): LastConsultant | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(keyFor(server)) ?? 'null') as Partial<LastConsultant> | null;
    return value && typeof value.id === 'string' && typeof value.name === 'string' ? { id: value.id, name: value.name } : undefined;
  } catch {
    return undefined; // storage blocked (private mode, sandboxed frame) or mangled: forget it
  }
}

export function rememberConsultant(server: string, consultant: LastConsultant): void {
  try {
    localStorage.setItem(keyFor(server), JSON.stringify(consultant));
  } catch {
    // storage blocked: the shopper simply is not offered "call again"
  }
}
