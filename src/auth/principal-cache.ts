import type { EventBus } from '../store/notify.ts';
import type { TokenOwner } from '../store/tokens.ts';

/** Most principals one process keeps; the oldest entry goes first when full. */
const MAX_ENTRIES = 20_000;

interface Entry {
  owner: TokenOwner;
  /** Epoch ms after which the entry must be looked up again. */
  until: number;
}

/**
 * Resolved access tokens of this process, by token digest, so an authenticated request costs no
 * database round trip. Safe across processes only because every revocation (logout, password
 * change, disable, delete, role or email change) is published on the bus: an `auth` event names
 * a `digest` or a `userId`, and every process drops the matching entries at once. While the bus
 * is not live (PostgreSQL listener reconnecting) the cache is bypassed and emptied.
 */
export class PrincipalCache {
  private readonly byDigest = new Map<string, Entry>();
  private readonly byUser = new Map<number, Set<string>>();
  private readonly bus: EventBus;
  private readonly ttlMs: number;

  constructor(bus: EventBus, ttlSeconds: number) {
    this.bus = bus;
    this.ttlMs = ttlSeconds * 1000;
    if (this.ttlMs > 0) {
      bus.subscribe('auth', {
        event: (p) => {
          if (typeof p.digest === 'string') this.dropDigest(p.digest);
          if (typeof p.userId === 'number') this.dropUser(p.userId);
          if (p.all === true) this.clear();
        },
        reset: () => this.clear(),
      });
    }
  }

  /** The cached owner of a live token, or undefined (look it up). */
  get(digest: string, now: number): TokenOwner | undefined {
    // Read `live` first: it may empty the cache (a missed event, another process's commit).
    if (!this.bus.live) return undefined;
    const e = this.byDigest.get(digest);
    if (!e) return undefined;
    if (now >= e.until) {
      this.dropDigest(digest);
      return undefined;
    }
    return e.owner;
  }

  /** Remembers a token's owner until the token expires or the TTL ends, whichever is first. */
  set(digest: string, owner: TokenOwner, now: number): void {
    if (this.ttlMs === 0 || !this.bus.live) return;
    if (this.byDigest.size >= MAX_ENTRIES) this.dropDigest(this.byDigest.keys().next().value!);
    this.byDigest.set(digest, { owner, until: Math.min(owner.expiresAt, now + this.ttlMs) });
    let set = this.byUser.get(owner.userId);
    if (!set) this.byUser.set(owner.userId, (set = new Set()));
    set.add(digest);
  }

  /** Drops one token (logout). */
  dropDigest(digest: string): void {
    const e = this.byDigest.get(digest);
    if (!e) return;
    this.byDigest.delete(digest);
    const set = this.byUser.get(e.owner.userId);
    set?.delete(digest);
    if (set?.size === 0) this.byUser.delete(e.owner.userId);
  }

  /** Drops every token of a user (password, role, disable, delete). */
  dropUser(userId: number): void {
    for (const d of this.byUser.get(userId) ?? []) this.byDigest.delete(d);
    this.byUser.delete(userId);
  }

  clear(): void {
    this.byDigest.clear();
    this.byUser.clear();
  }
}

/** Tells every process that a user's tokens or principal changed (after the commit). */
export const announceUserChange = (bus: EventBus, userId: number) => bus.publish('auth', { userId });

/** Tells every process that one token was revoked (after the commit). */
export const announceTokenRevoked = (bus: EventBus, digest: string) => bus.publish('auth', { digest });
