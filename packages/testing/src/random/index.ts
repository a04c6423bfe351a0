export { seededRandom } from './seeded-random.ts';
export { splitAtRandom } from './split-at-random.ts';
