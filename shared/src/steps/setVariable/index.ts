export * from './setVariable';
