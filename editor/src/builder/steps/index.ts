import type { StepKind } from '@parley/shared';
import type { StepView } from './types';
import { start } from './start';
import { message } from './message';
import { options } from './options';
import { carousel } from './carousel';
import { ask } from './ask';
import { faq } from './faq';
import { articles } from './articles';
import { condition } from './condition';
import { businessHours } from './businessHours';
import { apiCall } from './apiCall';
import { setVariable } from './setVariable';
import { handoff } from './handoff';
import { passToIntegration } from './passToIntegration';
import { end } from './end';

/**
 * What the builder shows of each kind, one module each, named as in shared; the record type makes a kind added in
 * shared fail to compile here until it has one, and a test checks the keys are shared's `stepKinds`.
 */
export const stepViews: Record<StepKind, StepView> = {
  start,
  message,
  options,
  carousel,
  ask,
  faq,
  articles,
  condition,
  businessHours,
  apiCall,
  setVariable,
  handoff,
  passToIntegration,
  end,
};
