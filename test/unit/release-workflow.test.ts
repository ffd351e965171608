import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The release workflow builds every desktop package on a runner of its own OS and architecture
// (the keychain addon is native): which runner builds what is checked here, GitHub runs it.
interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: { push: { tags: string[] } };
  jobs: { package: { 'runs-on': string; strategy: { matrix: { include: { name: string; runner: string; target: string }[] } }; steps: Step[] } };
}

describe('.github/workflows/release.yml', () => {
  const workflow = parse(readFileSync('.github/workflows/release.yml', 'utf8')) as Workflow;
  const job = workflow.jobs.package;

  it('runs on a pushed tag v*', () => {
    expect(workflow.on.push.tags).toEqual(['v*']);
  });

  it('builds each OS/arch on a runner of that OS and architecture', () => {
    const built = Object.fromEntries(job.strategy.matrix.include.map((entry) => [entry.runner, entry.target]));
    expect(built).toEqual({
      'ubuntu-24.04': '--linux --x64',
      'ubuntu-24.04-arm': '--linux --arm64',
      'macos-14': '--mac --arm64',
      'macos-13': '--mac --x64',
      'windows-latest': '--win --x64',
    });
    expect(job['runs-on']).toBe('${{ matrix.runner }}');
  });

  it('installs with npm ci on Node 20.19 or later, packages without publishing and uploads the packages', () => {
    const node = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    const [major = 0, minor = 0] = String(node?.with?.['node-version']).split('.').map(Number);
    expect(major > 20 || (major === 20 && minor >= 19)).toBe(true);
    const runs = job.steps.flatMap((step) => (step.run === undefined ? [] : [step.run]));
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm run package -- ${{ matrix.target }} --publish never');
    const upload = job.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(String(upload?.with?.path).split('\n').filter(Boolean)).toEqual(['dist/*.deb', 'dist/*.rpm', 'dist/*.AppImage', 'dist/*.dmg', 'dist/*.exe']);
  });

  it('has an npm script "package" that runs electron-builder after the build', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.package).toMatch(/electron-vite build && .*electron-builder$/);
  });
});
