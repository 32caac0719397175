// A toy simulation of 16×16×1 calorimeter images for a CNN classifier: electrons, charged pions and π0 → γγ.
//
// What it models: one particle of 10–100 GeV (log-uniform) hits near the image centre (±1.5 cells of
// jitter) of a finely segmented calorimeter (cells of ~0.8 cm at 1.5 m). An electron leaves a compact EM
// shower (a narrow core plus a wider halo). A π0 decays to two photons whose separation shrinks as 1/E
// (2m/E rad: about 50/E cells when symmetric, wider when asymmetric), so at high energy the two cores merge
// and it looks like an electron, as in real calorimeters. A charged pion showers hadronically: only 55–90 % of its energy is visible, it
// spreads over a few broad sub-showers, and a random electromagnetic fraction (from π0s produced inside the
// shower) adds a compact core, so some pions look electron-like. Cells get sampling fluctuations and
// 50 MeV of Gaussian electronic noise; values are GeV / 100.
// What it is not: no longitudinal layers, no real shower library (Geant4), no magnetic field or upstream
// material, no zero suppression; shapes are Gaussian sketches, not fitted to a detector (the core is narrower
// than a real crystal's Molière radius would give at this cell size, to keep π0s resolvable).
import { makeRng, type Rng } from '../random.js';
import { balancedLabels, clamp, describe, gamma, type Dataset, type GenerateOptions } from './common.js';

export const CALO_SIZE = 16;
export const CALO_CLASSES = ['electron', 'charged_pion', 'pi0'] as const;
/** Pixel values are energies in GeV divided by this fixed scale. */
export const CALO_SCALE_GEV = 100;
const NOISE_GEV = 0.05;

