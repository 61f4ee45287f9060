// Moved to src/common/promValue.ts (shared with the data source); kept for companion/src/eval/evaluator.ts,
// which is being rewritten: new code imports src/common/promValue directly.
export { formatValue } from '../../../src/common/promValue';
