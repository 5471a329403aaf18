import type { AlertChannel } from './types.ts';

// Pagers, SMS and voice (methods 2, 3, 5, 6, 11) need a telephony provider sitewatch does not
// have. Recipients with these methods are stored as AlertSite allows, and every delivery to them
// is recorded as failed with this reason (docs/compatibility.md §14): never pretended.

/** The reason every delivery through a provider-less method fails with. */
export const NOT_CONFIGURED = 'delivery method not configured';

/** Pager, SMS and voice. */
export const unconfiguredChannel: AlertChannel = {
  kind: 'unconfigured',
  methods: [2, 3, 5, 6, 11],
  render: () => ({ kind: 'none', reason: NOT_CONFIGURED }),
  deliver: () => Promise.resolve({ status: 'failed', reason: NOT_CONFIGURED }),
  describe: (dest) => dest.address.trim(),
};
