// Fixture for imports.test.mjs: one half of a two-file import cycle.
import { b } from './b.js';

export const a = () => b;
