
export interface Block {
  id: number;
  kind: 'visitor' | 'ip';
  value: string;
  reason: string;
  createdBy: string;
  createdAt: string;
}

/** Visitors and addresses an agent has blocked; checked before anything reaches the bot or an agent. */
export interface BlockStore {
  add(kind: Block['kind'], value: string, reason: string, by: string, now: string): Promise<number>;
  list(): Promise<Block[]>;
  remove(id: number): Promise<boolean>;
  isBlocked(visitorId: string | null, ip: string | null): Promise<boolean>;
}
