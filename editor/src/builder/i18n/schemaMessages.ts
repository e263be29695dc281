import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The schemas and graph checks in shared speak English, and the API and logs show those same words.
 * The editor shows them in the admin's language: exact sentences by lookup, sentences with a name by pattern.
 * Anything not listed (zod's generic messages) stays in English rather than being guessed at.
 */
const ko: Record<string, string> = {
  'Use 1–64 letters, digits, "-" or "_"': '영문자, 숫자, "-", "_"로 1–64자를 사용하세요',
  'Start with a letter or "_", then letters, digits or "_" (at most 64)': '영문자 또는 "_"로 시작하고 영문자, 숫자, "_"만 사용하세요 (최대 64자)',
  'Write the message': '메시지를 입력하세요',
  'Write the question': '질문을 입력하세요',
  'Add at least one option': '선택지를 하나 이상 추가하세요',
  'At most 10 options': '선택지는 최대 10개입니다',
  'Option ids must be unique': '선택지 ID가 중복되었습니다',
  '"text" is reserved for the free-text outlet': '"text"는 자유 입력 출구용으로 예약되어 있습니다',
  'Give the button a label': '버튼 라벨을 입력하세요',
  'A link button needs an http(s) URL': '링크 버튼에는 http(s) URL이 필요합니다',
  'Give the card a title': '카드 제목을 입력하세요',
  'Use an http(s) image URL': 'http(s) 이미지 URL을 사용하세요',
  'Add at least one button': '버튼을 하나 이상 추가하세요',
  'At most 3 buttons per card': '카드당 버튼은 최대 3개입니다',
  'Add at least one card': '카드를 하나 이상 추가하세요',
  'At most 10 cards': '카드는 최대 10개입니다',
  'Card ids must be unique': '카드 ID가 중복되었습니다',
  'Button ids must be unique across cards': '버튼 ID가 카드 간에 중복되었습니다',
  'Not a valid regular expression': '올바른 정규식이 아닙니다',
  'Not supported in patterns: backreferences such as \\1, and escapes other than \\d \\w \\s \\b and the like':
    '패턴에서 지원하지 않습니다: \\1 같은 역참조, 그리고 \\d \\w \\s \\b 등이 아닌 이스케이프',
  'Not supported in patterns: lookahead and lookbehind such as (?=…) and (?<!…)': '패턴에서 지원하지 않습니다: (?=…), (?<!…) 같은 전방·후방 탐색',
  'This pattern is too complex: simplify its repeats': '패턴이 너무 복잡합니다: 반복을 줄이세요',
  'A step with a secret header needs a fixed address: variables may fill the path and query, not the scheme, host or port':
    '비밀 헤더가 있는 단계는 고정된 주소가 필요합니다: 변수는 경로와 쿼리에만 쓸 수 있고, 스킴·호스트·포트에는 쓸 수 없습니다',
  'A choice question needs choices': '목록형 질문에는 선택 항목이 필요합니다',
  'Minimum is above maximum': '최솟값이 최댓값보다 큽니다',
  'This id is reserved': '예약된 ID입니다',
  'Give the answer a title': '답변 제목을 입력하세요',
  'Add at least one example phrase': '예시 문장을 하나 이상 추가하세요',
  'Write the reply': '답장을 입력하세요',
  'Add at least one answer': '답변을 하나 이상 추가하세요',
  'Answer ids must be unique': '답변 ID가 중복되었습니다',
  'Say what to search for': '검색어를 입력하세요',
  'Add at least one rule': '규칙을 하나 이상 추가하세요',
  'Rule ids must be unique': '규칙 ID가 중복되었습니다',
  'A rule needs at least one clause': '규칙에는 조건이 하나 이상 필요합니다',
  'Use HH:MM, 00:00–24:00': 'HH:MM 형식(00:00–24:00)을 사용하세요',
  'The interval ends before it starts': '종료 시각이 시작 시각보다 빠릅니다',
  'Use YYYY-MM-DD': 'YYYY-MM-DD 형식을 사용하세요',
  'Not a known IANA time zone': '알 수 없는 IANA 시간대입니다',
  'Not a valid header name': '올바른 헤더 이름이 아닙니다',
  'Give a response path': '응답 경로를 입력하세요',
  'Give the URL': 'URL을 입력하세요',
  'Use an http(s) URL': 'http(s) URL을 사용하세요',
  'Write a ticket subject': '티켓 제목을 입력하세요',
  'Add a Start step: conversations begin there': '시작 단계를 추가하세요: 대화는 여기서 시작됩니다',
  'A flow has exactly one Start step': '흐름에는 시작 단계가 하나만 있어야 합니다',
  'No path from Start reaches this step': '시작에서 이 단계로 가는 경로가 없습니다',
  'This step is in a loop that never waits for the customer: add a question or options to the loop':
    '이 단계는 고객 입력을 기다리지 않는 반복에 있습니다: 반복 안에 질문이나 선택지를 추가하세요',
  'An outlet can lead to one step only': '출구 하나는 한 단계로만 연결할 수 있습니다',
};

const koPatterns: [RegExp, (...groups: string[]) => string][] = [
  [/^Outlet "(.*)" goes nowhere: connect it to a step$/, (o) => `출구 "${o}"이(가) 연결되지 않았습니다: 단계에 연결하세요`],
  [/^Variable "(.*)" is read here but no step sets it$/, (v) => `변수 "${v}"을(를) 읽지만 값을 설정하는 단계가 없습니다`],
  [/^This step has no outlet "(.*)" any more; remove the connection$/, (o) => `이 단계에는 더 이상 "${o}" 출구가 없습니다. 연결을 삭제하세요`],
  [/^Another step already has the id "(.*)"$/, (id) => `다른 단계가 이미 "${id}" ID를 사용합니다`],
];

export function translateSchemaMessage(message: string, language: string): string {
  if (!language.startsWith('ko')) return message;
  const exact = ko[message];
  if (exact) return exact;
  for (const [re, fn] of koPatterns) {
    const m = re.exec(message);
    if (m) return fn(...m.slice(1));
  }
  return message;
}

export function useSchemaMessage(): (message: string) => string {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return useCallback((message: string) => translateSchemaMessage(message, lang), [lang]);
}