/** erf with |error| < 1.5e-7 (Abramowitz & Stegun 7.1.26): enough for integrating a Gaussian over a cell. */
function erf(x: number): number {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

/** The fraction of a 1-D Gaussian (centre c, width σ, in cells) falling in each of the 16 cells. */
function profile(c: number, sigma: number, out: Float64Array): void {
  const k = 1 / (Math.SQRT2 * sigma);
  let prev = erf((0 - c) * k);
  for (let i = 0; i < CALO_SIZE; i++) {
    const next = erf((i + 1 - c) * k);
    out[i] = 0.5 * (next - prev);
    prev = next;
  }
}

/** Adds a 2-D Gaussian deposit of `energy` GeV centred at (row, col) to the image. */
function deposit(img: Float64Array, o: number, energy: number, row: number, col: number, sigma: number, pr: Float64Array, pc: Float64Array): void {
  profile(row, sigma, pr);
  profile(col, sigma, pc);
  for (let r = 0; r < CALO_SIZE; r++) {
    const er = energy * pr[r]!;
    if (er < 1e-9) continue;
    for (let c = 0; c < CALO_SIZE; c++) img[o + r * CALO_SIZE + c] += er * pc[c]!;
  }
}

/** An EM shower: 85 % in a narrow core, the rest in a halo. */
function emShower(img: Float64Array, o: number, e: number, row: number, col: number, rng: Rng, pr: Float64Array, pc: Float64Array): void {
  const core = clamp(0.85 + 0.03 * rng.normal(), 0.7, 0.95);
  deposit(img, o, e * core, row, col, 0.6, pr, pc);
  deposit(img, o, e * (1 - core), row, col, 1.8, pr, pc);
}

function render(cls: number, rng: Rng, img: Float64Array, o: number, pr: Float64Array, pc: Float64Array): void {
  const e = 10 * Math.pow(10, rng.uniform());
  const row = CALO_SIZE / 2 + 3 * (rng.uniform() - 0.5);
  const col = CALO_SIZE / 2 + 3 * (rng.uniform() - 0.5);
  if (cls === 0) {
    emShower(img, o, e * (1 + (0.1 / Math.sqrt(e)) * rng.normal()), row, col, rng, pr, pc);
  } else if (cls === 2) {
    // π0 → γγ: energy asymmetry a uniform; opening ∝ 1/(E·√(1−a²)), about 16/E cells when symmetric.
    const a = 0.9 * rng.uniform();
    const d = 50 / (e * Math.sqrt(1 - a * a));
    const angle = 2 * Math.PI * rng.uniform();
    const e1 = (e * (1 + a)) / 2;
    const dr = Math.sin(angle) * d, dc = Math.cos(angle) * d;
    // Each photon sits at the distance that keeps the energy-weighted centre on the π0 direction.
    emShower(img, o, e1, row + (dr * (e - e1)) / e, col + (dc * (e - e1)) / e, rng, pr, pc);
    emShower(img, o, e - e1, row - (dr * e1) / e, col - (dc * e1) / e, rng, pr, pc);
  } else {
    const visible = e * clamp(0.72 + 0.1 * rng.normal(), 0.55, 0.9);
    const emFraction = 0.6 * rng.uniform() * rng.uniform(); // usually small, sometimes large
    emShower(img, o, visible * emFraction, row + 0.3 * rng.normal(), col + 0.3 * rng.normal(), rng, pr, pc);
    // The hadronic part: 1–4 broad sub-showers with gamma-distributed shares.
    const parts = 1 + rng.int(4);
    const shares = Array.from({ length: parts }, () => gamma(rng, 1.5));
    const total = shares.reduce((s, v) => s + v, 0);
    for (const share of shares) {
      const sigma = 1 + 1.2 * rng.uniform();
      deposit(img, o, (visible * (1 - emFraction) * share) / total, row + 1.1 * rng.normal(), col + 1.1 * rng.normal(), sigma, pr, pc);
    }
  }
  // Sampling fluctuations (∝ √E per cell) and electronic noise, then the fixed scale. Both Box–Muller
  // outputs are used: the noise dominates the generation time.
  for (let i = o; i < o + CALO_SIZE * CALO_SIZE; i++) {
    const v = img[i]!;
    const radius = Math.sqrt(-2 * Math.log(1 - rng.uniform()));
    const angle = 2 * Math.PI * rng.uniform();
    img[i] = (v + Math.sqrt(0.02 * Math.max(0, v)) * radius * Math.cos(angle) + NOISE_GEV * radius * Math.sin(angle)) / CALO_SCALE_GEV;
  }
}

export function generateCaloImages(o: GenerateOptions): Dataset {
  const rng = makeRng(o.seed);
  const y = balancedLabels(o.samples, CALO_CLASSES.length, rng.fork());
  const pixels = CALO_SIZE * CALO_SIZE;
  const x = new Float64Array(o.samples * pixels);
  const pr = new Float64Array(CALO_SIZE), pc = new Float64Array(CALO_SIZE);
  for (let i = 0; i < o.samples; i++) render(y[i]!, rng, x, i * pixels, pr, pc);
  return {
    x: { shape: [o.samples, CALO_SIZE, CALO_SIZE, 1], data: x },
    y: { shape: [o.samples], data: Float64Array.from(y) },
    classNames: CALO_CLASSES,
    description: describe(
      `Toy calorimeter images, ${CALO_SIZE}×${CALO_SIZE}×1 (channels-last), one particle of 10–100 GeV each: electron, charged pion, π0 → γγ in equal shares; pixel = deposited energy in GeV / ${CALO_SCALE_GEV}.`,
      'cells of ~0.8 cm at 1.5 m; electrons: compact EM shower (narrow core + halo); π0: two EM showers 2m/E rad apart (they merge at high energy); charged pions: 55–90 % visible energy in a few broad sub-showers plus a random compact EM core; ±1.5 cells of position jitter, sampling fluctuations and 50 MeV electronic noise per cell.',
      'a single-layer Gaussian sketch: no longitudinal segmentation, no Geant4 showers, no magnetic field, upstream material or zero suppression.',
    ),
  };
}
