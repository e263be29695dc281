export type WidgetResult = { skipped: string } | { gzipBytes: number; firstMessageMs: number | null; firstMessageSkipped?: string };
export async function widgetBench(_origin: string, _bot: string, _opts: { quick: boolean }): Promise<WidgetResult> {
  return { skipped: 'not implemented yet' };
}
