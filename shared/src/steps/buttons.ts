import { z } from 'zod';
import { Id } from '../ids';
import type { Button } from '../messages';
import { say, when, type CompileContext, type Outlet, type TransitionConfig, type ActionRef } from './step';

export const FREE_TEXT = 'text';

/** A quick reply or action button, shared by `options` and `carousel`. Its id is its outlet's, so it cannot be the free-text outlet's. */
export const ButtonSpec = z
  .object({
    id: Id.refine((id) => id !== FREE_TEXT, `"${FREE_TEXT}" is reserved for the free-text outlet`),
    label: z.string().trim().min(1, 'Give the button a label').max(80),
    action: z.enum(['postback', 'link']).default('postback'),
    url: z.string().max(2000).optional(),
  })
  .refine((b) => b.action !== 'link' || (b.url !== undefined && /^https?:\/\/\S+$/i.test(b.url)), {
    message: 'A link button needs an http(s) URL',
    path: ['url'],
  });
export type ButtonSpec = z.infer<typeof ButtonSpec>;

export function toButton(b: ButtonSpec, ctx: CompileContext): Button {
  return b.action === 'link'
    ? { id: b.id, label: b.label, action: 'link', url: b.url }
    : { id: b.id, label: b.label, action: 'postback', payload: ctx.payload(b.id) };
}

export function buttonOutlets(buttons: readonly ButtonSpec[]): Outlet[] {
  return [
    ...buttons.filter((b) => b.action === 'postback').map((b) => ({ id: b.id, label: b.label })),
    { id: FREE_TEXT, label: 'Free text', optional: true },
  ];
}

/**
 * Transitions for a step that waits on buttons: a click or the typed label picks the button;
 * other text takes the free-text outlet, or re-shows the choices when it goes nowhere.
 */
export function buttonTransitions(
  buttons: readonly ButtonSpec[],
  variable: string | undefined,
  reshow: ActionRef,
  ctx: CompileContext,
): { POSTBACK: TransitionConfig[]; TEXT: TransitionConfig[] } {
  const postbacks = buttons.filter((b) => b.action === 'postback');
  const store = (b: ButtonSpec): ActionRef[] =>
    variable ? [{ type: 'setValue', params: { variable, value: b.label } }] : [];
  return {
    POSTBACK: postbacks.map((b) => ({ guard: when({ k: 'postback', payload: ctx.payload(b.id) }), target: ctx.target(b.id), actions: store(b) })),
    TEXT: [
      ...postbacks.map((b) => ({
        guard: when({ k: 'text', labels: [b.label] }),
        target: ctx.target(b.id),
        actions: [{ type: 'remember' } as const, ...store(b)],
      })),
      ctx.connected(FREE_TEXT)
        ? { target: ctx.target(FREE_TEXT), actions: [{ type: 'remember' }] }
        : { actions: [{ type: 'remember' }, say({ type: 'text', text: ctx.phrase('chooseOption') }), reshow] },
    ],
  };
}
