export type * from './dataFrame.ts';
export type * from './types.ts';
export { REDACTED, scrubSecrets } from './scrubSecrets.ts';
export { jsonResource } from './jsonResource.ts';
