import type { Router } from 'express';
import { createRoutes } from '../http/routes';

export type DemoOrderStatus = 'shipped' | 'processing' | 'delivered' | 'cancelled';

export interface DemoOrder {
  number: string;
  status: DemoOrderStatus;
  /**
   * Days from today to the delivery date (negative: already delivered), or null for a cancelled order.
   * Relative rather than fixed so the seeded flows read sensibly whenever the demo is run.
   */
  etaInDays: number | null;
  items: { name: string; qty: number }[];
}

/** One order per status, so every branch of the seeded order-support flows can be tried from the widget. */
export const demoOrders: Readonly<Record<string, DemoOrder>> = {
  '10001': {
    number: '10001',
    status: 'shipped',
    etaInDays: 2,
    items: [
      { name: 'Linen throw blanket, sage', qty: 1 },
      { name: 'Stoneware mug', qty: 2 },
    ],
  },
  '10002': { number: '10002', status: 'processing', etaInDays: 5, items: [{ name: 'Walnut serving board', qty: 1 }] },
  '10003': {
    number: '10003',
    status: 'delivered',
    etaInDays: -3,
    items: [
      { name: 'Beeswax candle set', qty: 1 },
      { name: 'Cotton tea towels (set of 3)', qty: 2 },
    ],
  },
  '10004': { number: '10004', status: 'cancelled', etaInDays: null, items: [{ name: 'Enamel dutch oven, 5 qt', qty: 1 }] },
};

const DAY_MS = 24 * 60 * 60 * 1000;

export function demoOrderResponse(order: DemoOrder, now: Date) {
  return {
    number: order.number,
    status: order.status,
    // A plain date reads well in either locale's message ("should arrive 2026-11-27", "도착 예정일은 2026-11-27입니다").
    eta: order.etaInDays === null ? null : new Date(now.getTime() + order.etaInDays * DAY_MS).toISOString().slice(0, 10),
    items: order.items.map((i) => ({ ...i })),
  };
}

/**
 * The order system the seeded flows' API call step talks to, so the demo works with no outside service.
 * The clock is injected so tests can pin the dates.
 */
export function demoOrdersRouter(options: { now?: () => Date } = {}): Router {
  const now = options.now ?? (() => new Date());
  const routes = createRoutes();

  routes.get('/demo/api/orders/:number', 'public', (req, res) => {
    // Lets the flow's failure branch be exercised on demand without breaking the demo for everyone else.
    if (req.query.fail === '1') {
      res.status(500).json({ error: { code: 'internal', message: 'The order service failed (forced by ?fail=1)' } });
      return;
    }
    const number = String(req.params.number);
    // An own-property check, so "constructor" or "__proto__" can't reach the prototype.
    const order = Object.hasOwn(demoOrders, number) ? demoOrders[number] : undefined;
    if (!order) {
      res.status(404).json({ error: { code: 'not_found', message: `No order ${number}` } });
      return;
    }
    res.set('Cache-Control', 'no-store').json(demoOrderResponse(order, now()));
  });

  return routes.router;
}
