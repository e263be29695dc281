export * from './apiCall';
export * from './jsonPath';
