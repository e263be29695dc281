import type { Db } from './db';
import type { Identity, ProfileConversation, ProfileStore } from '../profiles';

export class SqliteProfileStore implements ProfileStore {
  private readonly s;
  private readonly linkTx: (conversation: ProfileConversation, identities: Identity[], now: string, newId: () => string) => string;

  constructor(db: Db) {
    this.s = {
      byIdentity: db.prepare('SELECT profile_id AS id FROM customer_identities WHERE kind = ? AND value = ?'),
      byConversation: db.prepare('SELECT profile_id AS id FROM conversation_profiles WHERE conversation_id = ?'),
      mergeIdentities: db.prepare('UPDATE customer_identities SET profile_id = ? WHERE profile_id = ?'),
      mergeConversations: db.prepare('UPDATE conversation_profiles SET profile_id = ? WHERE profile_id = ?'),
      identity: db.prepare('INSERT INTO customer_identities (kind, value, profile_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      conversation: db.prepare(`INSERT INTO conversation_profiles (conversation_id, profile_id, channel) VALUES (?, ?, ?)
        ON CONFLICT (conversation_id) DO UPDATE SET profile_id = excluded.profile_id`),
      conversations: db.prepare('SELECT conversation_id AS conversationId, channel FROM conversation_profiles WHERE profile_id = ? ORDER BY conversation_id'),
    };
    this.linkTx = db.transaction((conversation: ProfileConversation, identities: Identity[], now: string, newId: () => string) => {
      const found = new Set<string>();
      for (const i of identities) {
        const row = this.s.byIdentity.get(i.kind, i.value) as { id: string } | undefined;
        if (row) found.add(row.id);
      }
      const own = this.s.byConversation.get(conversation.conversationId) as { id: string } | undefined;
      if (own) found.add(own.id);
      const [profile = newId(), ...others] = [...found].sort();
      for (const other of others) {
        this.s.mergeIdentities.run(profile, other);
        this.s.mergeConversations.run(profile, other);
      }
      for (const i of identities) this.s.identity.run(i.kind, i.value, profile, now);
      this.s.conversation.run(conversation.conversationId, profile, conversation.channel);
      return profile;
    });
  }

  async link(conversation: ProfileConversation, identities: Identity[], now: string, newId: () => string): Promise<string> {
    return this.linkTx(conversation, identities, now, newId);
  }

  async profileOf(conversationId: string): Promise<string | undefined> {
    return (this.s.byConversation.get(conversationId) as { id: string } | undefined)?.id;
  }

  async conversationsOf(profileId: string): Promise<ProfileConversation[]> {
    return this.s.conversations.all(profileId) as ProfileConversation[];
  }
}
