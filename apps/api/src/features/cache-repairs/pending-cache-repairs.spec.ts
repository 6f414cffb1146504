import { PendingCacheRepairs } from './pending-cache-repairs';

describe('PendingCacheRepairs', () => {
  it('keeps a profile pending while any of its changes is', () => {
    const pending = new PendingCacheRepairs();
    pending.open({ profileId: 'p', token: 'first' });
    pending.open({ profileId: 'p', token: 'second' });
    expect(pending.has('p')).toBe(true);

    pending.resolve('first');
    expect(pending.has('p')).toBe(true);
    pending.resolve('second');
    expect(pending.has('p')).toBe(false);
    expect(pending.has('other')).toBe(false);
  });

  it('offers only settled tokens for the check against the records', () => {
    const pending = new PendingCacheRepairs();
    pending.open({ profileId: 'p', token: 'running' });
    pending.open({ profileId: 'q', token: 'committed' });
    pending.settle('committed');
    pending.track({ profileId: 'r', token: 'read' });

    expect(pending.settledTokens().sort()).toEqual(['committed', 'read']);
  });

  it('tracks a record once, and ignores tokens it does not know', () => {
    const pending = new PendingCacheRepairs();
    pending.open({ profileId: 'p', token: 'mine' });
    pending.track({ profileId: 'p', token: 'mine' });
    pending.track({ profileId: 'p', token: 'mine' });
    pending.resolve('unknown');
    pending.settle('unknown');

    pending.resolve('mine');
    expect(pending.has('p')).toBe(false);
    expect(pending.settledTokens()).toEqual([]);
  });
});
