import { SingleFlight } from './single-flight';

function deferredCall<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const call = jest.fn(
    () =>
      new Promise<T>((onResolve, onReject) => {
        resolve = onResolve;
        reject = onReject;
      }),
  );
  return { call, resolve: (value: T) => resolve(value), reject: (error: unknown) => reject(error) };
}

describe('SingleFlight', () => {
  it('runs one call for concurrent callers of a key and gives each its result', async () => {
    const flights = new SingleFlight<string>();
    const { call, resolve } = deferredCall<string>();

    const results = Promise.all([
      flights.run('a', call),
      flights.run('a', call),
      flights.run('a', call),
    ]);
    resolve('loaded');

    await expect(results).resolves.toEqual(['loaded', 'loaded', 'loaded']);
    expect(call).toHaveBeenCalledTimes(1);
  });

  it('keeps keys apart', async () => {
    const flights = new SingleFlight<string>();
    const first = deferredCall<string>();
    const second = deferredCall<string>();

    const a = flights.run('a', first.call);
    const b = flights.run('b', second.call);
    first.resolve('A');
    second.resolve('B');

    await expect(Promise.all([a, b])).resolves.toEqual(['A', 'B']);
  });

  it('starts a new call once the previous one settled', async () => {
    const flights = new SingleFlight<number>();
    let calls = 0;
    const call = async () => ++calls;

    await expect(flights.run('a', call)).resolves.toBe(1);
    await expect(flights.run('a', call)).resolves.toBe(2);
  });

  it('shares a failure with every waiting caller and forgets it', async () => {
    const flights = new SingleFlight<string>();
    const { call, reject } = deferredCall<string>();
    const failure = new Error('database down');

    const waiting = [flights.run('a', call), flights.run('a', call)];
    reject(failure);

    for (const caller of waiting) await expect(caller).rejects.toBe(failure);
    await expect(flights.run('a', async () => 'recovered')).resolves.toBe('recovered');
  });
});
