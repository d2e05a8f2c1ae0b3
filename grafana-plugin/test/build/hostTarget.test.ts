import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, hostTarget, TARGETS, UnsupportedHostError, WORKSPACE } from '../../backend/build/paths.ts';

const HOSTS = ['linux/x64', 'linux/arm64', 'darwin/x64', 'darwin/arm64', 'win32/x64'];

describe('hostTarget', () => {
  it('finds the executable of every platform it builds for', () => {
    for (const target of TARGETS) {
      const platform = target.goOs === 'windows' ? 'win32' : target.goOs;
      expect(hostTarget(platform, target.nodeArch)).toBe(target);
    }
  });

  it('names an unlisted host and the hosts the build runs on', () => {
    for (const [platform, arch] of [
      ['freebsd', 'x64'],
      ['win32', 'arm64'],
      ['linux', 's390x'],
    ] as const) {
      let error: unknown;
      try {
        hostTarget(platform, arch);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UnsupportedHostError);
      const message = (error as Error).message;
      expect(message).toContain(`this host, ${platform}/${arch}:`);
      for (const host of HOSTS) expect(message).toContain(host);
      expect(message).toMatch(/builds all 5 executables/);
    }
  });
});

describe('the build on an unlisted host', () => {
  // The real build script, told it runs on FreeBSD: it stops before writing anything, with the
  // message alone (no stack trace).
  it('stops with the explanation and no stack trace', () => {
    const before = statSync(DIST, { throwIfNoEntry: false })?.mtimeMs;
    const fakeHost = `data:text/javascript,Object.defineProperty(process,'platform',{value:'freebsd'})`;
    const result = spawnSync(process.execPath, ['--import', fakeHost, join('backend', 'build', 'build.ts')], {
      cwd: WORKSPACE,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `build failed: the plugin's executables cannot be built or tested on this host, freebsd/${process.arch}`
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toMatch(/UnsupportedHostError/);
    expect(statSync(DIST, { throwIfNoEntry: false })?.mtimeMs).toBe(before);
  });
});
