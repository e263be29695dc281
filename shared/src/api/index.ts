/**
 * The runtime's HTTP contract: every request body and query, every response body and every live (SSE) event is a zod
 * schema here, so the runtime, the editor, the widget and the tests share one definition. The runtime declares each
 * route's schemas where the route is defined, checks every answer against them in tests, and publishes them as
 * OpenAPI at `/api/openapi.json`. Any 4xx or 5xx body is an `ApiError`.
 */
export * from './errors';
export * from './system';
export * from './bots';
export * from './articles';
export * from './conversations';
export * from './widget';
export * from './tickets';
export * from './blocks';
export * from './users';
export * from './auth';
export * from './deliveries';
export * from './tools';
export * from './live';
export { FlowDocument } from '../flow';
export * from './channels';
export * from './email';
export * from './integrations';
export * from './webhooks';
export * from './conversions';
export * from './notifications';
export * from './switchboard';
export * from './analytics';
