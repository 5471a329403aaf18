/**
 * Serialized answers kept by key as UTF-8 bytes (sent without encoding again), least recently
 * used first out, bounded in bytes. For lists whose key carries a version that changes with every
 * write that could change them (store/view-versions.ts), so an entry is never stale, only unused.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;
  private readonly maxBytes: number;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  get(key: string): Buffer | undefined {
    const bytes = this.entries.get(key);
    if (bytes !== undefined) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, bytes);
    }
    return bytes;
  }

  set(key: string, bytes: Buffer): void {
    // An answer larger than a quarter of the cache would push out everything else.
    if (bytes.length > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.bytes -= old.length;
      this.entries.delete(key);
    }
    this.entries.set(key, bytes);
    this.bytes += bytes.length;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.length;
    }
  }
}
