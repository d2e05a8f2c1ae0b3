export type * from './dataFrame.ts';
export type * from './types.ts';
