import { z } from 'zod';
import { NewAgentBody } from './admin.js';

export const LoginBody = z.strictObject({
  email: z
    .email('must be an e-mail address')
    .max(254)
    .transform((s) => s.toLowerCase()),
  password: z.string().min(1, 'is required').max(200, 'must be at most 200 characters'),
});
export type LoginRequest = z.input<typeof LoginBody>;

export type Role = 'agent' | 'owner';
export type AgentStatus = 'available' | 'away';

export interface AgentView {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: AgentStatus;
}

/** Why every session of an account ended: its open consoles say so on the sign-in page. */
export type SessionEndReason = 'signed-out' | 'password-changed' | 'disabled' | 'removed' | 'ended-by-owner';

/** The set-up link's form: the first owner of a new installation. */
export const FirstOwnerBody = NewAgentBody.pick({ email: true, name: true, password: true }).extend({
  token: z.string().min(1, 'is required').max(200, 'must be at most 200 characters'),
});
