import { describe, expect, it } from 'vitest';
import { stepKinds, steps } from '.';

describe('the step registry', () => {
  it('lists each kind under its own name', () => {
    for (const kind of stepKinds) expect(steps[kind].kind).toBe(kind);
  });

  it('is the list of kinds the runtime and editor registries are checked against', () => {
    expect(stepKinds).toEqual(['start', 'message', 'options', 'carousel', 'ask', 'faq', 'articles', 'condition', 'businessHours', 'apiCall', 'setVariable', 'handoff', 'passToIntegration', 'end']);
  });
});
