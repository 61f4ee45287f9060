// Types of boundaries.mjs for the TypeScript test that uses it.
import type { ESLint, Linter } from 'eslint';

declare const plugin: ESLint.Plugin;
export default plugin;
export declare const ZONES: Array<{ target: string; from: string[]; except?: string[]; message: string }>;
export declare function boundaryConfigs(): Linter.Config[];
