// Fixture for imports.test.mjs: the other half of the cycle (b.js → a.js).
import { a } from './a.js';

export const b = () => a;
