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
  close(): void;
}

export function openStore(path: string): Store {
  const db = openDatabase(path);
  return {
    db,
    bots: new BotRepository(db),
    conversations: new ConversationRepository(db),
    tickets: new TicketRepository(db),
    articles: new ArticleRepository(db),
    meta: new MetaRepository(db),
    users: new UserRepository(db),
    audit: new AuditRepository(db),
    blocks: new BlockRepository(db),
    close: () => db.close(),
  };
}

export type { Db };
export { ConflictError } from './conversations';
