import type { ChatContent, ChatMessage } from '../../contract/chat.js';
import type { ChatRepo } from '../store.js';
import type { SqlDb } from './sql-db.js';

interface MessageRow {
  id: string;
  call_id: string;
  at: number;
  sender: 'shopper' | 'agent';
  kind: ChatContent['kind'];
  body: string;
  agent_name: string | null;
}

/** The body column holds the content without its kind, which has a column of its own. */
function toMessage(r: MessageRow): ChatMessage {
  const body = JSON.parse(r.body) as Record<string, unknown>;
  return {
    ...(body as Omit<ChatContent, 'kind'>),
    kind: r.kind,
    id: r.id,
    callId: r.call_id,
    at: r.at,
    from: r.sender,
    ...(r.agent_name ? { name: r.agent_name } : {}),
  } as ChatMessage;
}

export function sqlChatRepo(db: SqlDb): ChatRepo {
  const select = `SELECT m.id, m.call_id, m.at, m.sender, m.kind, m.body, a.name AS agent_name
    FROM call_messages m LEFT JOIN agents a ON a.id = m.agent_id`;
  return {
    async add(line) {
      const { kind, ...body } = line.content;
      // seq keeps lines written in the same millisecond in the order they were said.
      await db.run(
        `INSERT INTO call_messages (id, call_id, at, sender, agent_id, kind, body, seq)
         SELECT ?, ?, ?, ?, ?, ?, ?, COALESCE(MAX(seq), 0) + 1 FROM call_messages WHERE call_id = ?`,
        [line.id, line.callId, line.at, line.from, line.agentId ?? null, kind, JSON.stringify(body), line.callId],
      );
      return toMessage((await db.get<MessageRow>(`${select} WHERE m.id = ?`, [line.id])) as MessageRow);
    },
    async list(callId) {
      return (await db.all<MessageRow>(`${select} WHERE m.call_id = ? ORDER BY m.at, m.seq, m.id`, [callId])).map(toMessage);
    },
  };
}
