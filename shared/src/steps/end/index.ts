export * from './end';
