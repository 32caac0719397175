// A toy simulation of the hls4ml jet-substructure tagging task: 16 high-level features of 1 TeV jets, classes g, q, W, Z, t.
//
// What it models: each jet draws a few latent quantities from its class — the groomed (mMDT) mass, how
// two-prong and three-prong it looks, how much soft radiation it carries (gluons radiate more than quarks,
// colour-singlet W/Z least) — and the particle multiplicity from those. The 16 observables named as in the
// hls4ml dataset are smooth functions of the latents plus correlated noise (the β=1 and β=2 versions of one
// observable share most of their noise, as they share their particles). W and Z mass peaks are 11 GeV apart
// with 6.5 GeV resolution so they overlap as in reality; 10 % of W/Z and 17 % of top jets lose prongs in
// grooming, and q/g differ mainly in radiation, so a small MLP reaches ~75 %, like the real dataset.
// What it is not: no parton shower, no particles, no detector; the feature values and correlations are
// plausible in sign and rough size, not in detail. Do not quote physics performance from it.
import { makeRng, type Rng } from '../random.js';
import { balancedLabels, clamp, describe, poisson, featureDataset, type Dataset, type GenerateOptions } from './common.js';

export const JET_FEATURES = [
  'zlogz', 'c1_b0_mmdt', 'c1_b1_mmdt', 'c1_b2_mmdt', 'c2_b1_mmdt', 'c2_b2_mmdt', 'd2_b1_mmdt', 'd2_b2_mmdt',
  'd2_a1_b1_mmdt', 'd2_a1_b2_mmdt', 'm2_b1_mmdt', 'm2_b2_mmdt', 'n2_b1_mmdt', 'n2_b2_mmdt', 'mass_mmdt', 'multiplicity',
] as const;
export const JET_CLASSES = ['g', 'q', 'W', 'Z', 't'] as const;

// Per-feature mean and standard deviation of the raw features over balanced classes (measured once on
// 400k jets, seed 1, and frozen here so every generated set is scaled identically).
const MEAN = [-2.1664, 0.30677, 0.083662, 0.015757, 0.192, 0.11517, 2.3574, 1.4618, 0.51399, 0.30859, 0.062663, 0.041363, 0.20656, 0.13633, 77.425, 36.601];
const STD = [0.1551, 0.07513, 0.05275, 0.01779, 0.07066, 0.04437, 0.9337, 0.5787, 0.209, 0.1256, 0.02618, 0.01734, 0.07033, 0.04676, 51.44, 9.806];

interface Latent { mass: number; twoProng: number; threeProng: number; radiation: number }

const JET_PT = 1000; // GeV: the hls4ml sample's jets are all near 1 TeV

/** A QCD-like groomed mass: log-normal around `median`. */
function qcdMass(rng: Rng, median: number): number {
  return median * Math.exp(0.55 * rng.normal());
}

function latent(cls: number, rng: Rng): Latent {
  const n = (): number => rng.normal();
  switch (cls) {
    case 0: // gluon: one prong, most radiation
      return { mass: qcdMass(rng, 34), twoProng: clamp(0.25 + 0.15 * n(), 0, 1), threeProng: clamp(0.2 + 0.1 * n(), 0, 1), radiation: clamp(1.1 + 0.25 * n(), 0.1, 2) };
    case 1: // light quark: one prong, less radiation (C_F < C_A)
      return { mass: qcdMass(rng, 26), twoProng: clamp(0.25 + 0.15 * n(), 0, 1), threeProng: clamp(0.2 + 0.1 * n(), 0, 1), radiation: clamp(0.6 + 0.22 * n(), 0.1, 2) };
    case 2:
    case 3: {
      // W (80.4) or Z (91.2): two prongs; 10 % lose one prong in grooming and look like a quark jet.
      const peak = cls === 2 ? 80.4 : 91.2;
      const lost = rng.uniform() < 0.1;
      return {
        mass: lost ? qcdMass(rng, 30) : peak + 6.5 * n(),
        twoProng: clamp((lost ? 0.35 : 0.75) + 0.13 * n(), 0, 1),
        threeProng: clamp(0.2 + 0.1 * n(), 0, 1),
        radiation: clamp(0.5 + 0.22 * n(), 0.1, 2),
      };
    }
    default: {
      // top: three prongs at 173 GeV; 12 % lose the b and look like a W, 5 % keep one prong only.
      const u = rng.uniform();
      const mode = u < 0.12 ? 'w' : u < 0.17 ? 'one' : 'full';
      return {
        mass: mode === 'full' ? 173 + 17 * n() : mode === 'w' ? 80.4 + 11 * n() : qcdMass(rng, 45),
        twoProng: clamp((mode === 'w' ? 0.7 : mode === 'one' ? 0.3 : 0.45) + 0.15 * n(), 0, 1),
        threeProng: clamp((mode === 'full' ? 0.75 : 0.3) + 0.12 * n(), 0, 1),
        radiation: clamp(0.8 + 0.25 * n(), 0.1, 2),
      };
    }
  }
}

