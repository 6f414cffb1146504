import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface ProjectGraph {
  nodes: Record<string, { type: 'app' | 'lib' | 'e2e' }>;
  dependencies: Record<string, Array<{ target: string }>>;
}

function projectGraph(): ProjectGraph {
  const scratch = mkdtempSync(join(tmpdir(), 'graph-'));
  try {
    const file = join(scratch, 'graph.json');
    execFileSync(
      process.execPath,
      [join(__dirname, '../../node_modules/nx/dist/bin/nx.js'), 'graph', `--file=${file}`],
      {
        cwd: join(__dirname, '../..'),
        env: { ...process.env, NX_DAEMON: 'false' },
        stdio: 'ignore',
      },
    );
    return (JSON.parse(readFileSync(file, 'utf8')) as { graph: ProjectGraph }).graph;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

describe('project graph', () => {
  const graph = projectGraph();
  const projectsOfType = (type: string) =>
    Object.keys(graph.nodes).filter((name) => graph.nodes[name].type === type);
  const targetsOf = (name: string) => graph.dependencies[name].map(({ target }) => target).sort();

  it('has the three apps depending on libraries', () => {
    expect(projectsOfType('app').sort()).toEqual(['api', 'web', 'worker']);
    expect(targetsOf('api')).toEqual(
      expect.arrayContaining(['cache', 'messaging', 'profile-domain', 'service-core']),
    );
    expect(targetsOf('worker')).toEqual(
      expect.arrayContaining(['messaging', 'profile-domain', 'service-core']),
    );
    expect(targetsOf('web')).toEqual(expect.arrayContaining(['profile-domain']));
  });

  it('has no library depending on an app', () => {
    const apps = new Set(projectsOfType('app'));
    for (const library of projectsOfType('lib')) {
      expect({ library, apps: targetsOf(library).filter((target) => apps.has(target)) }).toEqual({
        library,
        apps: [],
      });
    }
  });

  it('keeps the cache and messaging apart, and the domain free of other projects', () => {
    expect(targetsOf('cache')).not.toContain('messaging');
    expect(targetsOf('messaging')).not.toContain('cache');
    expect(targetsOf('profile-domain')).toEqual([]);
  });
});
