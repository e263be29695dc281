import { describe, expect, it } from 'vitest';
import { sortTickets } from './Queue';
import type { QueueTicket } from './types';

const ticket = (id: number, group: string, createdAt: string, priority: QueueTicket['priority'] = 'normal'): QueueTicket => ({
  id,
  conversationId: `c${id}`,
  botId: 'b',
  status: 'open',
  subject: `T${id}`,
  priority,
  tags: [],
  group,
  fields: {},
  assignee: null,
  createdAt,
  updatedAt: createdAt,
  resolvedAt: null,
  visitor: {},
  lastSeq: 1,
  channel: 'web',
});

describe('sortTickets', () => {
  const list = [
    ticket(1, 'billing', '2026-01-01T10:00:00Z'),
    ticket(2, 'orders', '2026-01-01T10:05:00Z'),
    ticket(3, 'orders', '2026-01-01T09:00:00Z'),
    ticket(4, 'billing', '2026-01-01T08:00:00Z'),
  ];

  it('puts tickets matching my skills first, then the longest waiting', () => {
    expect(sortTickets(list, ['orders'], 'longest').map((t) => t.id)).toEqual([3, 2, 4, 1]);
  });

  it('sorts by waiting time alone without skills, either way', () => {
    expect(sortTickets(list, [], 'longest').map((t) => t.id)).toEqual([4, 3, 1, 2]);
    expect(sortTickets(list, [], 'newest').map((t) => t.id)).toEqual([2, 1, 3, 4]);
  });

  it('breaks ties by priority', () => {
    const same = '2026-01-01T10:00:00Z';
    expect(sortTickets([ticket(1, '', same, 'low'), ticket(2, '', same, 'urgent')], [], 'longest').map((t) => t.id)).toEqual([2, 1]);
  });
});
