export * from './handoff';
