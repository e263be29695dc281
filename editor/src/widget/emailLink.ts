import type { Api } from './api';
import { ThreadRefs } from './model';

const LINK = /[#&]parley-resume=([^&]+)/;

/**
 * A link from a follow-up email (`#parley-resume=<token>`) opens that conversation: it joins this browser's stored
 * conversations before the chat restores them. The fragment is removed at once, so the token is not left in the
 * address bar or the history. True when the chat should open; a link that no longer works leaves the chat as it was.
 */
export async function resumeFromEmailLink(api: Pick<Api, 'resumeFromEmail'>, botId: string): Promise<boolean> {
  const token = LINK.exec(location.hash)?.[1];
  if (!token) return false;
  history.replaceState(history.state, '', location.href.replace(LINK, '').replace(/#$/, ''));
  try {
    const found = await api.resumeFromEmail(decodeURIComponent(token));
    // A link for another bot's conversation is not this widget's to open.
    if (found.botId !== botId) return false;
    const refs = new ThreadRefs(botId);
    refs.save([...refs.load().filter((r) => r.id !== found.conversationId), { id: found.conversationId, token: found.token }]);
    return true;
  } catch (e) {
    console.warn('[parley] the link from the email did not open the conversation', e);
    return false;
  }
}
