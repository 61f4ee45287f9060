import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

/** Where the models run: in a Web Worker in the browser, or in the companion service. */
export type Engine = 'browser' | 'companion';

/** A Bellwether query (the full editor comes with the data source feature). */
export interface BellwetherQuery extends DataQuery {
  /** Inner PromQL expression. */
  expr?: string;
}

export const DEFAULT_QUERY: Partial<BellwetherQuery> = {};

/** Settings stored in jsonData (never secrets). */
export interface BellwetherOptions extends DataSourceJsonData {
  companionUrl?: string;
  parcaUrl?: string;
  defaultEngine?: Engine;
}

/** Settings stored in secureJsonData: write-only from the browser, sent upstream by Grafana's proxy. */
export interface BellwetherSecureOptions {
  companionToken?: string;
}
