import { stemmer } from 'stemmer';

/**
 * English inflection through the Porter stemmer (`stemmer`, by wooorm: a few kilobytes, no dependencies, ES module,
 * so the editor's threshold preview bundles the same matcher the runtime runs). Porter, not Porter2, because SQLite's
 * FTS5 index of help-center articles uses Porter too, so a word stems alike in FAQ matching and article search.
 */
export function stemEnglish(word: string): string {
  // Numbers, codes and short words are kept whole: "us" → "u" helps no one.
  if (word.length <= 3 || !/^\p{Script=Latin}+$/u.test(word)) return word;
  return stemmer(word);
}

// Function words and question frames that say nothing about which answer is meant.
export const ENGLISH_STOPWORDS: readonly string[] = [
  'a', 'an', 'the', 'i', 'me', 'my', 'mine', 'myself', 'we', 'us', 'our', 'you', 'your', 'yours', 'he', 'him', 'his',
  'she', 'her', 'it', 'its', 'they', 'them', 'their', 'this', 'that', 'these', 'those', 'is', 'am', 'are', 'was',
  'were', 'be', 'been', 'being', 'do', 'does', 'did', 'doing', 'done', 'have', 'has', 'had', 'having', 'can', 'could',
  'will', 'would', 'shall', 'should', 'may', 'might', 'must', 'to', 'of', 'in', 'on', 'at', 'by', 'for', 'with',
  'from', 'about', 'as', 'into', 'onto', 'over', 'up', 'out', 'off', 'and', 'or', 'but', 'if', 'then', 'so', 'than',
  'too', 'very', 'just', 'not', 'no', 'yes', 'please', 'pls', 'plz', 'hi', 'hello', 'hey', 'thanks', 'thank', 'what',
  'which', 'who', 'whom', 'whose', 'where', 'why', 'how', 'there', 'here', 'any', 'some', 'all', 'also',
  'get', 'got', 'gets', 'getting', 'want', 'wanna', 'gonna', 'need', 'like', 'know', 'tell', 'let', 'im', 'ive', 'ill', 'id', 'dont', 'cant',
  'wont', 'didnt', 'doesnt', 'isnt', 'hasnt', 'havent', 'whats', 'hows', 'u', 'ur', 'much', 'many', 'again', 'still', 'usually', 'ok', 'okay', 'when', 'whens', 'go', 'goes', 'going', 'went', 'gonna',
];

/**
 * Everyday words that carry a little meaning but turn up in any conversation ("what time is it", "17 times 23"):
 * they count half, so one of them shared with a short phrase is not an answer on its own.
 */
export const ENGLISH_WEAK_WORDS: readonly string[] = [
  'time', 'times', 'day', 'days', 'today', 'tomorrow', 'yesterday', 'week', 'weeks', 'month', 'months', 'year', 'years',
  'good', 'great', 'best', 'better', 'new', 'old', 'use', 'using', 'make', 'take', 'work', 'working', 'way', 'place',
  'people', 'person', 'look', 'see', 'say', 'right', 'number', 'long', 'little', 'big', 'small', 'first', 'last',
  'next', 'other', 'same', 'different', 'help', 'try', 'keep', 'give', 'find', 'think', 'come', 'thing',
];
