import type { ChatContent, ChatMessage } from '../contract/chat.js';
import { CHAT_TOPIC } from '../contract/topics.js';
import { agentIdentity, shopperIdentity, type Page } from '../contract/calls.js';
import { HttpError } from '../http/errors.js';
import { newId } from '../ids.js';
import type { CallRooms } from '../livekit/rooms.js';
import type { Logger } from '../log.js';
import type { Agent, CallRecord, Store } from '../store/store.js';

/**
 * A call's conversation. Browsers may not publish data themselves (their tokens say so): they
 * post a line here, it is checked and stored with the call, and the server hands it to both
 * parties over LiveKit's data channel. So what the owner reviews is exactly what was shown.
 */
export class ChatService {
  constructor(private readonly o: { store: Store; rooms: CallRooms; log: Logger; now: () => number }) {}

  async fromShopper(callId: string, text: string): Promise<ChatMessage> {
    const call = await this.o.store.calls.get(callId);
    if (!call || call.state !== 'in-call') throw new HttpError(409, 'not-in-call', 'Messages can be sent once a consultant has answered.');
    return this.post(call, 'shopper', { kind: 'text', text });
  }

  async fromAgent(callId: string, agent: Agent, content: ChatContent): Promise<ChatMessage> {
    const call = await this.o.store.calls.get(callId);
    if (!call || call.state !== 'in-call' || call.agentId !== agent.id) throw new HttpError(404, 'call-not-found', 'You have no such call.');
    return this.post(call, 'agent', content, agent.id);
  }

  /** The shopper opened another page of the shop mid-call; a reload of the same page is not news. */
  async pageSeen(call: CallRecord, page: Page): Promise<void> {
    const last = (await this.list(call.id, 'agent')).findLast((m) => m.kind === 'page');
    const current = last?.kind === 'page' ? last.page : call.page;
    if (current.url === page.url) return;
    await this.post(call, 'shopper', { kind: 'page', page });
  }

  /** The shopper is not shown their own page trail. */
  async list(callId: string, viewer: 'shopper' | 'agent' | 'owner'): Promise<ChatMessage[]> {
    const lines = await this.o.store.chat.list(callId);
    return viewer === 'shopper' ? lines.filter((m) => m.kind !== 'page') : lines;
  }

  private async post(call: CallRecord, from: 'shopper' | 'agent', content: ChatContent, agentId?: string): Promise<ChatMessage> {
    const message = await this.o.store.chat.add({ id: newId('msg'), callId: call.id, at: this.o.now(), from, ...(agentId ? { agentId } : {}), content });
    const to = [...(content.kind === 'page' ? [] : [shopperIdentity(call.id)]), ...(call.agentId ? [agentIdentity(call.agentId)] : [])];
    // Stored first: a line that could not be delivered live still shows when either side reloads.
    await this.o.rooms.sendData(call.id, to, CHAT_TOPIC, message).catch((err: unknown) => {
      this.o.log.warn('could not deliver a chat line live', { callId: call.id, err });
    });
    return message;
  }
}
