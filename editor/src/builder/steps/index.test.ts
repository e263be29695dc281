import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { stepKinds, stepOf, type Outlet } from '@parley/shared';
import { stepViews } from '.';

const t = ((key: string, options?: { n?: number }) => (options?.n === undefined ? `<${key}>` : `<${key} ${options.n}>`)) as unknown as TFunction;

describe('the builder step registry', () => {
  it('has one entry per kind shared defines, no more and no fewer, each under its own name', () => {
    expect(Object.keys(stepViews).sort()).toEqual([...stepKinds].sort());
    for (const kind of stepKinds) expect(stepViews[kind].kind).toBe(kind);
  });

  it('gives every kind its own colour and icon', () => {
    const views = Object.values(stepViews);
    expect(new Set(views.map((v) => v.color)).size).toBe(views.length);
    expect(new Set(views.map((v) => v.icon)).size).toBe(views.length);
    for (const v of views) expect(v.color).toMatch(/^#[0-9a-f]{6}$/);
  });

  it("translates every outlet a kind's defaults fix, and leaves the admin's own labels alone", () => {
    for (const kind of stepKinds) {
      const data = stepOf(kind).schema.parse(stepOf(kind).defaults('en'));
      for (const [i, outlet] of stepOf(kind).outlets(data).entries()) {
        const label = stepViews[kind].outletLabel(outlet, i, t);
        const own = ['options', 'carousel', 'faq', 'condition'].includes(kind) && !['text', 'noMatch', 'else'].includes(outlet.id);
        if (own && kind !== 'condition') expect(label).toBe(outlet.label);
        else expect(label, `${kind}.${outlet.id}`).toMatch(/^<outletNames\./);
      }
    }
  });

  it('names unlabelled rules by number and keeps a rule label the admin wrote', () => {
    const rule = (label: string): Outlet => ({ id: 'r', label });
    expect(stepViews.condition.outletLabel(rule('Rule 1'), 1, t)).toBe('<outletNames.rule 2>');
    expect(stepViews.condition.outletLabel(rule('VIP'), 0, t)).toBe('VIP');
  });
});
