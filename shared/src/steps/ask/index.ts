export * from './ask';
export * from './answer';
