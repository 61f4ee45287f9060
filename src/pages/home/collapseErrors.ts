/**
 * One alert per distinct error in a section: with the upstream down, every capacity pair and every
 * selector fails with the same message, and eight alerts repeating it bury the message.
 */

/** A failed query of a section: its title and its error, written `<title>: <message>`. */
export interface TitledError {
  title: string;
  error: string;
  severity: 'error' | 'warning';
}

/** What a section shows for one distinct message: the text, how many queries it stands for, the worst severity. */
export interface CollapsedError {
  text: string;
  count: number;
  severity: 'error' | 'warning';
}

/**
 * Errors of the same message (after the `<title>: ` prefix) collapsed into one, in first-seen order:
 * "<message> (3 queries: Filesystems, Container memory, API memory vs 1 GB)"; an error no other
 * query shares is kept as it is.
 *
 * @example collapseErrors([{ title: 'CPU', error: 'CPU: down', severity: 'error' }, { title: 'Errors', error: 'Errors: down', severity: 'error' }])
 * // [{ text: 'down (2 queries: CPU, Errors)', count: 2, severity: 'error' }]
 */
export function collapseErrors(errors: TitledError[]): CollapsedError[] {
  const groups = new Map<string, TitledError[]>();
  for (const e of errors) {
    const prefix = `${e.title}: `;
    const message = e.error.startsWith(prefix) ? e.error.slice(prefix.length) : e.error;
    groups.set(message, [...(groups.get(message) ?? []), e]);
  }
  return [...groups].map(([message, group]) => {
    const severity = group.some((e) => e.severity === 'error') ? 'error' : 'warning';
    if (group.length === 1) {
      return { text: group[0].error, count: 1, severity };
    }
    const titles = group.map((e) => e.title).join(', ');
    return { text: `${message} (${group.length} queries: ${titles})`, count: group.length, severity };
  });
}
