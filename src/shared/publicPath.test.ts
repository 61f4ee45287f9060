import { pluginRootPublicPath } from './publicPath';

describe('pluginRootPublicPath', () => {
  it('strips the nested plugin folder from the end of the public path', () => {
    expect(pluginRootPublicPath('public/plugins/bellwether-aiops-app/panels/anomaly/', 'panels/anomaly')).toBe(
      'public/plugins/bellwether-aiops-app/'
    );
    expect(pluginRootPublicPath('https://cdn.example/p/1.0/public/plugins/bellwether-aiops-app/datasource/', 'datasource')).toBe(
      'https://cdn.example/p/1.0/public/plugins/bellwether-aiops-app/'
    );
  });

  it('leaves a public path that already points at the root alone', () => {
    expect(pluginRootPublicPath('public/plugins/bellwether-aiops-app/', 'panels/anomaly')).toBe('public/plugins/bellwether-aiops-app/');
    expect(pluginRootPublicPath('x/mydatasource/', 'datasource')).toBe('x/mydatasource/');
  });
});
