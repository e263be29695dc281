/**
 * Email follow-up (runtime/src/email): when each customer last had their conversation open in the widget, and what
 * was emailed to them (the address, so a reply by email is accepted only from it).
 */
export interface EmailThread {
  conversationId: string;
  address: string;
  /** The newest message sequence number emailed. */
  lastEmailedSeq: number;
  updatedAt: string;
}

export interface EmailStore {
  /** Records that the customer had the conversation open at `at`; a later time never moves back. */
  touchPresence(conversationId: string, at: string): Promise<void>;
  /** When the customer last had the conversation open, if ever. */
  lastSeen(conversationId: string): Promise<string | undefined>;
  /** Records an email sent to `address` for messages up to `seq` (the highest seq is kept). */
  recordEmailed(conversationId: string, address: string, seq: number, at: string): Promise<void>;
  thread(conversationId: string): Promise<EmailThread | undefined>;
}
