export { fold } from './fold';
export { stemEnglish } from './english';
export { stripKorean, jamo } from './korean';
export { withinEdits } from './typo';
export { BUILTIN_SYNONYMS, MAX_SYNONYM_CHARS, MAX_SYNONYM_GROUPS, MAX_SYNONYM_WORDS, lexiconFor, type Lexicon, type SynonymGroup } from './lexicon';
export { analyze, isWeak, searchWords, type Term } from './analyze';
