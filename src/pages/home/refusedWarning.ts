/**
 * The engine's warning of series refused one by one (src/engine/refusals.ts), which the exhaustion
 * endpoint sends on a partly refused answer and, when every series was refused, on its 400. Apart from
 * companionClient.ts, which needs Grafana's runtime, so the Node tests that load runningOut.ts can.
 */
export const REFUSED_WARNING = /^time_to_exhaustion: ([\d,]+) of [\d,]+ series refused: /;
