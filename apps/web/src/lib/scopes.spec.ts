import { abilitiesOf } from './scopes';

describe('abilitiesOf', () => {
  it('offers editing from write and the cache from admin', () => {
    expect(abilitiesOf('read')).toEqual({ edit: false, schedule: false, administerCache: false });
    expect(abilitiesOf('write')).toEqual({ edit: true, schedule: true, administerCache: false });
    expect(abilitiesOf('admin')).toEqual({ edit: true, schedule: true, administerCache: true });
  });
});
