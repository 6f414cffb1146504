import { FixedWindowThrottlerStorage } from './fixed-window-storage';

describe('FixedWindowThrottlerStorage', () => {
  let storage: FixedWindowThrottlerStorage;
  let now: number;

  beforeEach(() => {
    storage = new FixedWindowThrottlerStorage();
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });

  const hit = (key = 'key:a') => storage.increment(key, 10_000, 3, 10_000);

  it('admits `limit` requests per window, then blocks until the block ends', async () => {
    for (const expected of [1, 2, 3]) {
      expect(await hit()).toEqual({
        totalHits: expected,
        timeToExpire: 10,
        isBlocked: false,
        timeToBlockExpire: 0,
      });
    }
    now += 2_500;
    expect(await hit()).toEqual({
      totalHits: 4,
      timeToExpire: 8,
      isBlocked: true,
      timeToBlockExpire: 10,
    });
    now += 9_000;
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 1, totalHits: 4 });
    now += 1_000;
    expect(await hit()).toEqual({
      totalHits: 1,
      timeToExpire: 10,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
  });

  it('starts a new window once the last one has ended', async () => {
    await hit();
    await hit();
    now += 10_000;
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('counts each key apart', async () => {
    for (let index = 0; index < 4; index += 1) await hit('key:a');
    expect(await hit('key:b')).toMatchObject({ totalHits: 1, isBlocked: false });
  });
});
