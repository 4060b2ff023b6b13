import { describe } from 'vitest';
import { memorySessionRepository } from '../src/index';
import { sessionRepositoryContract } from './session-contract';

// The same contract as the read store's sessions: memory is what a dashboard without a read store uses.
describe('sessions in memory', () => {
  sessionRepositoryContract(async () => ({ sessions: memorySessionRepository() }));
});
