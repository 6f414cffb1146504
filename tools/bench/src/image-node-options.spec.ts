import { imageNodeOptions, nodeOptionsOf } from './image-node-options';

describe('the NODE_OPTIONS of an image', () => {
  it('reads a plain or a quoted ENV NODE_OPTIONS line, and nothing else', () => {
    expect(nodeOptionsOf('FROM node\nENV NODE_OPTIONS=--max-old-space-size=160\n')).toBe(
      '--max-old-space-size=160',
    );
    expect(nodeOptionsOf('ENV NODE_OPTIONS="--a --b"\nCMD ["node"]')).toBe('--a --b');
    expect(nodeOptionsOf('ENV NODE_ENV=production\n# ENV NODE_OPTIONS=--x\n')).toBe('');
  });

  it("is each image's heap limit", () => {
    for (const app of ['api', 'worker'] as const) {
      expect(imageNodeOptions(app)).toMatch(/^--max-old-space-size=\d+ --max-semi-space-size=\d+$/);
    }
  });
});
