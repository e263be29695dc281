export * from './passToIntegration';
