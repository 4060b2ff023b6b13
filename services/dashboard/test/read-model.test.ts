import { describe } from 'vitest';
import { InMemoryReadModel } from '../src/read-model/in-memory-read-model';
import { readModelContract } from './support/read-model-contract';

describe('in-memory read model', () => {
  readModelContract(async () => new InMemoryReadModel());
});
