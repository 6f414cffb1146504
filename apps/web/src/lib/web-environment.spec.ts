import { EnvironmentError, parseEnvironment } from '@profile/profile-domain';
import { webEnvironmentSchema } from './web-environment';

describe('web environment', () => {
  it('defaults to port 3000 and the local api', () => {
    expect(parseEnvironment(webEnvironmentSchema, {})).toMatchObject({
      PORT: 3000,
      API_URL: 'http://127.0.0.1:30080',
    });
  });

  it.each([
    ['API_URL', 'ftp://example.test'],
    ['PORT', 'abc'],
  ])('rejects %s=%s naming the variable', (variable, value) => {
    const parse = () => parseEnvironment(webEnvironmentSchema, { [variable]: value });
    expect(parse).toThrow(EnvironmentError);
    expect(parse).toThrow(new RegExp(`^  - ${variable}: `, 'm'));
  });
});
