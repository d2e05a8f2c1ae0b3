export * from './drift/index.ts';
export * from './anomaly/index.ts';
export * from './nab/index.ts';
