import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import schema from './resultSchema.json';
import { parseResult } from './parseResult';
import { result, run } from './testFixtures';

const base = () => result('baseline', 'none', [1, 2, 3].map((i) => run(100, i, { serviceCpu: 0.1, p50: 1, p99: 4 })));
const agent = () => result('Beyla', 'ebpf', [1, 2, 3].map((i) => run(100, i, { serviceCpu: 0.1, p50: 1, p99: 4, agentCpu: 0.05 })));

function ajvValidate(): (v: unknown) => boolean {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** Mutates a fresh copy of `doc`. */
function broken(doc: object, mutate: (d: any) => void): any {
  const copy = JSON.parse(JSON.stringify(doc));
  mutate(copy);
  return copy;
}

describe('parseResult', () => {
  it('accepts a baseline and an agent file, from text or value, and the JSON schema agrees', () => {
    const validate = ajvValidate();
    for (const doc of [base(), agent()]) {
      expect(parseResult(JSON.stringify(doc))).toEqual(doc);
      expect(parseResult(doc)).toEqual(doc);
      expect(validate(doc)).toBe(true);
    }
  });

  const cases: Array<[string, () => any, RegExp]> = [
    ['not JSON', () => '{"schema":', /not JSON/],
    ['another schema', () => broken(base(), (d) => (d.schema = 'other/v9')), /\$\.schema: expected "bellwether\.ebpf-bench\/v1"/],
    ['missing p99', () => broken(base(), (d) => delete d.runs[1].client.latencyMs.p99), /\$\.runs\[1\]\.client\.latencyMs\.p99: missing/],
    ['string number', () => broken(base(), (d) => (d.runs[0].service.cpuCores = '0.1')), /\$\.runs\[0\]\.service\.cpuCores: expected a finite number/],
    ['negative CPU', () => broken(base(), (d) => (d.runs[0].service.cpuCores = -1)), /cpuCores: expected at least 0/],
    ['unknown field', () => broken(base(), (d) => (d.runs[0].client.p42 = 1)), /\$\.runs\[0\]\.client\.p42: unknown field/],
    ['rate not declared', () => broken(base(), (d) => (d.runs[2].rateRps = 200)), /\$\.runs\[2\]\.rateRps: 200 is not one of load\.ratesRps/],
    ['declared rate without runs', () => broken(base(), (d) => d.load.ratesRps.push(500)), /no run at 500 req\/s/],
    ['duplicate run', () => broken(base(), (d) => (d.runs[2].index = 1)), /duplicate run 1 at 100 req\/s/],
    ['agent figures in baseline', () => broken(base(), (d) => (d.runs[0].agent = d.runs[0].service)), /\$\.runs\[0\]\.agent: present in a baseline/],
    ['agent run without agent figures', () => broken(agent(), (d) => delete d.runs[2].agent), /\$\.runs\[2\]\.agent: missing/],
    ['agent without watch', () => broken(agent(), (d) => delete d.agent.watch), /\$\.agent\.watch: missing/],
    ['unordered percentiles', () => broken(base(), (d) => (d.runs[0].client.latencyMs.p50 = 9)), /percentiles are not ordered/],
    ['bad date', () => broken(base(), (d) => (d.meta.createdAt = 'yesterday')), /\$\.meta\.createdAt: expected an ISO-8601/],
    ['empty runs', () => broken(base(), (d) => (d.runs = [])), /\$\.runs: expected a non-empty array/],
    ['max below average memory', () => broken(base(), (d) => (d.runs[0].service.memoryBytesMax = 1)), /memoryBytesMax: is below memoryBytesAvg/],
  ];

  it.each(cases)('rejects %s with the path of the problem', (_name, make, message) => {
    expect(() => parseResult(make())).toThrow(message);
  });

  it('the JSON schema rejects the shape errors too (kept in step with the parser)', () => {
    const validate = ajvValidate();
    // Cases the schema can express: everything except cross-field rules (rates, duplicates, ordering,
    // baseline-vs-agent presence, max ≥ avg).
    const schemaCases = ['another schema', 'missing p99', 'string number', 'negative CPU', 'unknown field', 'bad date', 'empty runs'];
    for (const [name, make] of cases.filter(([n]) => schemaCases.includes(n))) {
      expect([name, validate(make())]).toEqual([name, false]);
    }
  });
});
