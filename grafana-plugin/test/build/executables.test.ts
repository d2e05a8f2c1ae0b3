import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, executableName, TARGETS, type Target } from '../../backend/build/paths.ts';
import { ensureBuilt } from '../harness/build.ts';
import { elfSectionTypes, machoSignature, peDataDirectory, readExecutable } from './executableFormats.ts';

/**
 * Every executable `npm run build` ships, read structurally: this machine can run only its own, so
 * the others are checked as their loaders would read them: file format and CPU, the SEA blob where
 * Node looks for it (carrying exactly dist/backend.cjs), the SEA fuse flipped, and for macOS a
 * valid ad-hoc signature (every page hash recomputed); for Linux, stripped symbols.
 */
const SEA_FUSE_ON = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1';
/** The blob header's magic (Node src/node_sea.h kMagic), little-endian. */
const SEA_BLOB_MAGIC = 0x0143da20;

let bundle: Buffer;
const files = new Map<Target, Buffer>();

beforeAll(async () => {
  await ensureBuilt({ allPlatforms: true });
  bundle = readFileSync(join(DIST, 'backend.cjs'));
  for (const target of TARGETS) files.set(target, readFileSync(join(DIST, executableName(target))));
}, 900_000);

const file = (t: Target) => files.get(t) as Buffer;
const expectedFormat = { linux: 'elf', darwin: 'macho', windows: 'pe' } as const;
const formatName = { elf: 'an ELF', macho: 'a Mach-O', pe: 'a PE32+' } as const;

describe.each(TARGETS.map((t) => [executableName(t), t] as const))('%s', (_name, target) => {
  it(`is ${formatName[expectedFormat[target.goOs]]} executable for ${target.nodeArch}`, () => {
    const info = readExecutable(file(target));
    expect([info.format, info.arch]).toEqual([expectedFormat[target.goOs], target.nodeArch]);
  });

  it('carries the SEA blob where Node looks for it, holding exactly dist/backend.cjs, with the fuse flipped', () => {
    const blob = readExecutable(file(target)).seaBlob;
    expect(blob).toBeDefined();
    expect(blob?.readUInt32LE(0)).toBe(SEA_BLOB_MAGIC);
    expect(blob?.includes(bundle)).toBe(true);
    expect(file(target).includes(SEA_FUSE_ON)).toBe(true);
  });

  if (target.goOs === 'linux') {
    it('is stripped of the symbol table, keeping the dynamic symbols', () => {
      const types = elfSectionTypes(file(target));
      expect(types.has(2)).toBe(false); // SHT_SYMTAB
      expect(types.has(11)).toBe(true); // SHT_DYNSYM
    });
  }

  if (target.goOs === 'darwin') {
    it('is signed ad hoc: an LC_CODE_SIGNATURE whose SHA-256 page hashes match the file', () => {
      const signature = machoSignature(file(target));
      expect(signature).toMatchObject({
        atEndOfFile: true,
        inLinkedit: true,
        identifier: executableName(target),
        hashType: 2, // SHA-256
        badPages: 0,
      });
      expect((signature?.flags ?? 0) & 0x2).toBe(0x2); // CS_ADHOC
      // Every byte before the signature is covered.
      expect(signature?.codeLimit).toBe(signature?.dataoff);
      expect(signature?.pages).toBe(Math.ceil((signature?.codeLimit ?? 0) / 4096));
    });

    it('a changed byte breaks the signature (the check can fail)', () => {
      const tampered = Buffer.from(file(target));
      const at = tampered.indexOf(SEA_FUSE_ON);
      tampered[at] = 0x20;
      expect(machoSignature(tampered)?.badPages).toBe(1);
    });
  }

  if (target.goOs === 'windows') {
    it("no longer carries Node's Authenticode signature, which the blob would have invalidated", () => {
      expect(peDataDirectory(file(target), 4)).toEqual([0, 0]);
    });
  }
});

it('the Linux executable for this machine runs its embedded bundle', () => {
  // Without Grafana's cookie the plugin explains itself and exits 1: the bundle ran, not Node's REPL.
  const host = TARGETS.find((t) => t.goOs === 'linux' && t.nodeArch === process.arch) as Target;
  const run = spawnSync(join(DIST, executableName(host)), [], { encoding: 'utf8', timeout: 30_000, env: {} });
  expect([run.status, run.stdout + run.stderr]).toEqual([1, expect.stringMatching(/Grafana launches it/)]);
});
