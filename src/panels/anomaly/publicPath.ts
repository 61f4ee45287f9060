// Imported first by module.ts: point webpack's public path at the plugin root, where chunks are.
import { pluginRootPublicPath } from '../../shared/publicPath';

declare let __webpack_public_path__: string;
__webpack_public_path__ = pluginRootPublicPath(__webpack_public_path__, 'panels/anomaly');
