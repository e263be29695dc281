import { createInstance, type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { ko } from './locales/ko';
import { SIGN_IN_NS, signInWords } from '../common/signin/words';

export const LANGS = ['en', 'ko'] as const;
export type Lang = (typeof LANGS)[number];
const KEY = 'parley-agent:lang';

function initialLang(): Lang {
  const saved = localStorage.getItem(KEY);
  if (saved === 'en' || saved === 'ko') return saved;
  return navigator.language.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** The workspace's own i18next instance, so it never shares state with the editor's. */
export const i18n: I18n = createInstance();
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en, [SIGN_IN_NS]: signInWords.en }, ko: { translation: ko, [SIGN_IN_NS]: signInWords.ko } },
  lng: initialLang(),
  fallbackLng: 'en',
  // React escapes every string it renders; escaping here too would show "&lt;" to agents.
  interpolation: { escapeValue: false },
  initAsync: false,
  showSupportNotice: false,
});

export function setLang(lang: Lang): void {
  localStorage.setItem(KEY, lang);
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}
document.documentElement.lang = i18n.language;
