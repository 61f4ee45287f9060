import React from 'react';
import { render, screen } from '@testing-library/react';
import { PluginType } from '@grafana/data';
import AppConfig, { AppConfigProps } from './AppConfig';
import { testIds } from 'components/testIds';

function props(enabled: boolean): AppConfigProps {
  return {
    plugin: { meta: { id: 'bellwether-aiops-app', name: 'Bellwether', type: PluginType.app, enabled, jsonData: {} } },
    query: {},
  } as unknown as AppConfigProps;
}

describe('Components/AppConfig', () => {
  test('offers to enable a disabled app and says where the settings are', () => {
    render(<AppConfig {...props(false)} />);
    expect(screen.getByTestId(testIds.appConfig.submit)).toHaveTextContent('Enable');
    expect(screen.getByText(/Bellwether ML data source/)).toBeInTheDocument();
    expect(screen.getByText(/HTTP method POST/)).toBeInTheDocument();
  });

  test('offers to disable an enabled app', () => {
    render(<AppConfig {...props(true)} />);
    expect(screen.getByTestId(testIds.appConfig.submit)).toHaveTextContent('Disable');
    expect(screen.getByText(/The app is enabled/)).toBeInTheDocument();
  });
});
