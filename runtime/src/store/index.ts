import { randomUUID } from 'node:crypto';
import { openDatabase, type Db } from './db';
import { BotRepository } from './bots';
import { ConversationRepository } from './conversations';
import { TicketRepository } from './tickets';
import { ArticleRepository } from './articles';
import { MetaRepository } from './meta';
import { UserRepository } from './users';
import { AuditRepository } from './audit';
import { BlockRepository } from './blocks';

/**
 * All persistence behind one object, one repository per aggregate. The engine sees only these methods,
 * so another database can stand behind them.
 */
export interface Store {
  db: Db;
  bots: BotRepository;
  conversations: ConversationRepository;
  tickets: TicketRepository;
  articles: ArticleRepository;
  meta: MetaRepository;
  users: UserRepository;
  audit: AuditRepository;
  blocks: BlockRepository;
  /** This process's name in the outbox rows it writes. */
  instance: string;
  isOpen(): boolean;
  close(): void;
}

export function openStore(path: string): Store {
  const db = openDatabase(path);
  const instance = randomUUID();
  return {
    db,
    instance,
    bots: new BotRepository(db),
    conversations: new ConversationRepository(db, instance),
    tickets: new TicketRepository(db),
    articles: new ArticleRepository(db),
    meta: new MetaRepository(db),
    users: new UserRepository(db),
    audit: new AuditRepository(db),
    blocks: new BlockRepository(db),
    isOpen: () => db.open,
    close: () => db.close(),
  };
}

export type { Db };
export { ConflictError } from './conversations';
