

/** Small server-wide settings, such as the hashes of generated access tokens. */
export interface MetaStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Stores `value` unless the key already has one, and returns what the key holds afterwards: processes starting
   * together agree on one value (the first writer's) without a lock.
   */
  claim(key: string, value: string): Promise<string>;
}
