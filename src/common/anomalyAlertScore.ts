/**
 * The anomaly score the shipped alert rules fire above (provisioning/prometheus/rules/bellwether.rules.yml,
 * the vmalert and Grafana-managed copies: `anomaly_score > 0.76`), just under the ensemble's own
 * decision at the default sensitivity (0.765). The anomaly panel's default "Score threshold" for
 * score-only data is this figure, so a dashboard on companion scores shows every point that pages.
 */
export const ANOMALY_ALERT_SCORE = 0.76;
