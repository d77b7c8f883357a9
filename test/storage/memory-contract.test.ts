/** The memory engines (the single-process default) against the same contract suites as Redis, PostgreSQL and PGlite. */
import { MemoryCounterStore } from '../../src/storage/memory-counter-store';
import { MemoryUsageStore } from '../../src/storage/memory-usage-store';
import { describeCounterStore } from './counter-store-contract';
import { describeUsageStore } from './usage-store-contract';

describeCounterStore('memory', async () => new MemoryCounterStore());
describeUsageStore('memory', async () => new MemoryUsageStore());
