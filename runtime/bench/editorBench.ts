export type EditorResult =
  | { skipped: string }
  | { readyMs: number; nodesRendered: number; drag: FrameStats; pan: FrameStats };
export interface FrameStats { frames: number; p50: number; p95: number; max: number }
export async function editorBench(_origin: string, _token: string, _opts: { quick: boolean }): Promise<EditorResult> {
  return { skipped: 'not implemented yet' };
}
