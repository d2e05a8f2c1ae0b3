import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Debian packages unpacked (not installed) into a directory of .cache, for the opt-in runs under
 * Wine and QEMU: apt-get with a private package list downloads them and dpkg-deb unpacks them,
 * so nothing on the system changes and no root is needed.
 */
export interface DebianPackages {
  /** Where the lists, the .debs and the unpacked tree go; emptied first. */
  dir: string;
  /** `trixie`, `bookworm`, … */
  suite: string;
  /** dpkg architecture of the packages (`amd64`, `arm64`). */
  architecture: string;
  packages: readonly string[];
}

function must(command: string, args: string[], cwd?: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr ?? result.error}`);
}

/** Downloads and unpacks the packages; returns the unpacked root (`<dir>/root`). */
export function unpackDebianPackages(spec: DebianPackages): string {
  rmSync(spec.dir, { recursive: true, force: true });
  const [sources, lists, debs, root] = ['sources', 'lists', 'debs', 'root'].map((d) => join(spec.dir, d)) as [
    string,
    string,
    string,
    string,
  ];
  for (const dir of [sources, join(lists, 'partial'), debs]) mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(sources, `${spec.suite}.sources`),
    `Types: deb\nURIs: http://deb.debian.org/debian\nSuites: ${spec.suite}\nComponents: main\n` +
      `Architectures: ${spec.architecture}\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n`
  );
  const apt = [
    `-oDir::Etc::sourcelist=/dev/null`,
    `-oDir::Etc::sourceparts=${sources}`,
    `-oDir::State::Lists=${lists}`,
    '-oDir::State::status=/dev/null',
    `-oAPT::Architecture=${spec.architecture}`,
    `-oAPT::Architectures=${spec.architecture}`,
    '-oAPT::Sandbox::User=root',
  ];
  must('apt-get', [...apt, 'update']);
  must('apt-get', [...apt, 'download', ...spec.packages], debs);
  for (const deb of readdirSync(debs)) must('dpkg-deb', ['-x', join(debs, deb), root]);
  return root;
}
