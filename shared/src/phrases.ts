/** The bot's own words, used where an admin left a text empty. */
export const phrases = {
  en: {
    chooseOption: 'Please choose one of the options.',
    invalidInput: "That doesn't look right. Please try again.",
    didYouMean: 'Did you mean one of these?',
    noneOfThese: 'None of these',
    articlesIntro: 'These articles might help:',
    helped: 'Did this answer your question?',
    yes: 'Yes',
    no: 'No',
    resolvedQuestion: 'Was your issue resolved?',
    handoff: 'Connecting you to an agent. An agent will reply soon.',
    fault: 'Sorry, something went wrong on our side. An agent will take it from here.',
    closed: 'This conversation has ended.',
  },
  ko: {
    chooseOption: '아래 선택지 중 하나를 골라 주세요.',
    invalidInput: '입력하신 내용을 확인해 주세요. 다시 입력해 주세요.',
    didYouMean: '혹시 이 중 하나를 찾으셨나요?',
    noneOfThese: '해당 없음',
    articlesIntro: '도움이 될 만한 도움말입니다:',
    helped: '궁금한 점이 해결되셨나요?',
    yes: '네',
    no: '아니요',
    resolvedQuestion: '문의하신 내용이 해결되셨나요?',
    handoff: '상담원을 연결해 드릴게요. 곧 답변드리겠습니다.',
    fault: '죄송합니다. 문제가 발생했습니다. 상담원이 이어서 도와드리겠습니다.',
    closed: '대화가 종료되었습니다.',
  },
} as const;

export type PhraseLocale = keyof typeof phrases;
export type Phrase = keyof (typeof phrases)['en'];
