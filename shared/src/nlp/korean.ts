/**
 * Korean particles and endings, by a suffix list rather than a morphological analyser: the analysers worth having
 * (mecab-ko, khaiii, Kiwi) ship dictionaries of tens of megabytes, and the matcher runs in the editor's preview too.
 * Stripping the common particles and 하다/되다/polite endings gets most of the benefit; what is left is caught by
 * prefix matching and by syllable pairs over the space-free text.
 */

// Longest first, so "에서는" wins over "는". A one-syllable ending is only stripped from a word of three or more
// syllables: in two-syllable words it is usually part of the noun (물가, 휴가, 나이).
const SUFFIXES = [
  '하고싶어요', '하고싶은데', '하려고요', '해주세요', '하는법', '에서는', '으로는', '에게서', '하려면', '으려면', '하나요', '할까요', '할게요',
  '했어요', '했는데', '합니다', '됩니다', '되나요', '됐어요', '됐는데', '인가요', '한가요', '이에요', '입니다', '했나요', '할래요',
  '싶어요', '싶은데', '되어서', '돼서', '에서', '으로', '에게', '한테', '까지', '부터', '이랑', '하고', '처럼', '보다', '해요',
  '하는', '하면', '하기', '나요', '는데', '이요', '예요', '어요', '아요', '세요', '은요', '는요', '해서', '하게', '되는', '된',
  '은', '는', '이', '가', '을', '를', '에', '로', '의', '도', '만', '과', '와', '랑', '요', '할', '한', '고', '서',
];

export function stripKorean(word: string): string {
  let w = word;
  // A few rounds handle stacked endings ("배송은요", "주문했는데요").
  for (let round = 0; round < 3; round++) {
    const suffix = SUFFIXES.find((s) => w.endsWith(s) && w.length - s.length >= (s.length === 1 ? 2 : 1));
    if (!suffix) break;
    w = w.slice(0, -suffix.length);
  }
  return w;
}

const SYLLABLE_BASE = 0xac00;
const SYLLABLE_LAST = 0xd7a3;
// Initial, medial and final jamo as compatibility letters, so a decomposed word is plain text.
const INITIALS = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
const MEDIALS = 'ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ';
const FINALS = ['', 'ㄱ', 'ㄲ', 'ㄳ', 'ㄴ', 'ㄵ', 'ㄶ', 'ㄷ', 'ㄹ', 'ㄺ', 'ㄻ', 'ㄼ', 'ㄽ', 'ㄾ', 'ㄿ', 'ㅀ', 'ㅁ', 'ㅂ', 'ㅄ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ'];

/**
 * Hangul syllables as their letters (환불 → ㅎㅘㄴㅂㅜㄹ), so a typo is one letter off, not one syllable: 환뷸 and 환불
 * differ in one of six letters, where as syllables they differ in half the word.
 */
export function jamo(word: string): string {
  let out = '';
  for (const ch of word) {
    const code = ch.codePointAt(0)!;
    if (code < SYLLABLE_BASE || code > SYLLABLE_LAST) {
      out += ch;
      continue;
    }
    const index = code - SYLLABLE_BASE;
    out += INITIALS[Math.floor(index / 588)]! + MEDIALS[Math.floor((index % 588) / 28)]! + FINALS[index % 28]!;
  }
  return out;
}

// Question frames, pronouns and fillers; matched before and after stripping.
export const KOREAN_STOPWORDS: readonly string[] = [
  '어떻게', '어떡해', '어떡하나요', '어디', '어디서', '어디로', '어디에', '뭐', '뭐가', '뭔가요', '무엇', '무엇인가요',
  '무슨', '왜', '몇', '하나요', '있나요', '있어요', '있을까요', '있는', '있', '인가요', '건가요', '거예요', '주세요',
  '해주세요', '싶어요', '싶은데요', '싶습니다', '싶은데', '싶', '원해요', '원합니다', '하고', '해요', '하는', '하면', '되나요', '돼요',
  '되요', '되는', '가능한가요', '가능해요', '가능할까요', '가능', '할', '수', '좀', '제', '저', '저는', '제가', '내', '나', '나는', '내가',
  '그', '이', '그거', '이거', '저희', '우리', '혹시', '안녕하세요', '네', '예', '아니요', '요', '궁금해요', '궁금합니다', '궁금',
  '알려주세요', '알려', '알려줘', '알고', '어때', '어때요', '어떤', '것', '거', '게', '때', '진짜', '너무', '정말', '그리고', '근데', '그런데', '또',
  '보통', '지금', '아직', '자꾸', '다', '해', '해야', '돼', '되', '하', '같아요', '같은데', '것같아요', '법', '하는법', '나와요', '나요',
  '을', '를', '은', '는', '가', '에', '로', '으로', '도', '만',
];

/** Everyday words that count half (see ENGLISH_WEAK_WORDS). */
export const KOREAN_WEAK_WORDS: readonly string[] = ['오늘', '내일', '어제', '시간', '사람', '하루', '요즘', '지금', '다른', '좋'];
