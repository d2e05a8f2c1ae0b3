export * from './drift/index.ts';
export * from './anomaly/index.ts';
