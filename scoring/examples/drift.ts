import { quantileEdges, binCounts, psi, psiVerdict, driftScore, driftVerdict } from '@sieve/scoring';

// A reference window and a current window whose values moved up by 0.5.
const reference = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 2);
const current = reference.map((x) => x + 0.5);

const edges = quantileEdges(reference); // 9 interior edges → 10 bins
const ref = binCounts(edges, reference);
const cur = binCounts(edges, current);

console.log(psi(ref, cur), psiVerdict(psi(ref, cur))); // value and band: 'stable' | 'moderate' | 'significant'
console.log(driftScore('js', ref, cur)); // any measure by name
const v = driftVerdict('psi', ref, cur, { edges }); // material (band) and real (beyond sampling noise)
console.log(v.verdict, v.drift, v.pValue, v.noiseFloor);
