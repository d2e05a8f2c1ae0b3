import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adhocSign, removeSignature } from '../../backend/build/machoSignature.ts';
import { machoSegmentCommand, machoSignature } from './executableFormats.ts';

/**
 * The ad-hoc signer against an independent one that macOS on Apple silicon accepts: Go's linker
 * signs every darwin/arm64 executable it links, on any host. Re-signing a Go-built binary with our
 * code must give Go's bytes back, except `__LINKEDIT`'s vmsize (Go leaves it unrounded; we round
 * it to 16 KiB pages as Apple's ld64 does) and so the hash of the page holding it. Needs Go, as
 * the conformance suite does: skipped without it, except in CI.
 */
const hasGo = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
const describeWithGo = hasGo || process.env.CI === 'true' ? describe : describe.skip;

describeWithGo("ad-hoc signing, compared with Go's linker", () => {
  let goSigned: Buffer;

  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'sieve-macho-'));
    try {
      writeFileSync(join(dir, 'go.mod'), 'module hello\n\ngo 1.22\n');
      writeFileSync(join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');
      const build = spawnSync('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', 'hello', '.'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, GOOS: 'darwin', GOARCH: 'arm64', CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '' },
      });
      if (build.status !== 0) throw new Error(`go build failed: ${build.stderr}`);
      goSigned = readFileSync(join(dir, 'hello'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('removing the signature drops LC_CODE_SIGNATURE and cuts the file where the signature began', () => {
    const signature = machoSignature(goSigned);
    const unsigned = removeSignature(goSigned);
    expect(machoSignature(unsigned)).toBeUndefined();
    expect(unsigned.length).toBe(signature?.dataoff);
  });

  it("re-signing gives Go's signature back, byte for byte but for __LINKEDIT's vmsize and page 0's hash", () => {
    const go = machoSignature(goSigned);
    if (go === undefined) throw new Error('Go left the binary unsigned');
    const ours = adhocSign(removeSignature(goSigned), go.identifier);
    expect(ours.length).toBe(goSigned.length);
    expect(machoSignature(ours)).toMatchObject({ ...go, badPages: 0 });

    const vmsize = (machoSegmentCommand(goSigned, '__LINKEDIT') ?? 0) + 32;
    const expected = new Set([...range(vmsize, 8), ...range(go.hashesAt, 32)]);
    const differing = range(0, ours.length).filter((i) => ours[i] !== goSigned[i]);
    expect(differing.filter((i) => !expected.has(i))).toEqual([]);
    expect(ours.readBigUInt64LE(vmsize) % 0x4000n).toBe(0n);
  });
});

function range(start: number, length: number): number[] {
  return Array.from({ length }, (_, i) => start + i);
}
