import { sameSecret } from '../auth/constantTime';
import { tokenDigest } from '../auth/tokens';
import type { Store } from '../store';
import type { ConversationKey } from '../store/conversations';

/**
 * The bot's conversation a visitor token opens, or undefined: an unknown id, a wrong token and another bot's
 * conversation all look the same, so a tracking call can probe nothing. A wrong token is not an error for tracking (the
 * widget may hold a stale one); the conversion then falls back to the visitor id the widget claims.
 */
export async function visitorConversation(store: Store, botId: string, conversationId: string, token: string): Promise<ConversationKey | undefined> {
  const conv = await store.conversations.key(conversationId);
  if (!conv || conv.botId !== botId) return undefined;
  const hash = tokenDigest(token);
  return sameSecret(hash, conv.tokenHash) || (await store.conversations.hasExtraToken(conv.id, hash)) ? conv : undefined;
}
