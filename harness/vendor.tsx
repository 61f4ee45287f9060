/**
 * The browser harness's stand-in for Grafana: it provides the externals a built plugin module
 * expects (the real npm packages of React, @grafana/data, @grafana/ui, @grafana/runtime, rxjs, ...),
 * a minimal AMD loader that loads dist/**\/module.js as Grafana's SystemJS/AMD loader would, and
 * helpers that render a plugin's panel or page with real data frames and Grafana's theme.
 * Bundled by esbuild into harness/dist/vendor.js (see harness/build.ts).
 */
import './bootData';
import * as emotionCss from '@emotion/css';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import * as lodash from 'lodash';
import React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactDOMClient from 'react-dom/client';
import * as jsxRuntime from 'react/jsx-runtime';
import * as reactRouter from 'react-router';
import * as reactRouterDom from 'react-router-dom';
import * as rxjs from 'rxjs';
import { loadAmdModule } from './amdLoader';
import { installGrafanaServices } from './grafanaServices';
import { renderPanel, renderPage, renderComponent, makeFrame, setTheme, currentTheme } from './render';

const externals: Record<string, unknown> = {
  react: React,
  'react-dom': ReactDOM,
  'react-dom/client': ReactDOMClient,
  'react/jsx-runtime': jsxRuntime,
  '@grafana/data': grafanaData,
  '@grafana/ui': grafanaUi,
  '@grafana/runtime': grafanaRuntime,
  '@emotion/css': emotionCss,
  rxjs,
  lodash,
  'react-router': reactRouter,
  'react-router-dom': reactRouterDom,
};

(window as any).bw = {
  externals,
  loadPlugin: (url: string) => loadAmdModule(url, externals),
  renderPanel,
  renderPage,
  renderComponent,
  makeFrame,
  setTheme,
  currentTheme,
  installGrafanaServices,
  /** What this host runs, for tests that check they got the host they asked for. */
  host: { react: React.version, grafana: grafanaRuntime.config.buildInfo.version },
};
