import type { PhraseLocale, StepData, StepKind, StepResult, Vars } from '@parley/shared';
import type { HttpDeps } from './apiCall';
import type { ArticleStore } from '../store/articles';
import type { TicketDraft } from '../store/conversations';
import type { SemanticScorer } from '../embeddings';
import type { Logger } from '../log';
import type { IntegrationStore } from '../store/integrations';

/** The outside world a kind's effect may touch, injected so tests can replace it. */
export interface EffectDeps {
  http: HttpDeps;
  articles: ArticleStore;
  log: Logger;
  /** Whom a "Pass to integration" step may pass to; without it, no integration is available. */
  integrations?: Pick<IntegrationStore, 'get'> | undefined;
  /** FAQ matching's semantic half, when PARLEY_EMBEDDINGS_URL is set; without it the engine resolves FAQs itself. */
  embeddings?: SemanticScorer | undefined;
}

export interface EffectInput<K extends StepKind> {
  nodeId: string;
  data: StepData<K>;
  vars: Vars;
  /** The flow's locale. */
  locale: PhraseLocale;
  deps: EffectDeps;
}

/**
 * What the runtime does for a kind beyond the pure engine. Most kinds need nothing, and say so with an empty object,
 * so every kind has its file here and a missing case is visible.
 */
export interface StepRuntime<K extends StepKind> {
  /** Resolves the kind's `effect` state when that needs I/O (a request, a search). */
  perform?(input: EffectInput<K>): Promise<StepResult>;
  /** The ticket opened, in the turn's own transaction, when the bot's part of the conversation ends on this step. */
  ticket?(data: StepData<K>, vars: Vars): TicketDraft;
}
