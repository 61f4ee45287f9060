import { labelsKey } from './history';

describe('labelsKey', () => {
  it('is the same for the same label set in any order, and differs otherwise', () => {
    expect(labelsKey({ job: 'api', instance: 'a:1' })).toBe(labelsKey({ instance: 'a:1', job: 'api' }));
    expect(labelsKey({ job: 'api' })).not.toBe(labelsKey({ job: 'api', instance: 'a:1' }));
    expect(labelsKey({ a: 'b,c' })).not.toBe(labelsKey({ 'a,b': 'c' }));
  });

  it("orders Prometheus label names as the companion's and the home page's former copies did", () => {
    // Those sorted whole entries as strings ("name,value"); by name alone is the same order whenever
    // no name has a character below ',' (Prometheus names are [a-zA-Z_][a-zA-Z0-9_]*), prefixes included.
    const labels = { job: 'x', __name__: 'm', a: '1', a_b: '2', ab: '3', A: '4', instance: 'i', a0: '5' };
    expect(labelsKey(labels)).toBe(JSON.stringify(Object.entries(labels).sort()));
  });
});
