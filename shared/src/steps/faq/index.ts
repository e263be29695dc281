export * from './faq';
export * from './match';
