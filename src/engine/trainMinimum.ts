/**
 * One text for a training window too short for a detector, in every door (companion, data source,
 * CLI): each names the option as its user typed it and the step the detectors score at, and gives the
 * shortest window that works.
 */
import { formatDuration } from '../common/duration';
import { MIN_TRAIN_WINDOW } from '../ml/detect/options';

/** "<what> holds N points at <at>; detectors need at least 50: <advice(the shortest window)>". */
export function tooShortTrainText(
  what: string,
  train: number,
  step: number,
  at: string,
  advice: (shortest: string) => string
): string {
  const points = Math.round(train / step);
  return (
    `${what} holds ${points} point${points === 1 ? '' : 's'} at ${at}; ` +
    `detectors need at least ${MIN_TRAIN_WINDOW}: ${advice(formatDuration(MIN_TRAIN_WINDOW * step))}`
  );
}
