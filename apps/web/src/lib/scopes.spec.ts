import { abilitiesOf } from './scopes';

describe('abilitiesOf', () => {
  it('offers editing from write, and the cache and dead letters from admin', () => {
    expect(abilitiesOf('read')).toEqual({ edit: false, schedule: false, administer: false });
    expect(abilitiesOf('write')).toEqual({ edit: true, schedule: true, administer: false });
    expect(abilitiesOf('admin')).toEqual({ edit: true, schedule: true, administer: true });
  });
});
