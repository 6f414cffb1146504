import { CacheUnavailableError } from './cache-unavailable.error';
import { CircuitBreaker, CircuitState } from './circuit-breaker';

const redisDown = new Error('connect ECONNREFUSED');
const failing = () => Promise.reject(redisDown);
const answering = () => Promise.resolve('answer');

function breaker(failureThreshold = 3, openMs = 1_000) {
  let now = 0;
  const changes: CircuitState[] = [];
  const circuit = new CircuitBreaker(
    { failureThreshold, openMs },
    (state) => changes.push(state),
    () => now,
  );
  return {
    circuit,
    changes,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

async function failTimes(circuit: CircuitBreaker, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    await expect(circuit.execute(failing)).rejects.toBeInstanceOf(CacheUnavailableError);
  }
}

describe('CircuitBreaker', () => {
  it('passes results through while closed and reports failures as CacheUnavailableError', async () => {
    const { circuit } = breaker();

    await expect(circuit.execute(answering)).resolves.toBe('answer');
    const failure = await circuit.execute(failing).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(CacheUnavailableError);
    expect((failure as Error).cause).toBe(redisDown);
    expect(circuit.state).toBe('closed');
  });

  it('opens after the threshold of consecutive failures and then fails without calling', async () => {
    const { circuit, changes } = breaker(3);
    await failTimes(circuit, 3);
    const operation = jest.fn(answering);

    await expect(circuit.execute(operation)).rejects.toThrow('the circuit breaker is open');

    expect(operation).not.toHaveBeenCalled();
    expect(circuit.state).toBe('open');
    expect(changes).toEqual(['open']);
  });

  it('does not count the failures of a new connection until a call has succeeded on it', async () => {
    const { circuit, changes } = breaker(3);
    circuit.connectionReady();
    await failTimes(circuit, 5);
    expect(circuit.state).toBe('closed');

    await expect(circuit.execute(answering)).resolves.toBe('answer');
    await failTimes(circuit, 3);
    expect(circuit.state).toBe('open');
    expect(changes).toEqual(['open']);
  });

  it('counts only consecutive failures', async () => {
    const { circuit } = breaker(3);
    await failTimes(circuit, 2);
    await circuit.execute(answering);
    await failTimes(circuit, 2);

    expect(circuit.state).toBe('closed');
  });

  it('lets one probe through after openMs and closes when it succeeds', async () => {
    const { circuit, changes, advance } = breaker(1, 1_000);
    await failTimes(circuit, 1);
    advance(999);
    await expect(circuit.execute(answering)).rejects.toThrow('open');

    advance(1);
    let finishProbe: (value: string) => void = () => undefined;
    const probe = circuit.execute(() => new Promise<string>((resolve) => (finishProbe = resolve)));
    const other = jest.fn(answering);
    await expect(circuit.execute(other)).rejects.toThrow('open');
    expect(circuit.state).toBe('half-open');
    finishProbe('probed');

    await expect(probe).resolves.toBe('probed');
    expect(other).not.toHaveBeenCalled();
    expect(circuit.state).toBe('closed');
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens for another openMs when the probe fails', async () => {
    const { circuit, changes, advance } = breaker(1, 1_000);
    await failTimes(circuit, 1);
    advance(1_000);

    await failTimes(circuit, 1);
    advance(500);

    await expect(circuit.execute(answering)).rejects.toThrow('open');
    expect(changes).toEqual(['open', 'half-open', 'open']);
    advance(500);
    await expect(circuit.execute(answering)).resolves.toBe('answer');
  });

  it('ignores calls that were admitted before the circuit opened', async () => {
    const { circuit, advance } = breaker(1, 1_000);
    let finishSlow: (value: string) => void = () => undefined;
    const slow = circuit.execute(() => new Promise<string>((resolve) => (finishSlow = resolve)));
    await failTimes(circuit, 1);

    finishSlow('late');

    await expect(slow).resolves.toBe('late');
    expect(circuit.state).toBe('open');
    advance(1_000);
    await failTimes(circuit, 1);
    expect(circuit.state).toBe('open');
  });
});