/** The 16 raw observables of one jet, written into `out` at `o`. */
function observe(l: Latent, rng: Rng, out: Float64Array, o: number): void {
  const n = (): number => rng.normal();
  const mass = Math.max(1, l.mass * (1 + 0.04 * n()));
  const mult = poisson(rng, 16 + 20 * l.radiation + 0.07 * l.mass + 4 * l.threeProng);
  const r = l.radiation;
  const notTwo = 1 - l.twoProng;
  const x = mass / JET_PT;
  // Shared noise per observable family: the β=1 and β=2 variants see the same particles.
  const eC1 = n(), eC2 = n(), eD2 = n(), eDa = n(), eM2 = n(), eN2 = n();
  const mix = (shared: number): number => 0.8 * shared + 0.6 * n();
  out[o] = -(0.9 + 0.32 * Math.log(mult) + 0.18 * r) + 0.08 * n();
  out[o + 1] = 0.16 + 0.14 * r + 0.06 * l.threeProng + 0.0004 * mass + 0.05 * mix(eC1);
  out[o + 2] = 0.9 * x + 0.02 * r + 0.025 * mix(eC1);
  out[o + 3] = 1.5 * x * x + 0.004 * r + 0.008 * mix(eC1);
  const c2 = 0.05 + 0.16 * notTwo + 0.08 * l.threeProng + 0.05 * r;
  out[o + 4] = c2 + 0.045 * mix(eC2);
  out[o + 5] = 0.6 * c2 + 0.03 * mix(eC2);
  const d2 = 0.4 + 2.2 * notTwo + 0.9 * l.threeProng + 0.7 * r;
  out[o + 6] = d2 * Math.exp(0.22 * mix(eD2));
  out[o + 7] = 0.62 * d2 * Math.exp(0.22 * mix(eD2));
  const da = 0.1 + 0.45 * notTwo + 0.2 * l.threeProng + 0.15 * r;
  out[o + 8] = da * Math.exp(0.25 * mix(eDa));
  out[o + 9] = 0.6 * da * Math.exp(0.25 * mix(eDa));
  const m2 = 0.015 + 0.06 * notTwo + 0.02 * l.threeProng + 0.015 * r;
  out[o + 10] = m2 + 0.018 * mix(eM2);
  out[o + 11] = 0.66 * m2 + 0.012 * mix(eM2);
  const n2 = 0.06 + 0.18 * notTwo + 0.06 * l.threeProng + 0.05 * r;
  out[o + 12] = n2 + 0.04 * mix(eN2);
  out[o + 13] = 0.66 * n2 + 0.027 * mix(eN2);
  out[o + 14] = mass;
  out[o + 15] = mult;
}

/** Raw (unstandardized) features and labels; exported for the scaling constants' measurement. */
export function rawJets(samples: number, seed: number): { x: Float64Array; y: Int32Array } {
  const rng = makeRng(seed);
  const y = balancedLabels(samples, JET_CLASSES.length, rng.fork());
  const x = new Float64Array(samples * JET_FEATURES.length);
  for (let i = 0; i < samples; i++) observe(latent(y[i]!, rng), rng, x, i * JET_FEATURES.length);
  return { x, y };
}

export function generateJets(o: GenerateOptions): Dataset {
  return featureDataset(rawJets(o.samples, o.seed), { mean: MEAN, std: STD }, { features: JET_FEATURES, classes: JET_CLASSES }, describe(
    'Toy jet-substructure tagging (hls4ml jet dataset style): 16 standardized high-level features of ~1 TeV jets; classes g, q, W, Z, t in equal shares.',
    'per class, latent groomed mass (W 80.4, Z 91.2, t 173 GeV peaks with detector-like smearing; QCD log-normal), two-/three-prongness and soft-radiation amount; multiplicity is Poisson in these; each observable is a smooth function of the latents plus correlated noise; W/Z/t jets sometimes lose a prong in grooming. Standardized with constants fixed in the code.',
    'not a parton shower or detector simulation; feature values and correlations are plausible in sign and rough size only. Useful to exercise training, quantization and firmware; not for physics conclusions.',
  ));
}
