// Hostile input at the API write routes, second half (the two halves run in parallel workers).
import { fuzzApiShard } from './fuzz/api-suite.js';

fuzzApiShard(1, 2);
