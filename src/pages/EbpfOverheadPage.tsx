import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { Alert } from '@grafana/ui';
import { testIds } from '../components/testIds';

/** eBPF agent overhead comparison (filled in by the eBPF benchmark feature). */
function EbpfOverheadPage() {
  return (
    <PluginPage>
      <div data-testid={testIds.ebpf.container}>
        <Alert severity="info" title="eBPF agent overhead">
          The side-by-side comparison of Beyla, Tetragon, Parca, Pixie and classic APM agents is being built.
        </Alert>
      </div>
    </PluginPage>
  );
}

export default EbpfOverheadPage;
