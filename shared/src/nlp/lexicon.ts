import { fold, HANGUL } from './fold';
import { ENGLISH_STOPWORDS, stemEnglish } from './english';

const STOPWORDS = new Set(ENGLISH_STOPWORDS);

/** Words that mean the same thing to a support bot; the first is the canonical form the others are read as. */
export interface SynonymGroup {
  words: readonly string[];
}

/**
 * The built-in customer-service lexicon. English and Korean groups are both always on: their scripts never collide,
 * and Korean bots get English words ("refund", "login") from customers too. An entry of several words or of Hangul is
 * matched inside the text (Hangul with any spacing: 받는곳 = 받는 곳); a one-word Latin entry is matched as a whole
 * word or by its stem; a one-syllable Hangul entry only as a whole word after particles are stripped (색 ≠ 검색).
 * Groups are about what customers ask, not general synonyms: "close" is "delete" here because "close my account" is.
 */
export const BUILTIN_SYNONYMS: { en: readonly SynonymGroup[]; ko: readonly SynonymGroup[] } = {
  en: [
    { words: ['ship', 'shipping', 'shipped', 'shipment', 'deliver', 'delivery', 'deliveries', 'delivered', 'delivering', 'dispatch', 'dispatched', 'courier', 'postage'] },
    { words: ['order', 'orders', 'package', 'packages', 'parcel', 'parcels', 'purchase', 'purchases', 'stuff', 'box'] },
    { words: ['refund', 'refunds', 'refunded', 'money back', 'reimburse', 'reimbursed', 'reimbursement', 'repay', 'repaid', 'chargeback'] },
    { words: ['return', 'returns', 'returned', 'returning', 'send back', 'sending back', 'sent back', 'ship back', 'bring back'] },
    { words: ['exchange', 'exchanged', 'exchanging', 'swap', 'swapped', 'trade', 'switch'] },
    { words: ['login', 'log in', 'logging in', 'logged in', 'log on', 'sign in', 'signing in', 'signin', 'sign on', 'locked out', 'lock out'] },
    { words: ['password', 'passwords', 'pw', 'pwd', 'passcode', 'passwd'] },
    { words: ['cancel', 'cancels', 'canceled', 'cancelled', 'cancelling', 'canceling', 'cancellation', 'call off', 'calling off', 'abort'] },
    { words: ['account', 'accounts', 'profile', 'membership'] },
    { words: ['delete', 'deleted', 'deleting', 'deletion', 'remove', 'removed', 'erase', 'close', 'closing', 'deactivate', 'terminate'] },
    { words: ['change', 'changed', 'changing', 'update', 'updated', 'modify', 'edit', 'correct', 'reset'] },
    { words: ['international', 'internationally', 'abroad', 'overseas', 'worldwide', 'foreign', 'other countries', 'another country', 'uk', 'canada', 'australia', 'europe', 'japan', 'germany', 'mexico'] },
    { words: ['damaged', 'damage', 'broken', 'broke', 'smashed', 'crushed', 'cracked', 'crack', 'shattered', 'dented', 'torn'] },
    { words: ['warranty', 'warranties', 'guarantee', 'guaranty'] },
    { words: ['declined', 'decline', 'rejected', 'reject', 'refused', 'denied', 'failed', 'fail', 'fails', 'failing', 'bounced', 'not going through', 'wont go through'] },
    { words: ['charged', 'charge', 'charges', 'billed', 'bill', 'debited'] },
    { words: ['twice', 'two times', '2 times', 'double', 'duplicate', 'duplicated'] },
    { words: ['charged twice', 'double payment', 'duplicate payment', 'paid twice', 'payment taken twice', 'double charged', 'double billed'] },
    // One word, so a plain "card" (a payment card) is not half a gift card.
    { words: ['giftcard', 'gift card', 'giftcards', 'gift cards', 'gift voucher', 'voucher', 'gift certificate', 'gift code'] },
    { words: ['card', 'cards', 'credit card', 'credit cards', 'debit card', 'debit cards'] },
    { words: ['pay', 'payment', 'payments', 'paying', 'paid'] },
    { words: ['item', 'items', 'product', 'products', 'goods', 'thing'] },
    { words: ['time', 'how long', 'how many days', 'how fast', 'how soon', 'eta'] },
    { words: ['arrive', 'arrival', 'arrives', 'arrived', 'get here', 'gets here', 'come', 'reach'] },
    { words: ['track', 'tracking', 'trace', 'where is', 'wheres', 'where are'] },
    { words: ['data', 'information', 'info', 'details'] },
    { words: ['address', 'addresses', 'addr'] },
    { words: ['method', 'methods', 'option', 'options'] },
  ],
  ko: [
    { words: ['배송', '택배', '배달', '발송', '출고'] },
    { words: ['환불', '돈 돌려받', '돈을 돌려받', '돌려받', '돌려 받', '환급'] },
    { words: ['반품', '돌려보내', '돌려 보내', '되돌려 보내'] },
    { words: ['교환', '맞교환'] },
    { words: ['변경', '바꾸', '바꿔', '바꿀', '바꾼', '수정', '고치', '고쳐', '재설정'] },
    { words: ['비밀번호', '비번', '패스워드', '암호'] },
    { words: ['로그인', '로그 인', '접속', '로그온', '로긴'] },
    { words: ['취소', '캔슬'] },
    { words: ['계정 삭제', '회원 탈퇴', '탈퇴', '계정 해지', '아이디 삭제', '계정을 없애', '계정 없애'] },
    { words: ['삭제', '없애', '지우', '지워', '해지'] },
    { words: ['계정', '아이디', '회원'] },
    { words: ['배송 주소', '배송지', '수령지', '받는 곳', '받는 주소', '받을 주소', '주소'] },
    { words: ['해외', '외국', '국외', '해외로', '일본', '미국', '중국', '캐나다', '호주', '영국', '유럽', '독일'] },
    { words: ['상품권', '기프트카드', '기프트 카드', '기프티콘', '선물 카드', '선물카드', '바우처'] },
    { words: ['파손', '깨져', '깨졌', '깨진', '깨지', '부서져', '부서졌', '부서진', '부서지', '망가져', '망가졌', '망가진', '망가지', '망가', '찌그러져', '찌그러졌', '찌그러진', '찌그러지', '박살'] },
    { words: ['보증', '에이에스', '애프터서비스', '무상 수리', '수리', '무상 a s', 'a s'] },
    { words: ['실패', '거절', '오류', '에러', '승인 거절', '거부'] },
    { words: ['중복', '두 번', '두번', '2번', '이중', '두 차례', '두차례'] },
    { words: ['결제', '지불', '빠져나가', '빠져 나가', '빠져나갔', '청구', '출금', '계산'] },
    { words: ['카드', '신용카드', '체크카드'] },
    { words: ['간편결제', '카카오페이', '네이버페이', '토스페이', '삼성페이', '페이코', '애플페이'] },
    { words: ['계좌이체', '계좌 이체', '무통장', '무통장 입금', '무통장입금', '입금', '계좌'] },
    { words: ['조회', '확인', '추적', '트래킹', '어디쯤', '어디 있', '어디에 있', '어디까지'] },
    { words: ['송장', '운송장', '송장 번호', '운송장 번호', '택배 번호'] },
    { words: ['기간', '며칠', '몇 일', '몇일', '얼마나 걸', '언제'] },
    { words: ['사이즈', '치수', '크기'] },
    { words: ['색상', '컬러', '색깔', '색'] },
    { words: ['방법', '수단'] },
    { words: ['물건', '상품', '제품'] },
    { words: ['주문', '구매', '구입'] },
    { words: ['안돼', '안 돼', '안되', '안 되'] },
  ],
};

