import { RecentMessageIds } from './recent-message-ids';

describe('RecentMessageIds', () => {
  it('reports an id seen before as a duplicate', () => {
    const ids = new RecentMessageIds(10);
    expect([ids.remember('a'), ids.remember('b'), ids.remember('a')]).toEqual([true, true, false]);
  });

  it('forgets the oldest ids beyond its capacity', () => {
    const ids = new RecentMessageIds(2);
    ids.remember('a');
    ids.remember('b');
    ids.remember('c');
    expect([ids.remember('b'), ids.remember('a')]).toEqual([false, true]);
  });
});
