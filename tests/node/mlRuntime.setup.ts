// The Node Jest project runs src/ml as the companion does: with augurs and tfjs's wasm read from disk.
import { installNodeMlRuntime } from '../../companion/src/runtime/nodeMlRuntime';

installNodeMlRuntime();
