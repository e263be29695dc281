import { describe, expect, it } from 'vitest';
import { stepKinds } from '@parley/shared';
import { stepRuntimes } from '.';

describe('the runtime step registry', () => {
  it('has one entry per kind shared defines, no more and no fewer', () => {
    expect(Object.keys(stepRuntimes).sort()).toEqual([...stepKinds].sort());
  });
});
