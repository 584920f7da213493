import type { ChatContent, ChatMessage } from '../contract/chat.js';
import { CHAT_TOPIC } from '../contract/topics.js';
import type { Page } from '../contract/calls.js';
import { agentIdentity, shopperIdentity } from '../contract/identities.js';
import { HttpError } from '../http/errors.js';
import { newId } from '../ids.js';
import type { CallRooms } from '../livekit/rooms.js';
import type { Logger } from '../log.js';
import type { Agent, CallRecord, ConversationCap, Store } from '../store/store.js';

/**
 * How long one call's conversation may grow: about a megabyte at most, so that a consultant's
 * console, an owner's review and the database stay quick whatever a script posts. A sales
 * conversation of an hour is a few dozen lines.
 */
export const CONVERSATION_CAP: ConversationCap = { lines: 1000, shopperLines: 400 };

const conversationFull = (): never => {
  throw new HttpError(409, 'conversation-full', 'This conversation has reached its length limit; carry on by voice.');
};

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
    return (await this.post(call, 'shopper', { kind: 'text', text })) ?? conversationFull();
  }

  async fromAgent(callId: string, agent: Agent, content: ChatContent): Promise<ChatMessage> {
    const call = await this.o.store.calls.get(callId);
    if (!call || call.state !== 'in-call' || call.agentId !== agent.id) throw new HttpError(404, 'call-not-found', 'You have no such call.');
    return (await this.post(call, 'agent', content, agent.id)) ?? conversationFull();
  }

  /**
   * The shopper opened another page of the shop. While they wait it is only noted, for the
   * consultant who answers; in a call it is a line for the consultant. A reload of the same page
   * is not news; past the conversation's cap the move is noted no more.
   */
  async pageSeen(call: CallRecord, page: Page): Promise<void> {
    if (call.pageNow.url === page.url) return;
    if (call.state !== 'in-call') {
      await this.o.store.calls.movedWhileWaiting(call.id, page);
      return;
    }
    if (!(await this.post(call, 'shopper', { kind: 'page', page }))) this.o.log.info('page move not noted: the conversation is full', { callId: call.id });
  }

  /** A page of the conversation; the shopper is not shown their own page trail. */
  async list(callId: string, viewer: 'shopper' | 'agent' | 'owner', page: { after?: number; limit?: number } = {}): Promise<ChatMessage[]> {
    return this.o.store.chat.list(callId, { ...page, withoutPages: viewer === 'shopper' });
  }

  private async post(call: CallRecord, from: 'shopper' | 'agent', content: ChatContent, agentId?: string): Promise<ChatMessage | undefined> {
    const message = await this.o.store.chat.add(
      { id: newId('msg'), callId: call.id, at: this.o.now(), from, ...(agentId ? { agentId } : {}), content },
      CONVERSATION_CAP,
    );
    if (!message) return undefined;
    const to = [...(content.kind === 'page' ? [] : [shopperIdentity(call.id)]), ...(call.agentId ? [agentIdentity(call.agentId)] : [])];
    // Stored first: a line that could not be delivered live still shows when either side reloads.
    await this.o.rooms.sendData(call.id, to, CHAT_TOPIC, message).catch((err: unknown) => {
      this.o.log.warn('could not deliver a chat line live', { callId: call.id, err });
    });
    return message;
  }
}
