import type { StepKind } from '@parley/shared';

/** Simple stroke icons, drawn inline so nothing depends on an icon font being installed. */
const paths: Record<StepKind, string> = {
  start: 'M6 4l10 6-10 6z',
  message: 'M3 5h14v9H8l-4 3v-3H3z',
  options: 'M4 5h2M9 5h8M4 10h2M9 10h8M4 15h2M9 15h8',
  carousel: 'M2 6h3v8H2M7 4h6v12H7zM15 6h3v8h-3',
  ask: 'M7 7a3 3 0 1 1 4 2.8c-.7.3-1 .8-1 1.5V12M10 15v.5',
  faq: 'M4 4h12v9h-5l-4 3v-3H4zM8 8h4',
  articles: 'M5 3h7l3 3v11H5zM8 9h5M8 12h5',
  condition: 'M10 3v5M10 8L5 13v4M10 8l5 5v4',
  businessHours: 'M10 3a7 7 0 1 0 0 14 7 7 0 0 0 0-14zM10 6v4l3 2',
  apiCall: 'M7 6L3 10l4 4M13 6l4 4-4 4M11 4l-2 12',
  setVariable: 'M5 4C3 7 3 13 5 16M15 4c2 3 2 9 0 12M8 8l4 4M12 8l-4 4',
  handoff: 'M7 8a3 3 0 1 1 0-.1M2 17c0-3 2-5 5-5s5 2 5 5M13 10h5M16 7l2 3-2 3',
  end: 'M5 5h10v10H5z',
};

export function StepIcon({ kind, size = 16 }: { kind: StepKind; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d={paths[kind]} />
    </svg>
  );
}
