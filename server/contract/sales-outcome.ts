/**
 * What the consultant says came of a call they answered. No zod here, so the consoles can take
 * the values: the server's schema (`OutcomeBody` in `agent.ts`) and the consultant's form share them.
 */
export const SALES_OUTCOMES = ['sold', 'follow-up', 'no-sale'] as const;
export type SalesOutcome = (typeof SALES_OUTCOMES)[number];

/** The longest note the consultant may keep with a call's outcome, in characters. */
export const OUTCOME_NOTE_MAX = 2000;

/** A call's outcome as saved: the note is null when the consultant left it empty. */
export interface CallOutcomeView {
  outcome: SalesOutcome;
  note: string | null;
}
