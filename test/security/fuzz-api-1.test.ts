// Hostile input at the API write routes, first half (the two halves run in parallel workers).
import { fuzzApiShard } from './fuzz/api-suite.js';

fuzzApiShard(0, 2);
