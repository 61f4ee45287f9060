import { groupByMessage } from './LivePanel';

describe('groupByMessage', () => {
  it('joins the queries that failed for the same reason and keeps others apart', () => {
    expect(groupByMessage(['agentCpuCores: Prometheus error: x', 'agentMemoryBytesMax: no data', 'serviceCpuCores: Prometheus error: x'])).toEqual([
      'agentCpuCores, serviceCpuCores: Prometheus error: x',
      'agentMemoryBytesMax: no data',
    ]);
    expect(groupByMessage(['service matchers broken'])).toEqual(['service matchers broken']);
  });
});
