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
  seq: number;
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
    seq: Number(r.seq),
    from: r.sender,
    ...(r.agent_name ? { name: r.agent_name } : {}),
  } as ChatMessage;
}

/** `pageMoved`: a page line moved the call's `page_now`, which the store's kept line holds too. */
export function sqlChatRepo(db: SqlDb, pageMoved: (callId: string) => Promise<void>): ChatRepo {
  const select = `SELECT m.id, m.call_id, m.at, m.sender, m.kind, m.body, m.seq, a.name AS agent_name
    FROM call_messages m LEFT JOIN agents a ON a.id = m.agent_id`;
  return {
    async add(line, cap) {
      const { kind, ...body } = line.content;
      const shopper = line.from === 'shopper' ? 1 : 0;
      const added = await db.transaction(async (tx) => {
        // The call row counts its lines: the cap and the next number cost one row, however long the conversation.
        const counted = await tx.get<{ chat_lines: number }>(
          `UPDATE calls SET chat_lines = chat_lines + 1, shopper_lines = shopper_lines + ?, page_now = COALESCE(?, page_now)
            WHERE id = ? AND chat_lines < ? AND shopper_lines + ? <= ? RETURNING chat_lines`,
          [shopper, line.content.kind === 'page' ? JSON.stringify(line.content.page) : null, line.callId, cap.lines, shopper, cap.shopperLines],
        );
        if (!counted) return false;
        // seq keeps lines written in the same millisecond in the order they were said.
        await tx.run('INSERT INTO call_messages (id, call_id, at, sender, agent_id, kind, body, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
          line.id,
          line.callId,
          line.at,
          line.from,
          line.agentId ?? null,
          kind,
          JSON.stringify(body),
          Number(counted.chat_lines),
        ]);
        return true;
      });
      if (added && line.content.kind === 'page') await pageMoved(line.callId);
      return added ? toMessage((await db.get<MessageRow>(`${select} WHERE m.id = ?`, [line.id])) as MessageRow) : undefined;
    },
    async list(callId, page = {}) {
      const rows = await db.all<MessageRow>(
        `${select} WHERE m.call_id = ? AND m.seq > ? ${page.withoutPages ? "AND m.kind <> 'page'" : ''} ORDER BY m.seq, m.at, m.id LIMIT ?`,
        [callId, page.after ?? 0, page.limit ?? 1_000_000],
      );
      return rows.map(toMessage);
    },
  };
}
