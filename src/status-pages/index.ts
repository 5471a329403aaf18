import type { Deps } from '../deps.ts';
import { publicPageCache } from './cache.ts';
import { publicStatusPages } from './public.ts';
import { statusPageService } from './service.ts';

/** The status page services of one runtime: management and public read share one cache. */
export interface StatusPages {
  service: ReturnType<typeof statusPageService>;
  public: ReturnType<typeof publicStatusPages>;
}

// One cache per runtime (keyed by its Deps), so the gated routes' edits invalidate what the public
// route serves without a module-level singleton shared between test servers.
const byDeps = new WeakMap<Deps, StatusPages>();

/** The status page services of `deps`' runtime, built on first use. */
export function statusPagesOf(deps: Deps): StatusPages {
  let found = byDeps.get(deps);
  if (!found) {
    const cache = publicPageCache(deps.settings.statusPageCacheSeconds * 1000, () => deps.clock.now());
    found = { service: statusPageService(deps, cache), public: publicStatusPages(deps, cache) };
    byDeps.set(deps, found);
  }
  return found;
}
