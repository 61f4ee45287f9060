/**
 * The anomaly overlay's canvas hooks: shaded anomalous regions (under the lines, on the main chart and
 * the score strip) and marked anomalous points (over the lines). Both draw nothing when their option
 * is off.
 */
import { GrafanaTheme2 } from '@grafana/data';
import type uPlot from 'uplot';
import { fade } from '../../../components/charts/chartTheme';
import { drawInPlot, pixelRatio } from '../../../components/charts/plotClip';
import { AnomalyOptions } from '../types';
import { analysed, DrawnSeries } from './columns';
import { flagMark, markStart } from './flagMark';

type Hook = (u: uPlot) => void;

/** Regions are at least this wide (CSS px) so a single anomalous point stays visible. */
const MIN_REGION_WIDTH = 4;
/** Radius (CSS px) of an anomalous point's mark. */
const POINT_RADIUS = 3;

/** Shades every series' anomalous regions over the plot's full height. */
export function regionsHook(drawn: DrawnSeries[], options: AnomalyOptions, theme: GrafanaTheme2): Hook {
  const px = pixelRatio();
  const fill = fade(theme.colors.error.main, theme.isDark ? 0.22 : 0.15);
  return (u) => {
    if (!options.showRegions) {
      return;
    }
    drawInPlot(u, (ctx, bbox) => {
      ctx.fillStyle = fill;
      for (const d of drawn) {
        const t = d.series.t;
        const ok = analysed(d.outcome);
        for (const r of d.regions) {
          // From the point that scored, or the start of the step whose score it is (flagMark.ts).
          const start = ok ? markStart(flagMark(ok, t, d.series.v, r.start, d.step, d.side), t[r.start]) : t[r.start];
          const x0 = u.valToPos(start / 1000, 'x', true);
          const x1 = u.valToPos(t[r.end] / 1000, 'x', true);
          const w = Math.max(x1 - x0, MIN_REGION_WIDTH * px);
          ctx.fillRect((x0 + x1) / 2 - w / 2, bbox.top, w, bbox.height);
        }
      }
    });
  };
}

/**
 * Marks every anomalous point that has a value with a dot in the anomaly colour: at the value that
 * scored (flagMark.ts), not at a step's normal sample that holds a spike inside it.
 */
export function pointsHook(drawn: DrawnSeries[], options: AnomalyOptions, theme: GrafanaTheme2): Hook {
  const px = pixelRatio();
  return (u) => {
    if (!options.showPoints) {
      return;
    }
    drawInPlot(u, (ctx) => {
      ctx.setLineDash([]);
      ctx.fillStyle = theme.colors.error.main;
      ctx.strokeStyle = theme.colors.background.primary;
      ctx.lineWidth = px;
      const radius = POINT_RADIUS * px;
      for (const d of drawn) {
        const ok = analysed(d.outcome);
        if (!ok || d.anomalousPoints === 0) {
          continue;
        }
        const { t, v } = d.series;
        ctx.beginPath();
        for (let i = 0; i < ok.isAnomaly.length; i++) {
          const m = flagMark(ok, t, v, i, d.step, d.side);
          if (m && m.kind !== 'step') {
            const x = u.valToPos(m.t / 1000, 'x', true);
            const y = u.valToPos(m.v, 'y', true);
            ctx.moveTo(x + radius, y);
            ctx.arc(x, y, radius, 0, 2 * Math.PI);
          }
        }
        ctx.fill();
        ctx.stroke();
      }
    });
  };
}