/** Bounds for bot-level groups, kept with the lexicon so the schema and the matcher agree. */
export const MAX_SYNONYM_GROUPS = 50;
export const MAX_SYNONYM_WORDS = 20;
export const MAX_SYNONYM_CHARS = 60;

export interface Lexicon {
  /** Entries matched inside the text, longest first, or null when there are none. */
  inText: RegExp | null;
  /** Folded entry (spaces removed for Hangul) → canonical. */
  inTextTo: Map<string, string>;
  /** A whole word or its stem → canonical. */
  byWord: Map<string, string>;
  /** Canonical → every one-word form of its group (Hangul without spaces), for expanding an article search. */
  members: Map<string, string[]>;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Hangul matched whatever the spacing: every syllable may be followed by spaces. */
function pattern(entry: string): string {
  if (HANGUL.test(entry)) return [...entry.replace(/\s+/g, '')].map(escape).join('\\s*');
  return `(?<![\\p{L}\\p{N}])${entry.split(' ').map(escape).join(' +')}(?![\\p{L}\\p{N}])`;
}

const textKey = (entry: string) => (HANGUL.test(entry) ? entry.replace(/\s+/g, '') : entry);

function build(groups: readonly SynonymGroup[]): Lexicon {
  const inTextTo = new Map<string, string>();
  const byWord = new Map<string, string>();
  const members = new Map<string, string[]>();
  for (const group of groups) {
    const words = group.words.map(fold).filter((w) => w.length > 0);
    const canonical = words[0];
    if (canonical === undefined) continue;
    const forms = members.get(canonical) ?? [];
    for (const word of words) if (!word.includes(' ') && !forms.includes(word)) forms.push(word);
    members.set(canonical, forms);
    for (const word of words) {
      const inText = word.includes(' ') || (HANGUL.test(word) && word.length >= 2);
      // An earlier group keeps its claim: bot groups come first, so a bot can take a word from the built-in list.
      if (inText) {
        if (!inTextTo.has(textKey(word))) inTextTo.set(textKey(word), canonical);
      } else {
        if (!byWord.has(word)) byWord.set(word, canonical);
        const stem = stemEnglish(word);
        // "wheres" stems to "where": a stem that is a function word would drag every "where" along.
        if (!byWord.has(stem) && !STOPWORDS.has(stem)) byWord.set(stem, canonical);
      }
    }
  }
  const entries = [...inTextTo.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  // An alternation of literals (Hangul with optional spaces between syllables): linear in the text, no nesting.
  const inText = entries.length > 0 ? new RegExp(entries.map(pattern).join('|'), 'gu') : null;
  return { inText, inTextTo, byWord, members };
}

const builtin = build([...BUILTIN_SYNONYMS.en, ...BUILTIN_SYNONYMS.ko]);
const withBot = new WeakMap<readonly SynonymGroup[], Lexicon>();

/** The built-in lexicon, with the bot's own groups first when it has any (cached per groups array: flows never change). */
export function lexiconFor(botGroups: readonly SynonymGroup[] = []): Lexicon {
  if (botGroups.length === 0) return builtin;
  let lexicon = withBot.get(botGroups);
  if (!lexicon) {
    const bounded = botGroups.slice(0, MAX_SYNONYM_GROUPS).map((g) => ({ words: g.words.slice(0, MAX_SYNONYM_WORDS).map((w) => w.slice(0, MAX_SYNONYM_CHARS)) }));
    // A bot word whose canonical is itself a built-in word lands on the built-in canonical, so the two lists agree.
    lexicon = build([...bounded.map(({ words }) => ({ words: words.map((w) => resolve(builtin, fold(w))) })), ...BUILTIN_SYNONYMS.en, ...BUILTIN_SYNONYMS.ko]);
    withBot.set(botGroups, lexicon);
  }
  return lexicon;
}

function resolve(lexicon: Lexicon, word: string): string {
  return lexicon.byWord.get(word) ?? lexicon.inTextTo.get(textKey(word)) ?? word;
}

/**
 * Folded text with every in-text entry replaced by its canonical form. Hangul replacements keep what follows glued
 * (비번을 → 비밀번호을) so particles are still stripped from the word, with a space before so it starts a word.
 */
export function applyInText(folded: string, lexicon: Lexicon): string {
  if (!lexicon.inText) return folded;
  return folded.replace(lexicon.inText, (match) => {
    const canonical = lexicon.inTextTo.get(HANGUL.test(match) ? match.replace(/\s+/g, '') : match.replace(/ +/g, ' '));
    if (canonical === undefined) return match;
    return HANGUL.test(match) ? ` ${canonical}` : ` ${canonical} `;
  });
}

/** The canonical form of one word (already folded, particles stripped), or the word itself. */
export function canonicalWord(word: string, lexicon: Lexicon): string {
  return lexicon.byWord.get(word) ?? (HANGUL.test(word) ? word : (lexicon.byWord.get(stemEnglish(word)) ?? word));
}
