import { sameLabelsetMessage } from './sameLabelset';

describe('sameLabelsetMessage', () => {
  it('is null when the labels differ once the name is dropped', () => {
    expect(
      sameLabelsetMessage([
        { __name__: 'a', instance: 'x' },
        { __name__: 'a', instance: 'y' },
        { __name__: 'b', instance: 'z' },
      ])
    ).toBeNull();
  });

  it('names both metrics and the shared labels, whatever their order', () => {
    expect(
      sameLabelsetMessage([
        { __name__: 'node_load1', job: 'node', instance: 'web-1' },
        { instance: 'web-1', __name__: 'node_cpu', job: 'node' },
      ])
    ).toBe(
      'vector cannot contain metrics with the same labelset: node_load1 and node_cpu both have {instance="web-1", job="node"} ' +
        'once the metric name is dropped, as model functions drop it; select one metric, or keep the name as a label ' +
        'with label_replace(<query>, "metric", "$1", "__name__", "(.+)")'
    );
  });

  it('says "(no name)" for a series without one', () => {
    expect(sameLabelsetMessage([{ job: 'x' }, { __name__: 'm', job: 'x' }])).toMatch(/: \(no name\) and m both/);
  });
});
