import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getPath, listPaths } from './jsonPath';

const order = {
  order: { status: 'shipped', total: 42.5, paid: true, note: null },
  items: [{ name: 'Mug' }, { name: 'Tea', tags: ['green', 'loose'] }],
  'x-y': { 'a.b': 1, 'q"uote': 2, "s'ingle": 3 },
  $meta: 'dollar key',
  '0': 'zero key',
};

describe('getPath', () => {
  it('follows dotted keys and array indexes', () => {
    expect(getPath(order, 'order.status')).toBe('shipped');
    expect(getPath(order, 'order.total')).toBe(42.5);
    expect(getPath(order, 'order.paid')).toBe(true);
    expect(getPath(order, 'order.note')).toBeNull();
    expect(getPath(order, 'items[0].name')).toBe('Mug');
    expect(getPath(order, 'items[1].tags[1]')).toBe('loose');
    expect(getPath(order, 'items.1.name')).toBe('Tea');
  });

  it('accepts an optional leading $ or $.', () => {
    expect(getPath(order, '$.order.status')).toBe('shipped');
    expect(getPath(order, '$order.status')).toBeUndefined();
    expect(getPath(order, '$.items[0].name')).toBe('Mug');
    expect(getPath(order, '$items')).toBeUndefined();
    expect(getPath(order.items, '$[1].name')).toBe('Tea');
    expect(getPath(order.items, '[1].name')).toBe('Tea');
    expect(getPath(7, '$')).toBe(7);
  });

  it('reads a key that starts with $ rather than stripping it', () => {
    expect(getPath(order, '$meta')).toBe('dollar key');
    expect(getPath(order, '$.$meta')).toBe('dollar key');
  });

  it('reads quoted keys in either quote', () => {
    expect(getPath(order, '["x-y"]["a.b"]')).toBe(1);
    expect(getPath(order, "$['x-y']['a.b']")).toBe(1);
    expect(getPath(order, 'x-y["q\\"uote"]')).toBe(2);
    expect(getPath(order, "x-y['s\\'ingle']")).toBe(3);
    expect(getPath(order, '["0"]')).toBe('zero key');
    expect(getPath({ 'é': 1 }, '["\\u00e9"]')).toBe(1);
  });

  it('returns undefined for missing values', () => {
    expect(getPath(order, 'order.missing')).toBeUndefined();
    expect(getPath(order, 'items[5].name')).toBeUndefined();
    expect(getPath(order, 'order.status.length')).toBeUndefined();
    expect(getPath(order, 'order[0]')).toBeUndefined();
    expect(getPath(null, 'a')).toBeUndefined();
    expect(getPath(undefined, 'a.b')).toBeUndefined();
  });

  it('never reaches the prototype or array methods', () => {
    expect(getPath({}, '__proto__')).toBeUndefined();
    expect(getPath({}, 'constructor')).toBeUndefined();
    expect(getPath({ a: {} }, 'a.toString')).toBeUndefined();
    expect(getPath([1, 2], 'length')).toBeUndefined();
    expect(getPath([1, 2], 'map')).toBeUndefined();
    expect(getPath(JSON.parse('{"__proto__": {"x": 1}}'), '__proto__.x')).toBe(1);
  });

  it('returns undefined for malformed paths', () => {
    for (const bad of ['', '$.', '.a', 'a..b', 'a.', '.', 'items[', 'items[x]', 'items[-1]', 'items[01]', 'a]', '["x"', "['x]", 'a["x"]b']) {
      expect(getPath({ a: { b: 1 }, items: [1], x: 1 }, bad), bad).toBeUndefined();
    }
  });
});

describe('listPaths', () => {
  it('lists leaves in document order with readable paths', () => {
    expect(listPaths({ a: { b: 1 }, items: [{ name: 'Mug' }, 'x'], 'x-y': null, ok: false })).toEqual([
      { path: 'a.b', value: 1 },
      { path: 'items[0].name', value: 'Mug' },
      { path: 'items[1]', value: 'x' },
      { path: '["x-y"]', value: null },
      { path: 'ok', value: false },
    ]);
  });

  it('names the root of a primitive and of an array', () => {
    expect(listPaths('hi')).toEqual([{ path: '$', value: 'hi' }]);
    expect(listPaths([{ id: 3 }])).toEqual([{ path: '[0].id', value: 3 }]);
  });

  it('skips empty containers', () => {
    expect(listPaths({ a: {}, b: [], c: 1 })).toEqual([{ path: 'c', value: 1 }]);
  });

  it('stops at max', () => {
    const many = Array.from({ length: 1000 }, (_, i) => i);
    expect(listPaths(many)).toHaveLength(200);
    expect(listPaths(many, 3)).toEqual([
      { path: '[0]', value: 0 },
      { path: '[1]', value: 1 },
      { path: '[2]', value: 2 },
    ]);
  });

  it('terminates on values nested too deep or cyclic', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i += 1) deep = [deep];
    expect(listPaths(deep)).toEqual([]);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(listPaths(cyclic).length).toBeLessThanOrEqual(200);
    expect(listPaths(cyclic)[0]).toEqual({ path: 'a', value: 1 });
  });

  it('every listed path reads its value back through getPath', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        for (const entry of listPaths(value, 1000)) expect(getPath(value, entry.path)).toStrictEqual(entry.value);
      }),
      { numRuns: 300 },
    );
  });
});
