/**
 * Serialized answers kept by key, least recently used first out, bounded in bytes (string length:
 * the JSON is ASCII but for names). For lists whose key carries a version that changes with every
 * write that could change them (store/view-versions.ts), so an entry is never stale, only unused.
 */
export class ResponseCache {
  private readonly entries = new Map<string, string>();
  private bytes = 0;
  private readonly maxBytes: number;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  get(key: string): string | undefined {
    const text = this.entries.get(key);
    if (text !== undefined) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, text);
    }
    return text;
  }

  set(key: string, text: string): void {
    // An answer larger than a quarter of the cache would push out everything else.
    if (text.length > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.bytes -= old.length;
      this.entries.delete(key);
    }
    this.entries.set(key, text);
    this.bytes += text.length;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.length;
    }
  }
}
