/** The widget's own words. A dictionary rather than i18next: the whole widget must stay a few kilobytes. */
const en = {
  open: 'Open chat',
  openUnread: 'Open chat, {n} new',
  close: 'Close chat',
  chat: 'Chat',
  placeholder: 'Type a message…',
  placeholderEmail: 'Your email address',
  placeholderPhone: 'Your phone number',
  placeholderNumber: 'A number',
  placeholderDate: 'A date',
  placeholderChoice: 'Choose above, or type…',
  send: 'Send',
  sending: 'Sending…',
  slow: 'Still sending…',
  queued: 'Waiting to send…',
  failed: 'Not sent.',
  retry: 'Retry',
  discard: 'Remove',
  offline: "You're offline. Messages will be sent when you're back online.",
  unreachable: "Can't reach the chat right now. Retrying…",
  loadFailed: "Couldn't load this conversation.",
  startFailed: "Couldn't start the chat.",
  tryAgain: 'Try again',
  typing: 'Typing…',
  agent: 'Agent',
  business: 'Business',
  you: 'You',
  ended: 'Conversation ended',
  newChat: 'Start a new conversation',
  dismiss: 'Dismiss',
  messages: 'Messages',
  opensNewTab: '(opens in a new tab)',
  unavailable: 'Chat is unavailable right now.',
} as const;

export type Key = keyof typeof en;

const ko: Record<Key, string> = {
  open: '채팅 열기',
  openUnread: '채팅 열기, 새 메시지 {n}개',
  close: '채팅 닫기',
  chat: '채팅',
  placeholder: '메시지를 입력하세요…',
  placeholderEmail: '이메일 주소',
  placeholderPhone: '전화번호',
  placeholderNumber: '숫자',
  placeholderDate: '날짜',
  placeholderChoice: '위에서 고르거나 입력하세요…',
  send: '보내기',
  sending: '보내는 중…',
  slow: '아직 보내는 중…',
  queued: '전송 대기 중…',
  failed: '보내지 못했어요.',
  retry: '다시 보내기',
  discard: '삭제',
  offline: '오프라인 상태예요. 다시 연결되면 메시지를 보낼게요.',
  unreachable: '지금은 채팅 서버에 연결할 수 없어요. 다시 시도하는 중…',
  loadFailed: '대화를 불러오지 못했어요.',
  startFailed: '채팅을 시작하지 못했어요.',
  tryAgain: '다시 시도',
  typing: '입력 중…',
  agent: '상담원',
  business: '비즈니스',
  you: '나',
  ended: '대화가 종료되었습니다',
  newChat: '새 대화 시작하기',
  dismiss: '닫기',
  messages: '메시지',
  opensNewTab: '(새 탭에서 열림)',
  unavailable: '지금은 채팅을 이용할 수 없어요.',
};

export type Translate = (key: Key, vars?: Record<string, string | number>) => string;

export function pickLocale(botLocale: string | undefined, browser: string | undefined): 'en' | 'ko' {
  const l = (botLocale || browser || 'en').toLowerCase();
  return l.startsWith('ko') ? 'ko' : 'en';
}

export function translator(locale: 'en' | 'ko'): Translate {
  const dict: Record<Key, string> = locale === 'ko' ? ko : en;
  return (key, vars) => dict[key].replace(/\{(\w+)\}/g, (m, name: string) => (vars && name in vars ? String(vars[name]) : m));
}
