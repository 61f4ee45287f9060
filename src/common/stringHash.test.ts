import { fmix32, fnv1a32, stringHash } from './stringHash';

describe('stringHash', () => {
  it('is FNV-1a 32 on the published test vectors', () => {
    // http://www.isthe.com/chongo/src/fnv/test_fnv.c (FNV1A_32 vectors).
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it("mixes with MurmurHash3's finaliser", () => {
    // MurmurHash3_x86_32 of the empty string is fmix32(seed ^ 0): 0 for seed 0, 0x514e28b7 for seed 1.
    expect(fmix32(0)).toBe(0);
    expect(fmix32(1)).toBe(0x514e28b7);
    expect(stringHash('foobar')).toBe(fmix32(0xbf9cf968));
  });
});
