/** Versioned schema. Append only: a released migration never changes, the next one amends it. */
export const migrations: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      CREATE TABLE bots (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE flow_drafts (
        bot_id TEXT PRIMARY KEY REFERENCES bots(id) ON DELETE CASCADE,
        document TEXT NOT NULL,
        revision INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      );

      -- Immutable: a published version is never updated, so conversations pinned to it replay exactly.
      CREATE TABLE flow_versions (
        bot_id TEXT NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        document TEXT NOT NULL,
        published_at TEXT NOT NULL,
        PRIMARY KEY (bot_id, version)
      ) WITHOUT ROWID;

      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        bot_id TEXT NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
        flow_version INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'handoff', 'ended')),
        state TEXT,
        node_id TEXT,
        row_version INTEGER NOT NULL,
        last_seq INTEGER NOT NULL DEFAULT 0,
        token_hash TEXT NOT NULL,
        visitor_id TEXT,
        visitor TEXT NOT NULL DEFAULT '{}',
        -- Preview conversations run an unpublished draft, optionally with business hours forced open or closed.
        preview INTEGER NOT NULL DEFAULT 0,
        force_hours TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX conversations_visitor ON conversations(visitor_id) WHERE visitor_id IS NOT NULL;

      CREATE TABLE messages (
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        author TEXT NOT NULL CHECK (author IN ('customer', 'bot', 'agent', 'system')),
        payload TEXT NOT NULL,
        node_id TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (conversation_id, seq)
      ) WITHOUT ROWID;

      CREATE TABLE tickets (
        id INTEGER PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        bot_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
        subject TEXT NOT NULL,
        priority TEXT NOT NULL,
        tags TEXT NOT NULL,
        grp TEXT NOT NULL,
        fields TEXT NOT NULL,
        assignee TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        resolved_at TEXT
      );
      CREATE INDEX tickets_status ON tickets(status, created_at);
      CREATE INDEX tickets_conversation ON tickets(conversation_id);

      -- Internal notes between agents; never part of the customer's conversation.
      CREATE TABLE ticket_notes (
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
        author TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX ticket_notes_ticket ON ticket_notes(ticket_id);

      CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        external_id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        body_html TEXT NOT NULL,
        body_text TEXT NOT NULL,
        url TEXT NOT NULL,
        locale TEXT NOT NULL,
        labels TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      -- Indexed text is pre-split (Hangul into bigrams) by the repository, so particles do not hide a word.
      CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, tokenize = 'porter unicode61 remove_diacritics 2');

      -- Written in the same transaction as the change it announces; delivered to live listeners after commit.
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        topic TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
        password_hash TEXT NOT NULL,
        skills TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        disabled_at TEXT
      );

      -- Only hashes of session ids and API tokens are stored: a copy of the database grants no access.
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrf TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE api_tokens (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
        token_hash TEXT NOT NULL UNIQUE,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL
      );

      CREATE TABLE blocks (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('visitor', 'ip')),
        value TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (kind, value)
      );

      -- More devices of a verified customer: each gets its own token for the same conversation.
      CREATE TABLE conversation_tokens (
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        token_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (conversation_id, token_hash)
      ) WITHOUT ROWID;

      ALTER TABLE conversations ADD COLUMN ip TEXT;
      ALTER TABLE conversations ADD COLUMN verified INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 3,
    sql: `
      -- A client's id for a message it sends, so a retry after a lost answer is recognised instead of stored twice.
      ALTER TABLE messages ADD COLUMN client_id TEXT;
      CREATE UNIQUE INDEX messages_client_id ON messages(conversation_id, client_id) WHERE client_id IS NOT NULL;
    `,
  },
  {
    version: 4,
    sql: `
      -- The durable queue of outbound deliveries (webhooks, channel sends, email), drained by the dispatcher.
      CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        target TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        created_at TEXT NOT NULL,
        delivered_at TEXT,
        UNIQUE (kind, idempotency_key)
      );
      CREATE INDEX deliveries_due ON deliveries(next_attempt_at) WHERE status = 'pending';
      CREATE TABLE delivery_attempts (
        delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
        attempt INTEGER NOT NULL,
        at TEXT NOT NULL,
        ok INTEGER NOT NULL,
        status INTEGER,
        error TEXT,
        ms REAL NOT NULL,
        PRIMARY KEY (delivery_id, attempt)
      ) WITHOUT ROWID;

      -- Abuse-limit counters shared by every process on this database.
      CREATE TABLE rate_limits (
        key TEXT NOT NULL,
        window_start INTEGER NOT NULL,
        window_end INTEGER NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (key, window_start)
      ) WITHOUT ROWID;
      CREATE INDEX rate_limits_end ON rate_limits(window_end);
    `,
  },
  {
    version: 5,
    sql: `
      -- Messaging channels per bot (store/channels.ts): settings, secrets included, as JSON.
      CREATE TABLE channel_configs (
        bot_id TEXT NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
        channel TEXT NOT NULL,
        config TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (bot_id, channel)
      ) WITHOUT ROWID;
      -- Which conversation a platform chat continues.
      CREATE TABLE channel_chats (
        channel TEXT NOT NULL,
        bot_id TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (channel, bot_id, chat_id)
      ) WITHOUT ROWID;
      CREATE INDEX channel_chats_conversation ON channel_chats(conversation_id);
      -- Inbound update ids already taken, so a platform's retry is not handled twice.
      CREATE TABLE channel_updates (
        channel TEXT NOT NULL,
        bot_id TEXT NOT NULL,
        update_id TEXT NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (channel, bot_id, update_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 6,
    sql: `
      -- The channels' second half (issue 12). When each chat last heard from its customer (WhatsApp's 24-hour window).
      ALTER TABLE channel_chats ADD COLUMN last_inbound_at TEXT;
      -- Why a bot's channel stopped working (a revoked token), until its settings are saved again.
      ALTER TABLE channel_configs ADD COLUMN broken TEXT;
      ALTER TABLE channel_configs ADD COLUMN broken_at TEXT;
      -- What the platform said happened to each message it took: sent, delivered, read, failed.
      CREATE TABLE channel_messages (
        channel TEXT NOT NULL,
        bot_id TEXT NOT NULL,
        platform_message_id TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        status TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (channel, bot_id, platform_message_id)
      ) WITHOUT ROWID;
      CREATE INDEX channel_messages_conversation ON channel_messages(conversation_id, seq);
      -- How many of a delivery's parts were sent, so a retry resumes after them instead of sending them again.
      ALTER TABLE deliveries ADD COLUMN progress INTEGER NOT NULL DEFAULT 0;
      -- One customer across channels: every identity (verified id, email, channel user) points at one profile.
      CREATE TABLE customer_identities (
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        profile_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (kind, value)
      ) WITHOUT ROWID;
      CREATE INDEX customer_identities_profile ON customer_identities(profile_id);
      CREATE TABLE conversation_profiles (
        conversation_id TEXT PRIMARY KEY,
        profile_id TEXT NOT NULL,
        channel TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX conversation_profiles_profile ON conversation_profiles(profile_id);
      -- Email (runtime/src/email): when a customer last had the conversation open, and what was emailed to them.
      CREATE TABLE conversation_presence (
        conversation_id TEXT PRIMARY KEY,
        last_seen_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE email_threads (
        conversation_id TEXT PRIMARY KEY,
        address TEXT NOT NULL,
        last_emailed_seq INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    sql: `
      -- Integrations (issue 13): third-party systems with an API key (only its SHA-256 kept) and scopes.
      CREATE TABLE integrations (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        scopes TEXT NOT NULL,
        key_hash BLOB NOT NULL UNIQUE,
        key_hint TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        revoked_at TEXT,
        last_used_at TEXT
      );
      -- Webhook endpoints, an admin's or an integration's, with the event types each wants and its signing secret.
      CREATE TABLE webhook_endpoints (
        id TEXT PRIMARY KEY,
        integration_id TEXT REFERENCES integrations(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        events TEXT NOT NULL,
        secret TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        disabled_at TEXT
      );
      CREATE INDEX webhook_endpoints_integration ON webhook_endpoints(integration_id);
      -- An endpoint's (or a chat's) deliveries, newest first.
      CREATE INDEX deliveries_target ON deliveries(kind, target, id);
    `,
  },
  {
    version: 8,
    sql: `
      -- Switchboard (issue 13): who controls a conversation besides the flow and agents. The holding integration is
      -- on the conversation row, which every turn reads anyway; the rest of the switchboard's record is beside it.
      ALTER TABLE conversations ADD COLUMN holder TEXT;
      CREATE TABLE switchboard (
        conversation_id TEXT PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
        offered_to TEXT,
        release_step TEXT,
        pass_metadata TEXT NOT NULL DEFAULT '{}',
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
      -- Third parties' metadata on a conversation (merged JSON object).
      CREATE TABLE conversation_metadata (
        conversation_id TEXT PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
        metadata TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
      -- Messages may now be the business's (an integration speaking through the API). SQLite cannot change a CHECK in
      -- place, so the table is rebuilt; nothing references it.
      CREATE TABLE messages_v8 (
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        author TEXT NOT NULL CHECK (author IN ('customer', 'bot', 'agent', 'system', 'business')),
        payload TEXT NOT NULL,
        node_id TEXT,
        created_at TEXT NOT NULL,
        client_id TEXT,
        PRIMARY KEY (conversation_id, seq)
      ) WITHOUT ROWID;
      INSERT INTO messages_v8 (conversation_id, seq, author, payload, node_id, created_at, client_id)
        SELECT conversation_id, seq, author, payload, node_id, created_at, client_id FROM messages;
      DROP TABLE messages;
      ALTER TABLE messages_v8 RENAME TO messages;
      CREATE UNIQUE INDEX messages_client_id ON messages(conversation_id, client_id) WHERE client_id IS NOT NULL;
    `,
  },
  {
    version: 9,
    sql: `
      -- Proactive notifications (issue 13): each one sent (or waiting, web: for the customer's next visit), counted
      -- per profile for the rate limit; and the identities that opted out (STOP on a channel, an email's link).
      CREATE TABLE notifications (
        id TEXT PRIMARY KEY,
        bot_id TEXT NOT NULL,
        profile_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        address TEXT NOT NULL,
        status TEXT NOT NULL,
        conversation_id TEXT,
        text TEXT NOT NULL,
        start_at TEXT,
        delivery TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        sent_at TEXT,
        error TEXT
      );
      CREATE INDEX notifications_profile ON notifications(profile_id, created_at);
      CREATE INDEX notifications_web_waiting ON notifications(address, bot_id, created_at) WHERE channel = 'web' AND status = 'queued';
      CREATE TABLE notification_optouts (
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        source TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (kind, value)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 10,
    sql: `
      -- Conversion tracking (issue 13): a bot's goals, each counting one event name, and the conversions recorded.
      CREATE TABLE conversion_goals (
        id TEXT PRIMARY KEY,
        bot_id TEXT NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        event TEXT NOT NULL,
        window_days INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (bot_id, event)
      );
      -- Every conversion as recorded; conversation_id is the conversation it is attributed to (NULL: none in the window).
      CREATE TABLE conversions (
        id INTEGER PRIMARY KEY,
        bot_id TEXT NOT NULL,
        goal_id TEXT NOT NULL REFERENCES conversion_goals(id) ON DELETE CASCADE,
        event TEXT NOT NULL,
        value REAL,
        currency TEXT,
        visitor_id TEXT,
        profile_id TEXT,
        conversation_id TEXT,
        source TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      );
      CREATE INDEX conversions_bot ON conversions(bot_id, recorded_at);
      CREATE INDEX conversions_goal ON conversions(goal_id);
      -- The figures analytics reads: per bot, UTC day and goal, kept up to date with each conversion.
      CREATE TABLE conversion_days (
        bot_id TEXT NOT NULL,
        day TEXT NOT NULL,
        goal_id TEXT NOT NULL REFERENCES conversion_goals(id) ON DELETE CASCADE,
        count INTEGER NOT NULL,
        value_sum REAL NOT NULL,
        attributed INTEGER NOT NULL,
        PRIMARY KEY (bot_id, day, goal_id)
      ) WITHOUT ROWID;
      CREATE INDEX conversion_days_goal ON conversion_days(goal_id);
      -- Attribution looks for a customer's newest conversation with a bot.
      CREATE INDEX conversations_visitor_bot ON conversations(visitor_id, bot_id, created_at) WHERE visitor_id IS NOT NULL;
    `,
  },
  {
    version: 11,
    sql: `
      -- Analytics (issue 14; store/analytics.ts). Counters per bot, conversation start day, version, step and key.
      CREATE TABLE analytics_counts (
        bot_id TEXT NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        version INTEGER NOT NULL,
        node_id TEXT NOT NULL,
        key TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (bot_id, day, version, node_id, key)
      ) WITHOUT ROWID;
      -- Where each conversation stands for analytics, in its own row (store/analytics.ts), so a turn's summary dirties no
      -- page the turn does not write anyway: the outcome (NULL until the bot's first turn: previews never get one), the
      -- last step, the bot's last turn, when it ended, whether its automated resolution waits on the 72 hours, the
      -- previous outcome and step (for RETURNING), the path (records appended each turn: encodePath), the channel, and
      -- the counters of an open conversation not yet added to analytics_counts (encodeDeltas; added when it finishes).
      -- No index names a column an unfinished turn changes.
      ALTER TABLE conversations ADD COLUMN a_outcome TEXT;
      ALTER TABLE conversations ADD COLUMN a_node TEXT;
      ALTER TABLE conversations ADD COLUMN a_last_at TEXT;
      ALTER TABLE conversations ADD COLUMN a_ended_at TEXT;
      ALTER TABLE conversations ADD COLUMN a_pending INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE conversations ADD COLUMN a_was TEXT;
      ALTER TABLE conversations ADD COLUMN a_was_node TEXT;
      ALTER TABLE conversations ADD COLUMN a_path TEXT NOT NULL DEFAULT '';
      ALTER TABLE conversations ADD COLUMN a_channel TEXT;
      ALTER TABLE conversations ADD COLUMN a_deltas TEXT NOT NULL DEFAULT '';
      CREATE INDEX conversations_analytics_list ON conversations(bot_id, created_at, id) WHERE a_outcome IS NOT NULL;
      CREATE INDEX conversations_analytics_open ON conversations(bot_id) WHERE a_outcome = 'open';
      CREATE INDEX conversations_analytics_pending ON conversations(bot_id, a_ended_at) WHERE a_pending = 1;
      CREATE INDEX conversations_analytics_return ON conversations(bot_id, visitor_id, a_ended_at) WHERE a_pending = 1;
      -- Each FAQ step's verdict on a customer's text, in one b-tree keyed by bot and time (the unmatched list reads the
      -- newest first; a turn appends at its end): ord tells apart two verdicts of one turn.
      CREATE TABLE analytics_faq (
        bot_id TEXT NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        ord INTEGER NOT NULL,
        node_id TEXT NOT NULL,
        text TEXT NOT NULL,
        outcome TEXT NOT NULL,
        answer_id TEXT,
        score REAL,
        suggestions TEXT,
        PRIMARY KEY (bot_id, at, conversation_id, ord)
      ) WITHOUT ROWID;
    `,
  },
];
