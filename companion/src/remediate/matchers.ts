/**
 * Alertmanager-style label matchers (`alertname="DiskFull"`, `severity=~"critical|warning"`,
 * `team!="db"`): which alerts a remediation rule applies to. Regexes are anchored, as in Alertmanager.
 */

/** One parsed matcher. */
export interface Matcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
  re?: RegExp;
}

const MATCHER_RE = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^"\s]*))\s*$/;

/** Parses `text`; returns a one-line problem instead when it is not a matcher. */
export function parseMatcher(text: string): Matcher | string {
  const m = MATCHER_RE.exec(text);
  if (!m) {
    return `not a label matcher: ${JSON.stringify(text)}; write name="value", name!="value", name=~"regex" or name!~"regex"`;
  }
  const op = m[2] as Matcher['op'];
  const value = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[4];
  if (op === '=~' || op === '!~') {
    try {
      return { label: m[1], op, value, re: new RegExp(`^(?:${value})$`) };
    } catch (e) {
      return `bad regex in ${JSON.stringify(text)}: ${(e as Error).message}`;
    }
  }
  return { label: m[1], op, value };
}

/** Whether every matcher accepts `labels` (an absent label is the empty string, as in Alertmanager). */
export function matchesAll(matchers: readonly Matcher[], labels: Record<string, string>): boolean {
  return matchers.every((m) => {
    const v = labels[m.label] ?? '';
    switch (m.op) {
      case '=':
        return v === m.value;
      case '!=':
        return v !== m.value;
      case '=~':
        return m.re!.test(v);
      case '!~':
        return !m.re!.test(v);
    }
  });
}
