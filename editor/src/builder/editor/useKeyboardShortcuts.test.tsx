import '../test/setup';
import { describe, expect, it } from 'vitest';
import { fireEvent, renderHook } from '@testing-library/react';
import { loadDocument, setSelection, useFlowStore } from '../store/flowStore';
import { testDoc } from '../store/testDoc';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';

const nodeCount = () => useFlowStore.getState().doc!.nodes.length;
const press = (key: string, init: KeyboardEventInit = {}, target: Window | Element = window) => fireEvent.keyDown(target, { key, ...init });

describe('keyboard shortcuts', () => {
  it('copy, paste, undo, redo and delete the selection', () => {
    renderHook(() => useKeyboardShortcuts());
    loadDocument('bot1', testDoc());
    setSelection(['hi']);
    press('c', { ctrlKey: true });
    press('v', { metaKey: true });
    expect(nodeCount()).toBe(4);
    press('z', { ctrlKey: true });
    expect(nodeCount()).toBe(3);
    press('Z', { ctrlKey: true, shiftKey: true });
    expect(nodeCount()).toBe(4);
    press('z', { ctrlKey: true });
    press('y', { ctrlKey: true });
    expect(nodeCount()).toBe(4);
    setSelection(['bye']);
    press('Delete');
    expect(nodeCount()).toBe(3);
  });

  it('leave keys alone while typing or in a dialog, and after unmounting', () => {
    const { unmount } = renderHook(() => useKeyboardShortcuts());
    loadDocument('bot1', testDoc());
    setSelection(['hi']);
    const input = document.body.appendChild(document.createElement('input'));
    press('Delete', {}, input);
    expect(nodeCount()).toBe(3);
    input.remove();

    const modal = document.body.appendChild(document.createElement('div'));
    modal.className = 'modal';
    press('Delete');
    expect(nodeCount()).toBe(3);
    modal.remove();

    unmount();
    press('Delete');
    expect(nodeCount()).toBe(3);
  });
});
