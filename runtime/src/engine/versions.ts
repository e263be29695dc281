import { compile, type CompiledFlow, type Flow } from '@parley/shared';
import type { Store } from '../store';

/**
 * One compiled machine per published version. Versions are immutable, so an entry never goes stale;
 * the bound only keeps memory flat when many bots are served.
 */
export class VersionCache {
  private readonly cache = new Map<string, CompiledFlow>();

  constructor(
    private readonly store: Store,
    private readonly max = 500,
  ) {}

  async get(botId: string, version: number): Promise<CompiledFlow | undefined> {
    const key = `${botId}@${version}`;
    let compiled = this.cache.get(key);
    if (compiled) return compiled;
    // Published documents were validated (with defaults applied) before they were stored: trusted as they are.
    const document = (await this.store.bots.versionDocument(botId, version)) as Flow | undefined;
    if (!document) return undefined;
    compiled = compile(document);
    if (this.cache.size >= this.max) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, compiled);
    return compiled;
  }
}
