/**
 * Runs the live queries of every configured agent and turns the answers into `live` rows. Pure apart
 * from the injected query function, so it is tested against recorded or real Prometheus answers.
 */
import { AgentComparison, LiveQueries, liveComparison, liveQueries, parseMatchers } from '../../../ebpf';
import { LiveSettings } from './agentMatchers';
import { errorToResponse, InstantQueryFn } from './instantQuery';

/** Result of a live refresh. */
export interface LiveOutcome {
  rows: AgentComparison[];
  /** Problems per agent (bad matchers, empty results, Prometheus errors); shown beside the agent. */
  errors: Record<string, string[]>;
  /** The queries sent, per agent, for display. */
  queries: Record<string, LiveQueries>;
  /** Evaluation time, ms since the epoch. */
  evaluatedAt: number;
}

/**
 * Queries every agent with non-empty matchers at `evaluatedAt` (ms). One failing query never hides the
 * others: it becomes an entry in `errors` and the agent keeps its other figures.
 */
export async function runLive(settings: LiveSettings, query: InstantQueryFn, evaluatedAt: number): Promise<LiveOutcome> {
  const out: LiveOutcome = { rows: [], errors: {}, queries: {}, evaluatedAt };
  let service;
  try {
    service = parseMatchers(settings.service);
  } catch (e) {
    out.errors.service = [`service matchers: ${(e as Error).message}`];
    return out;
  }
  const timeSec = evaluatedAt / 1000;
  await Promise.all(
    settings.agents
      .filter((a) => a.matchers.trim() !== '')
      .map(async (a) => {
        let queries: LiveQueries;
        try {
          queries = liveQueries(parseMatchers(a.matchers), service, { nodeLabel: settings.nodeLabel, range: settings.range });
        } catch (e) {
          out.errors[a.agent] = [(e as Error).message];
          return;
        }
        out.queries[a.agent] = queries;
        const keys = Object.keys(queries) as Array<keyof LiveQueries>;
        const answers = await Promise.all(keys.map((k) => query(queries[k], timeSec).catch(errorToResponse)));
        const responses: Partial<Record<keyof LiveQueries, unknown>> = {};
        keys.forEach((k, i) => (responses[k] = answers[i]));
        const { row, errors } = liveComparison(a.agent, a.kind, queries, responses, evaluatedAt);
        if (row.figures.length > 0) {
          out.rows.push(row);
        }
        if (errors.length > 0) {
          out.errors[a.agent] = errors;
        }
      })
  );
  // Keep the configured order, whatever order the answers arrived in.
  const order = settings.agents.map((a) => a.agent);
  out.rows.sort((x, y) => order.indexOf(x.agent) - order.indexOf(y.agent));
  return out;
}
