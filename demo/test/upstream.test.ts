import { FaultState } from '../src/faults.ts';
import { loadFlights } from '../src/flights.ts';
import { spreadsOf, upstreamRecords, UPSTREAM_SCHEMA } from '../src/upstream.ts';
import { seededRandom } from '@sieve/testkit';

const flights = loadFlights().slice(0, 2000);
const spreads = spreadsOf(flights);
const records = (faults: FaultState) => upstreamRecords(flights, faults, spreads, seededRandom(1));

describe('upstream records', () => {
  it('match the declared schema when healthy', () => {
    for (const r of records(new FaultState()).slice(0, 50)) {
      expect(Object.keys(r).sort()).toEqual(Object.keys(UPSTREAM_SCHEMA).sort());
      for (const [field, type] of Object.entries(UPSTREAM_SCHEMA)) expect(typeof r[field as keyof typeof r]).toBe(type);
    }
  });

  it('drift shifts only the chosen feature, by the given multiple of its spread', () => {
    const faults = new FaultState();
    faults.inject('drift', { features: ['dep_hour'], shift: 2 });
    const [healthy, shifted] = [records(new FaultState()), records(faults)];
    expect(shifted.map((r) => r.distance)).toEqual(healthy.map((r) => r.distance));
    expect((shifted[0]?.dep_hour as number) - (healthy[0]?.dep_hour as number)).toBeCloseTo(2 * spreads.dep_hour);
  });

  it('missing values null the given share of distances', () => {
    const faults = new FaultState();
    faults.inject('missingValues', { share: 0.3 });
    const missing = records(faults).filter((r) => r.distance === null).length / flights.length;
    expect(missing).toBeGreaterThan(0.25);
    expect(missing).toBeLessThan(0.35);
  });

  it('a schema change retypes delay and adds a field; recovering restores the schema', () => {
    const faults = new FaultState();
    faults.inject('schemaChange');
    const changed = records(faults)[0];
    expect(typeof changed?.delay).toBe('string');
    expect(changed).toHaveProperty('tail_number');
    faults.clear('schemaChange');
    expect(records(faults)[0]).toEqual(records(new FaultState())[0]);
  });
});
