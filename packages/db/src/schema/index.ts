export * from './credentials.ts';
export * from './usage.ts';
export * from './users.ts';
