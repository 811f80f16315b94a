/** Lookalike domains: generate the names a phisher would register, and recognise them when seen. */
export { boundedOsa } from './distance.js';
export { type Fuzzer, type GenerateOptions, generateLookalikes, type Lookalike } from './generate.js';
export {
  createLookalikeMatcher,
  type LookalikeKind,
  type LookalikeMatch,
  type LookalikeMatcher,
  type LookalikeMatcherOptions,
} from './matcher.js';
export { confusable, skeletonHost, skeletonLabel } from './skeleton.js';
