import { growthVerdict, resourceKind } from './growthVerdict';

describe('resourceKind and growthVerdict', () => {
  it('calls a filesystem filling, from its labels or its PromQL', () => {
    expect(resourceKind({ labels: { instance: 'db-1:9100', mountpoint: '/var/lib/postgresql' } })).toBe('filesystem');
    expect(resourceKind({ labels: { __name__: 'node_filesystem_avail_bytes', instance: 'x' } })).toBe('filesystem');
    expect(resourceKind({ expr: 'node_filesystem_avail_bytes{fstype!~"tmpfs"}' })).toBe('filesystem');
    expect(resourceKind({ expr: 'kubelet_volume_stats_used_bytes{persistentvolumeclaim="data"}' })).toBe('filesystem');
    expect(growthVerdict('filesystem')).toBe('filling');
  });

  it('calls memory and anything else a leak', () => {
    expect(resourceKind({ labels: { __name__: 'process_resident_memory_bytes', instance: 'api-1' } })).toBe('other');
    expect(resourceKind({ expr: 'process_resident_memory_bytes{job="api"}' })).toBe('other');
    expect(resourceKind({})).toBe('other');
    expect(growthVerdict('other')).toBe('leak');
  });
});
