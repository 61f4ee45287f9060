// Types of grafana13.mjs for the TypeScript test that uses it.
import type { Linter } from 'eslint';

export declare function grafana13Configs(): Linter.Config[];
