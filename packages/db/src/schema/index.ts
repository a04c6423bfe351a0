export * from './credentials.ts';
export * from './table-owners.ts';
export * from './usage.ts';
export * from './users.ts';
