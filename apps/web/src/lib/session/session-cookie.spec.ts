import { safeNextPath, signInPath } from './session-cookie';

describe('sign-in redirects', () => {
  it('keeps a path of the console', () => {
    expect(signInPath('/tasks/abc?x=1')).toBe('/sign-in?next=%2Ftasks%2Fabc%3Fx%3D1');
    expect(safeNextPath('/profiles?q=ada')).toBe('/profiles?q=ada');
  });

  it.each([
    'https://evil.example/',
    '//evil.example/',
    '/\\evil.example',
    'profiles',
    '/sign-in?next=/x',
    '/session/expired',
    '/',
    '',
    undefined,
  ])('drops %p', (next) => {
    expect(safeNextPath(next)).toBeUndefined();
    expect(signInPath(next)).toBe('/sign-in');
  });
});
