/**
 * `<ParleyChat>`'s words, English and Korean. A plain dictionary rather than i18next: the component lives inside
 * someone else's React app, which may run its own i18next instance (or none), and a library must not share or
 * require it. The host picks the language with `locale` and may replace any word with `labels`.
 */
export const en = {
  title: 'Chat',
  messages: 'Messages',
  loading: 'Starting the chat…',
  empty: 'No messages yet. Say hello!',
  startFailed: "Couldn't start the chat.",
  unavailable: 'Chat is unavailable right now.',
  tryAgain: 'Try again',
  placeholder: 'Type a message…',
  placeholderEmail: 'Your email address',
  placeholderPhone: 'Your phone number',
  placeholderNumber: 'A number',
  placeholderDate: 'A date',
  send: 'Send',
  sending: 'Sending…',
  failed: 'Not sent.',
  retry: 'Retry',
  typing: 'Typing…',
  agent: 'Agent',
  business: 'Business',
  ended: 'Conversation ended',
  newChat: 'Start a new conversation',
  opensNewTab: '(opens in a new tab)',
} as const;

export type ChatLabels = Record<keyof typeof en, string>;

const ko: ChatLabels = {
  title: '채팅',
  messages: '메시지',
  loading: '채팅을 시작하는 중…',
  empty: '아직 메시지가 없어요. 인사해 보세요!',
  startFailed: '채팅을 시작하지 못했어요.',
  unavailable: '지금은 채팅을 이용할 수 없어요.',
  tryAgain: '다시 시도',
  placeholder: '메시지를 입력하세요…',
  placeholderEmail: '이메일 주소',
  placeholderPhone: '전화번호',
  placeholderNumber: '숫자',
  placeholderDate: '날짜',
  send: '보내기',
  sending: '보내는 중…',
  failed: '보내지 못했어요.',
  retry: '다시 보내기',
  typing: '입력 중…',
  agent: '상담원',
  business: '비즈니스',
  ended: '대화가 종료되었습니다',
  newChat: '새 대화 시작하기',
  opensNewTab: '(새 탭에서 열림)',
};

/** Korean for `ko`, `ko-KR`…; English otherwise. */
export function labelsFor(locale: string | undefined, overrides: Partial<ChatLabels> = {}): ChatLabels {
  const base = (locale ?? '').toLowerCase().startsWith('ko') ? ko : en;
  return { ...base, ...overrides };
}
