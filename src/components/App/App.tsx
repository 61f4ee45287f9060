import React from 'react';
import { Route, Routes } from 'react-router-dom';
import { AppRootProps } from '@grafana/data';
import { ROUTES } from '../../constants';

const OverviewPage = React.lazy(() => import('../../pages/OverviewPage'));
const EbpfOverheadPage = React.lazy(() => import('../../pages/EbpfOverheadPage'));

function App(_props: AppRootProps) {
  return (
    <Routes>
      <Route path={ROUTES.Ebpf} element={<EbpfOverheadPage />} />
      {/* Default page */}
      <Route path="*" element={<OverviewPage />} />
    </Routes>
  );
}

export default App;
