import type { Store } from './store';
import type { Hub } from './live/hub';
import type { TurnEngine } from './engine/turn';
import type { Logger } from './log';
import type { RoleTokens } from './http/auth';

/** What every route handler may use; built once by createApp from the injected dependencies. */
export interface AppContext {
  store: Store;
  hub: Hub;
  turns: TurnEngine;
  clock: () => Date;
  log: Logger;
  tokens: RoleTokens;
  audit(action: string, detail: Record<string, unknown>): void;
}
