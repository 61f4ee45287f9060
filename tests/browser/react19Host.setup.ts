// The "browser-react19" Jest project: its browser tests run in the React 19 + @grafana/* 13.2 host
// (harness/hosts.ts), as Grafana 13.2 runs plugins.
process.env.BELLWETHER_HARNESS_HOST = 'react19';
