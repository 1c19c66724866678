import { beforeEach } from 'vitest';
import { rebuildCatalogue } from './fixtures.js';

/**
 * The mutation run shares modules between test files (`isolate: false`): `fixtures.ts` is then
 * loaded once per worker and its `beforeEach` lands in the first file only, so later files would
 * share one catalogue and its memo, and a test reaching code only through the memo would not be
 * counted as covering it. A setup file runs for every file.
 */
beforeEach(rebuildCatalogue);
