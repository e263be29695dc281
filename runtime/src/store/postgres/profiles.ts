import { statement, type Db } from './pool';
import type { Identity, ProfileConversation, ProfileStore } from '../profiles';

/** Links are rare (a start on a channel or with a verified customer, a ticket) and short: one lock orders them all, so two merges can never cross. */
const LINK_LOCK: [number, number] = [0x70617231, 3];

const S = {
  lock: statement('profiles_lock', 'SELECT pg_advisory_xact_lock($1, $2)'),
  found: statement(
    'profiles_found',
    `SELECT profile_id AS id FROM customer_identities WHERE (kind, value) IN (SELECT * FROM unnest($1::text[], $2::text[]))
     UNION SELECT profile_id FROM conversation_profiles WHERE conversation_id = $3`,
  ),
  mergeIdentities: statement('profiles_merge_identities', 'UPDATE customer_identities SET profile_id = $1 WHERE profile_id = ANY($2::text[])'),
  mergeConversations: statement('profiles_merge_conversations', 'UPDATE conversation_profiles SET profile_id = $1 WHERE profile_id = ANY($2::text[])'),
  identities: statement(
    'profiles_identities',
    `INSERT INTO customer_identities (kind, value, profile_id, created_at)
     SELECT k, v, $3, $4 FROM unnest($1::text[], $2::text[]) AS i(k, v) ON CONFLICT DO NOTHING`,
  ),
  conversation: statement(
    'profiles_conversation',
    `INSERT INTO conversation_profiles (conversation_id, profile_id, channel) VALUES ($1, $2, $3)
     ON CONFLICT (conversation_id) DO UPDATE SET profile_id = excluded.profile_id`,
  ),
  profileOf: statement('profiles_of', 'SELECT profile_id AS id FROM conversation_profiles WHERE conversation_id = $1'),
  conversations: statement('profiles_conversations', 'SELECT conversation_id AS "conversationId", channel FROM conversation_profiles WHERE profile_id = $1 ORDER BY conversation_id'),
};

export class PgProfileStore implements ProfileStore {
  constructor(private readonly db: Db) {}

  async link(conversation: ProfileConversation, identities: Identity[], now: string, newId: () => string): Promise<string> {
    const kinds = identities.map((i) => i.kind);
    const values = identities.map((i) => i.value);
    return this.db.tx(async (q) => {
      await q.row(S.lock, LINK_LOCK);
      const found = (await q.rows<{ id: string }>(S.found, [kinds, values, conversation.conversationId])).map((r) => r.id).sort();
      const [profile = newId(), ...others] = found;
      if (others.length > 0) {
        await q.run(S.mergeIdentities, [profile, others]);
        await q.run(S.mergeConversations, [profile, others]);
      }
      await q.run(S.identities, [kinds, values, profile, now]);
      await q.run(S.conversation, [conversation.conversationId, profile, conversation.channel]);
      return profile;
    });
  }

  async profileOf(conversationId: string): Promise<string | undefined> {
    return (await this.db.row<{ id: string }>(S.profileOf, [conversationId]))?.id;
  }

  async conversationsOf(profileId: string): Promise<ProfileConversation[]> {
    return this.db.rows<ProfileConversation>(S.conversations, [profileId]);
  }
}
