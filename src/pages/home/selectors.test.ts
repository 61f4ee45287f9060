import { FILESYSTEMS, unitOf, userPair } from './selectors';

describe('capacity pairs', () => {
  it('takes a user pair unit from its metric names: *_bytes is bytes', () => {
    // The demo's pair: its trend once read "+143 M/d", without the unit.
    const memory = userPair('API memory vs 1 GB|process_resident_memory_bytes{job="api"}|1e9', 0);
    expect(memory).toMatchObject({ unit: 'bytes', kind: 'other', direction: 'up', capacity: 1e9 });
    expect(userPair('Queue|sum(queue_depth)|1000', 1)).toMatchObject({ unit: 'none', kind: 'other' });
    expect(unitOf('sum by (pod) (container_memory_working_set_bytes{container!=""})')).toBe('bytes');
    expect(unitOf('rate(node_network_receive_bytes_total[5m])')).toBe('bytes');
    expect(unitOf('http_requests_total')).toBe('none');
  });

  it('knows a filesystem pair fills rather than leaks', () => {
    expect(FILESYSTEMS.kind).toBe('filesystem');
    const pvc = userPair('PVC|kubelet_volume_stats_used_bytes|kubelet_volume_stats_capacity_bytes', 0);
    expect(pvc).toMatchObject({ unit: 'bytes', kind: 'filesystem', direction: 'down' });
  });
});
