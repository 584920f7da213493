/**
 * The schema of both engines. Append-only: a released migration is never edited, a change is
 * a new entry. Written in SQLite's words; `forEngine` maps the two that PostgreSQL spells
 * differently (64-bit integers, an auto-numbered key). Times are epoch milliseconds.
 */
export const migrations: readonly { id: number; name: string; sql: string }[] = [
  {
    id: 1,
    name: 'agents and calls',
    sql: `
      CREATE TABLE agents (
        id            TEXT PRIMARY KEY,
        email         TEXT NOT NULL UNIQUE,
        name          TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('agent', 'owner')),
        status        TEXT NOT NULL DEFAULT 'away' CHECK (status IN ('available', 'away')),
        idle_since    INTEGER NOT NULL,
        created_at    INTEGER NOT NULL,
        disabled_at   INTEGER
      );
      CREATE TABLE calls (
        id          TEXT PRIMARY KEY,
        state       TEXT NOT NULL CHECK (state IN ('queued', 'ringing', 'in-call', 'ended')),
        page_url    TEXT NOT NULL,
        page_title  TEXT NOT NULL,
        product_id  TEXT,
        origin      TEXT,
        agent_id    TEXT REFERENCES agents(id),
        created_at  INTEGER NOT NULL,
        offered_at  INTEGER,
        answered_at INTEGER,
        ended_at    INTEGER,
        end_reason  TEXT
      );
      CREATE INDEX calls_open ON calls (state, created_at) WHERE state <> 'ended';
      CREATE INDEX calls_agent ON calls (agent_id, state);
      CREATE TABLE call_events (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        call_id  TEXT NOT NULL REFERENCES calls(id),
        at       INTEGER NOT NULL,
        kind     TEXT NOT NULL,
        agent_id TEXT,
        detail   TEXT
      );
      CREATE INDEX call_events_call ON call_events (call_id, id);
    `,
  },
  {
    id: 2,
    name: 'queue: languages, chosen consultants, the front of the line, hours, call-backs',
    sql: `
      ALTER TABLE agents ADD COLUMN languages TEXT NOT NULL DEFAULT '["en"]';
      ALTER TABLE agents ADD COLUMN missed_in_row INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE calls ADD COLUMN language TEXT;
      ALTER TABLE calls ADD COLUMN requested_agent_id TEXT REFERENCES agents(id);
      ALTER TABLE calls ADD COLUMN front INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE callback_requests (
        id             TEXT PRIMARY KEY,
        name           TEXT NOT NULL,
        phone          TEXT,
        email          TEXT,
        preferred_time TEXT,
        note           TEXT,
        language       TEXT,
        page_url       TEXT NOT NULL,
        page_title     TEXT NOT NULL,
        product_id     TEXT,
        origin         TEXT,
        created_at     INTEGER NOT NULL,
        done_at        INTEGER,
        done_by        TEXT REFERENCES agents(id)
      );
      CREATE INDEX callback_requests_open ON callback_requests (done_at, created_at);
    `,
  },
  {
    id: 3,
    name: "recordings: each received track as a file, the call's recording status, the owner's review",
    sql: `
      ALTER TABLE calls ADD COLUMN recording TEXT CHECK (recording IN ('recording', 'complete', 'partial', 'failed', 'deleted'));
      ALTER TABLE calls ADD COLUMN recording_started_at INTEGER;
      ALTER TABLE calls ADD COLUMN owner_note TEXT;
      ALTER TABLE calls ADD COLUMN owner_score INTEGER CHECK (owner_score BETWEEN 1 AND 5);
      ALTER TABLE calls ADD COLUMN shopper_rating INTEGER CHECK (shopper_rating BETWEEN 1 AND 5);
      CREATE INDEX calls_by_day ON calls (created_at);
      CREATE INDEX calls_recorded ON calls (recording, ended_at) WHERE recording IS NOT NULL;
      CREATE TABLE recording_tracks (
        id          TEXT PRIMARY KEY,
        call_id     TEXT NOT NULL REFERENCES calls(id),
        segment     INTEGER NOT NULL,
        participant TEXT NOT NULL,
        source      TEXT NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('video', 'audio')),
        codec       TEXT NOT NULL,
        offset_ms   INTEGER,
        duration_ms INTEGER,
        bytes       INTEGER,
        status      TEXT NOT NULL CHECK (status IN ('writing', 'complete', 'partial')),
        created_at  INTEGER NOT NULL
      );
      CREATE INDEX recording_tracks_call ON recording_tracks (call_id, segment, created_at);
    `,
  },
  {
    id: 4,
    name: 'accounts the owner removed: kept for the history, gone from the team',
    sql: `
      ALTER TABLE agents ADD COLUMN removed_at INTEGER;
    `,
  },
  {
    id: 5,
    name: 'the conversation of a call: chat lines, product cards, the pages the shopper moved to',
    sql: `
      CREATE TABLE call_messages (
        id        TEXT PRIMARY KEY,
        call_id   TEXT NOT NULL REFERENCES calls(id),
        at        INTEGER NOT NULL,
        sender    TEXT NOT NULL CHECK (sender IN ('shopper', 'agent')),
        agent_id  TEXT REFERENCES agents(id),
        kind      TEXT NOT NULL CHECK (kind IN ('text', 'product', 'page')),
        body      TEXT NOT NULL
      );
      CREATE INDEX call_messages_call ON call_messages (call_id, at, id);
    `,
  },
  {
    id: 6,
    name: 'a few words from the shopper with their stars',
    sql: `
      ALTER TABLE calls ADD COLUMN shopper_comment TEXT;
    `,
  },
  {
    id: 7,
    name: "one open call per consultant, kept by the database itself; the order of a call's chat lines",
    sql: `
      CREATE UNIQUE INDEX calls_one_open_per_agent ON calls (agent_id) WHERE state IN ('ringing', 'in-call');
      ALTER TABLE call_messages ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    id: 8,
    name: 'which server records a call: a lease it renews, that another server takes over when it runs out',
    sql: `
      CREATE TABLE recorder_leases (
        call_id    TEXT PRIMARY KEY REFERENCES calls(id),
        holder     TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
    `,
  },
  {
    id: 9,
    name: 'parties who left a call and have until a time to come back, seen by every server',
    sql: `
      CREATE TABLE call_absences (
        call_id    TEXT NOT NULL REFERENCES calls(id),
        identity   TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (call_id, identity)
      );
    `,
  },
  {
    id: 10,
    name: "an account's session version: a console session carries it, and raising it ends every session at once",
    sql: `
      ALTER TABLE agents ADD COLUMN session_version INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    id: 11,
    name: "a conversation's size kept with its call (the next line's number, the shopper's lines) and the page the shopper is on now",
    sql: `
      ALTER TABLE calls ADD COLUMN chat_lines INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE calls ADD COLUMN shopper_lines INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE calls ADD COLUMN page_now TEXT;
      UPDATE call_messages SET seq = (
        SELECT COUNT(*) FROM call_messages m
         WHERE m.call_id = call_messages.call_id AND (m.at < call_messages.at OR (m.at = call_messages.at AND m.id <= call_messages.id))
      ) WHERE call_id IN (SELECT call_id FROM call_messages WHERE seq = 0);
      UPDATE calls SET
        chat_lines = COALESCE((SELECT MAX(m.seq) FROM call_messages m WHERE m.call_id = calls.id), 0),
        shopper_lines = (SELECT COUNT(*) FROM call_messages m WHERE m.call_id = calls.id AND m.sender = 'shopper');
      CREATE INDEX call_messages_call_seq ON call_messages (call_id, seq);
    `,
  },
  {
    id: 12,
    name: 'LiveKit webhook events already handled, seen by every server and across restarts',
    sql: `
      CREATE TABLE webhook_events (
        id         TEXT PRIMARY KEY,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX webhook_events_expiry ON webhook_events (expires_at);
    `,
  },
  {
    id: 13,
    name: "the owner's actions: who did what to what, and when",
    sql: `
      CREATE TABLE audit_log (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        at         INTEGER NOT NULL,
        actor_id   TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        action     TEXT NOT NULL,
        target     TEXT,
        detail     TEXT
      );
    `,
  },
  {
    id: 14,
    name: 'what the consultant who answered a call says came of it, and their note',
    sql: `
      ALTER TABLE calls ADD COLUMN agent_outcome TEXT CHECK (agent_outcome IN ('sold', 'follow-up', 'no-sale'));
      ALTER TABLE calls ADD COLUMN agent_note TEXT;
    `,
  },
  {
    id: 15,
    name: 'a call begun as text chat only, who asked to turn it into video, and since when it is one',
    sql: `
      ALTER TABLE calls ADD COLUMN kind TEXT NOT NULL DEFAULT 'video' CHECK (kind IN ('video', 'chat'));
      ALTER TABLE calls ADD COLUMN video_asked_by TEXT CHECK (video_asked_by IN ('shopper', 'agent'));
      ALTER TABLE calls ADD COLUMN video_since INTEGER;
    `,
  },
  {
    id: 16,
    name: 'the latest answered calls by their end, for the wait estimate (read on every pass over the line)',
    sql: `
      CREATE INDEX calls_answered_by_end ON calls (ended_at) WHERE state = 'ended' AND answered_at IS NOT NULL;
    `,
  },
  {
    id: 17,
    name: "orders credited to calls: the shopper's first-party visitor id on the call, the orders, the shop server's API keys",
    sql: `
      ALTER TABLE calls ADD COLUMN visitor_id TEXT;
      CREATE INDEX calls_by_visitor ON calls (visitor_id, answered_at) WHERE visitor_id IS NOT NULL AND answered_at IS NOT NULL;
      CREATE TABLE orders (
        order_id    TEXT PRIMARY KEY,
        call_id     TEXT NOT NULL REFERENCES calls(id),
        agent_id    TEXT REFERENCES agents(id),
        value_minor INTEGER NOT NULL CHECK (value_minor >= 0),
        currency    TEXT NOT NULL,
        source      TEXT NOT NULL CHECK (source IN ('page', 'server')),
        ordered_at  INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        cards       TEXT NOT NULL
      );
      CREATE INDEX orders_call ON orders (call_id);
      CREATE TABLE api_keys (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        created_by   TEXT NOT NULL,
        created_at   INTEGER NOT NULL,
        last_used_at INTEGER,
        revoked_at   INTEGER
      );
    `,
  },
  {
    id: 18,
    name: 'the widget funnel: button shown and panel opened, counted per page and hour',
    sql: `
      CREATE TABLE funnel_counts (
        hour   INTEGER NOT NULL,
        page   TEXT NOT NULL,
        shown  INTEGER NOT NULL DEFAULT 0,
        opened INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (hour, page)
      );
    `,
  },
  {
    id: 19,
    name: "webhooks to the shop's systems: its endpoints, and each delivery kept until it is taken or given up",
    sql: `
      CREATE TABLE webhook_endpoints (
        id          TEXT PRIMARY KEY,
        url         TEXT NOT NULL,
        events      TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        created_at  INTEGER NOT NULL,
        removed_at  INTEGER
      );
      CREATE TABLE webhook_deliveries (
        id              TEXT PRIMARY KEY,
        endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints(id),
        event_id        TEXT NOT NULL,
        event           TEXT NOT NULL,
        payload         TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        last_status     INTEGER,
        last_error      TEXT,
        created_at      INTEGER NOT NULL,
        delivered_at    INTEGER
      );
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX webhook_deliveries_by_age ON webhook_deliveries (created_at);
    `,
  },
  {
    id: 20,
    name: "the shop's catalogue from its product feed, for consultants to search by name or SKU",
    sql: `
      CREATE TABLE catalogue_products (
        sku       TEXT PRIMARY KEY,
        position  INTEGER NOT NULL,
        title     TEXT NOT NULL,
        price     TEXT,
        url       TEXT NOT NULL,
        image_url TEXT,
        available INTEGER NOT NULL,
        search    TEXT NOT NULL
      );
    `,
  },
];
