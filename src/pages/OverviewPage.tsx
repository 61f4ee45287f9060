import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { HomePage } from './home/HomePage';

/** Landing page of the app: the home page (what runs out, what is anomalous, setup checks). */
function OverviewPage() {
  return (
    <PluginPage>
      <HomePage />
    </PluginPage>
  );
}

export default OverviewPage;
