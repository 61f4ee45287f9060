/**
 * A fit's warning whose figures change from fit to fit (a trailing excursion's: "last 3 samples …
 * forecast from 0.531, band to 0.954"), said once per series over a range query: a forecast over an
 * incident refits at each step after the jump, and each fit's own words listed ten warnings and "and
 * 33 more". One fit's words stand as they are (an instant query, the panel's and the CLI's); several
 * become one line with the steps that gave them, the first and last, and the last fit's words.
 */
import { utcMinute } from '../common/utcMinute';
import type { FunctionName } from './query';
import { formatCount } from './warnings';

interface Seen {
  labels: Record<string, string>;
  texts: Set<string>;
  /** Steps answered by a fit that gave the warning. */
  count: number;
  first: number;
  last: number;
  /** The words of the fit that answered the latest step. */
  latest: string;
  /** What the warning is about, without figures (Fit.stepWarning.summary). */
  summary: string;
}

/** A fit's step warning: its words, and what they are about without the figures. */
export interface StepWarning {
  text: string;
  /** e.g. "the last samples were an excursion the models did not fit". */
  summary: string;
}

/** Step warnings of one evaluation's fits, per series (by labels key). */
export class StepWarnings {
  private readonly bySeries = new Map<string, Seen>();
  private readonly answered = new Map<string, number>();

  /**
   * Steps `points` of series `key` were answered by a fit; `warning` is its step warning, if any.
   * Call for every placement, so the count is "of" every step answered.
   */
  see(key: string, labels: Record<string, string>, points: number[], warning: StepWarning | undefined): void {
    this.answered.set(key, (this.answered.get(key) ?? 0) + points.length);
    if (warning === undefined || points.length === 0) {
      return;
    }
    const { text, summary } = warning;
    const first = Math.min(...points);
    const last = Math.max(...points);
    const s = this.bySeries.get(key);
    if (!s) {
      this.bySeries.set(key, {
        labels,
        texts: new Set([text]),
        count: points.length,
        first,
        last,
        latest: text,
        summary,
      });
      return;
    }
    s.texts.add(text);
    s.count += points.length;
    if (last >= s.last) {
      s.latest = text;
      s.summary = summary;
    }
    s.first = Math.min(s.first, first);
    s.last = Math.max(s.last, last);
  }

  /** Each series' line: its fit's words when one fit gave them, else the counted summary. */
  notes(func: FunctionName): Array<{ key: string; labels: Record<string, string>; text: string }> {
    return [...this.bySeries].map(([key, s]) => {
      if (s.texts.size === 1) {
        return { key, labels: s.labels, text: s.latest };
      }
      const of = this.answered.get(key) ?? s.count;
      return {
        key,
        labels: s.labels,
        text:
          `${func}: at ${formatCount(s.count)} of ${formatCount(of)} steps (first at ${utcMinute(s.first)}, last at ` +
          `${utcMinute(s.last)}) ${s.summary}; at the last: ${s.latest}`,
      };
    });
  }
}
