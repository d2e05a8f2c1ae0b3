import { RECEIVERS } from '@sieve/rules';

/** The webhook path of each receiver; the default spec's URLs end the same way. */
export const RECEIVER_PATH_BY_KIND = { pager: '/page', ticket: '/ticket' } as const;

export const RECEIVER_PATH: Readonly<Record<string, string>> = {
  [RECEIVERS.pager]: RECEIVER_PATH_BY_KIND.pager,
  [RECEIVERS.ticket]: RECEIVER_PATH_BY_KIND.ticket,
};
