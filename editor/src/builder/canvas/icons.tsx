import type { StepKind } from '@parley/shared';
import { stepViews } from '../steps';

/** A kind's icon, drawn inline so nothing depends on an icon font being installed. */
export function StepIcon({ kind, size = 16 }: { kind: StepKind; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d={stepViews[kind].icon} />
    </svg>
  );
}
