import '../test/setup';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import { adminApi } from '../api/admin';
import { useFlowStore } from '../store/flowStore';
import { testDoc } from '../store/testDoc';
import { useLoadDraft } from './useLoadDraft';

afterEach(() => vi.restoreAllMocks());

describe('useLoadDraft', () => {
  it('shows the failure, loads on retry, and clears the store on leaving', async () => {
    const doc = testDoc();
    const loadDraft = vi
      .spyOn(adminApi, 'loadDraft')
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValueOnce({ flow: doc, revision: 7, diagnostics: [] });
    const { result, unmount } = renderHook(() => useLoadDraft('bot1'));
    expect(result.current.draft).toEqual({ kind: 'loading' });
    await waitFor(() => expect(result.current.draft).toEqual({ kind: 'error', message: 'offline' }));

    act(() => result.current.retry());
    await waitFor(() => expect(result.current.draft).toEqual({ kind: 'ready', doc, revision: 7 }));
    expect(loadDraft).toHaveBeenCalledTimes(2);
    expect(useFlowStore.getState()).toMatchObject({ botId: 'bot1', doc });

    unmount();
    expect(useFlowStore.getState().doc).toBeNull();
  });
});
