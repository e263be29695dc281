export * from './condition';
export * from './rules';
