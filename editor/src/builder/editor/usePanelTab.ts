import { useEffect, useState } from 'react';
import { useFlowStore } from '../store/flowStore';

export type PanelTab = 'step' | 'variables' | 'problems' | 'history' | 'preview';
export const PANEL_TABS: PanelTab[] = ['step', 'variables', 'problems', 'history', 'preview'];

/** The side panel's open tab. Selecting a step shows its settings, except while the admin is chatting in the preview. */
export function usePanelTab() {
  const [tab, setTab] = useState<PanelTab>('step');
  useEffect(
    () =>
      useFlowStore.subscribe((s, prev) => {
        if (s.selectedNodes !== prev.selectedNodes && s.selectedNodes.size > 0) setTab((tb) => (tb === 'preview' ? tb : 'step'));
      }),
    [],
  );
  return [tab, setTab] as const;
}
