export * from './businessHours';
export * from './schedule';
