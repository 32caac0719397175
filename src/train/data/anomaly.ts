// A toy simulation for autoencoder anomaly detection: background-like trigger events (physics objects' pT, η, φ) with optional injected anomalies.
//
// What it models, loosely after the L1 anomaly-detection challenge: each event lists MET, the leading e/γ,
// the leading muon and the four leading jets (pT > 30 GeV), with φ measured from the leading jet (the
// detector is symmetric in φ, so only differences carry information). Background is 80 % QCD multijet
// (power-law leading-jet pT, a recoiling second jet, softer extra jets, MET from jet mismeasurement, the odd
// non-isolated lepton inside a jet), 15 % W(→ℓν)+jets (Jacobian-peaked lepton pT, MET opposite the lepton),
// 5 % tt̄-like (four harder jets, a lepton, MET). Anomalies come in four kinds in equal shares: a 1 TeV
// dijet resonance, a 300 GeV eμ resonance, a mono-jet recoiling against invisible particles, and four soft
// isotropic jets of similar pT (h → aa → 4b-like, close to QCD in pT). pT enters as log(1 + pT/GeV);
// absent objects are zeros; every feature is then standardized with background constants fixed in the code.
// What it is not: no matrix elements, parton shower, pileup or detector; rates and shapes are plausible,
// not measured. It exercises autoencoder training and anomaly scoring, nothing more.
import { makeRng, type Rng } from '../random.js';
import { clamp, describe, gamma, featureDataset, type Dataset, type GenerateOptions } from './common.js';

export const ANOMALY_FEATURES = [
  'met_log_pt', 'met_dphi', 'egamma_log_pt', 'egamma_eta', 'egamma_dphi', 'muon_log_pt', 'muon_eta', 'muon_dphi',
  'jet1_log_pt', 'jet1_eta', 'jet2_log_pt', 'jet2_eta', 'jet2_dphi', 'jet3_log_pt', 'jet3_eta', 'jet3_dphi',
  'jet4_log_pt', 'jet4_eta', 'jet4_dphi', 'log_ht',
] as const;
export const ANOMALY_KINDS = ['dijet-resonance', 'emu-resonance', 'monojet-invisible', 'soft-multijet'] as const;

// Background mean and standard deviation per feature (measured once on 400k background events, seed 1;
// the means of η and φ, symmetric by construction, are set to 0).
const MEAN = [2.4799, 0, 0.52148, 0, 0, 0.45952, 0, 0, 4.0992, 0, 3.3687, 0, 0, 0.91727, 0, 0, 0.30582, 0, 0, 4.6742];
const STD = [0.7897, 1.787, 1.207, 0.5748, 0.9379, 1.174, 0.5023, 0.8629, 0.4848, 1.527, 1.422, 1.366, 2.591, 1.66, 0.8173, 0.9109, 1.055, 0.4148, 0.5075, 0.6549];

const JET_THRESHOLD = 30; // GeV

interface Obj { pt: number; eta: number; phi: number }
interface Event { jets: Obj[]; egamma?: Obj; muon?: Obj; invisible?: Obj }

/** Power-law pT above `min` with density ∝ pT^-(index+1). */
function powerLaw(rng: Rng, min: number, index: number): number {
  return min * Math.pow(1 - rng.uniform(), -1 / index);
}

function wrap(phi: number): number {
  return phi - 2 * Math.PI * Math.round(phi / (2 * Math.PI));
}

const eta = (rng: Rng, width: number, max: number): number => clamp(width * rng.normal(), -max, max);
const isoPhi = (rng: Rng): number => Math.PI * (2 * rng.uniform() - 1);

function qcd(rng: Rng): Event {
  const pt1 = Math.min(powerLaw(rng, 45, 3.5), 2000);
  const eta1 = eta(rng, 1.5, 4.5);
  const jets: Obj[] = [{ pt: pt1, eta: eta1, phi: 0 }, { pt: pt1 * clamp(0.82 + 0.12 * rng.normal(), 0.3, 1), eta: clamp(0.3 * eta1 + 1.4 * rng.normal(), -4.5, 4.5), phi: Math.PI + 0.3 * rng.normal() }];
  let pt = jets[1]!.pt;
  for (let k = 0; k < 4 && rng.uniform() < 0.55; k++) {
    pt *= 0.3 + 0.6 * rng.uniform();
    jets.push({ pt, eta: eta(rng, 1.8, 4.5), phi: isoPhi(rng) });
  }
  const ev: Event = { jets };
  // Heavy-flavour decays put soft, non-isolated leptons next to a jet.
  const host = jets[rng.int(jets.length)]!;
  if (rng.uniform() < 0.1) ev.egamma = { pt: 0.15 * host.pt * gamma(rng, 2) / 2, eta: host.eta + 0.1 * rng.normal(), phi: host.phi + 0.1 * rng.normal() };
  if (rng.uniform() < 0.06) ev.muon = { pt: 0.15 * host.pt * gamma(rng, 2) / 2, eta: host.eta + 0.1 * rng.normal(), phi: host.phi + 0.1 * rng.normal() };
  return ev;
}

function wJets(rng: Rng): Event {
  const jets: Obj[] = [{ pt: powerLaw(rng, 32, 3), eta: eta(rng, 1.8, 4.5), phi: 0 }];
  if (rng.uniform() < 0.35) jets.push({ pt: JET_THRESHOLD + 0.5 * (jets[0]!.pt - JET_THRESHOLD) * rng.uniform(), eta: eta(rng, 1.8, 4.5), phi: isoPhi(rng) });
  // The lepton's Jacobian peak at m_W/2, boosted by the W's recoil against the jets (roughly opposite them).
  const c = 2 * rng.uniform() - 1;
  const lpt = 40.2 * Math.sqrt(1 - c * c) * (1 + 0.15 * rng.normal()) + 0.3 * jets[0]!.pt * rng.uniform();
  const lphi = Math.PI + 0.8 * rng.normal();
  const lepton: Obj = { pt: Math.max(5, lpt), eta: eta(rng, 1.2, 2.5), phi: lphi };
  const nu: Obj = { pt: Math.max(1, lpt * (0.8 + 0.3 * rng.normal())), eta: 0, phi: lphi + Math.PI + 0.5 * rng.normal() };
  return rng.uniform() < 0.5 ? { jets, egamma: lepton, invisible: nu } : { jets, muon: lepton, invisible: nu };
}

function ttbar(rng: Rng): Event {
  const jets: Obj[] = [];
  for (let k = 0; k < 4; k++) jets.push({ pt: 30 + 70 * gamma(rng, 2) / 2, eta: eta(rng, 1.3, 4.5), phi: k === 0 ? 0 : isoPhi(rng) });
  const lepton: Obj = { pt: 20 + 40 * gamma(rng, 2) / 2, eta: eta(rng, 1.2, 2.5), phi: isoPhi(rng) };
  const nu: Obj = { pt: 20 + 40 * gamma(rng, 2) / 2, eta: 0, phi: isoPhi(rng) };
  return rng.uniform() < 0.5 ? { jets, egamma: lepton, invisible: nu } : { jets, muon: lepton, invisible: nu };
}

function anomaly(kind: number, rng: Rng): Event {
  switch (kind) {
    case 0: { // a 1 TeV resonance decaying to two jets: both near m/2 · sin θ*, back to back
      const s = Math.sqrt(1 - (0.6 * rng.uniform()) ** 2);
      return { jets: [{ pt: 500 * s * (1 + 0.08 * rng.normal()), eta: eta(rng, 0.8, 2.5), phi: 0 }, { pt: 500 * s * (1 + 0.08 * rng.normal()), eta: eta(rng, 0.8, 2.5), phi: Math.PI + 0.1 * rng.normal() }] };
    }
    case 1: { // a 300 GeV eμ resonance plus a soft ISR jet
      const s = Math.sqrt(1 - (0.6 * rng.uniform()) ** 2);
      const phi = isoPhi(rng);
      return { jets: [{ pt: powerLaw(rng, 32, 3), eta: eta(rng, 1.8, 4.5), phi: 0 }], egamma: { pt: 150 * s * (1 + 0.05 * rng.normal()), eta: eta(rng, 1, 2.5), phi }, muon: { pt: 150 * s * (1 + 0.05 * rng.normal()), eta: eta(rng, 1, 2.5), phi: phi + Math.PI } };
    }
    case 2: { // one hard jet recoiling against invisible particles (dark-matter-like)
      const pt = 150 + 150 * gamma(rng, 2) / 2;
      return { jets: [{ pt, eta: eta(rng, 1.2, 2.5), phi: 0 }], invisible: { pt: pt * (0.9 + 0.1 * rng.normal()), eta: 0, phi: Math.PI + 0.15 * rng.normal() } };
    }
    default: { // four soft, isotropic jets of similar pT (h → aa → 4b-like)
      const jets: Obj[] = [];
      for (let k = 0; k < 4; k++) jets.push({ pt: 35 + 12 * rng.uniform(), eta: eta(rng, 1.2, 2.5), phi: k === 0 ? 0 : isoPhi(rng) });
      return { jets };
    }
  }
}

/** The 20 features of one event (before standardization) into `out` at `o`. */
function encode(ev: Event, rng: Rng, out: Float64Array, o: number): void {
  const jets = ev.jets.map((j) => ({ ...j, pt: j.pt * (1 + 0.1 * rng.normal()) })).filter((j) => j.pt > JET_THRESHOLD).sort((a, b) => b.pt - a.pt);
  const ref = jets[0]?.phi ?? 0;
  // MET: minus the vector sum of what was measured, with the invisible particles' momentum left out.
  let mx = 5 * rng.normal(), my = 5 * rng.normal();
  for (const j of ev.jets) {
    const d = 0.1 * rng.normal() * j.pt; // each jet's mismeasurement
    mx -= d * Math.cos(j.phi);
    my -= d * Math.sin(j.phi);
  }
  if (ev.invisible) {
    mx += ev.invisible.pt * Math.cos(ev.invisible.phi);
    my += ev.invisible.pt * Math.sin(ev.invisible.phi);
  }
  const lg = (pt: number): number => Math.log1p(pt);
  out[o] = lg(Math.hypot(mx, my));
  out[o + 1] = wrap(Math.atan2(my, mx) - ref);
  const lepton = (l: Obj | undefined, at: number): void => {
    if (!l) return; // absent: zeros, as in the L1 challenge's zero padding
    out[at] = lg(l.pt);
    out[at + 1] = l.eta;
    out[at + 2] = wrap(l.phi - ref);
  };
  lepton(ev.egamma, o + 2);
  lepton(ev.muon, o + 5);
  for (let k = 0; k < Math.min(4, jets.length); k++) {
    const j = jets[k]!;
    const at = k === 0 ? o + 8 : o + 10 + 3 * (k - 1);
    out[at] = lg(j.pt);
    out[at + 1] = j.eta;
    if (k > 0) out[at + 2] = wrap(j.phi - ref);
  }
  out[o + 19] = lg(jets.reduce((s, j) => s + j.pt, 0));
}

/** Raw features, anomaly flags and kinds (−1 for background); exported for tests and the scaling constants. */
export function rawAnomaly(samples: number, seed: number, anomalyFraction = 0): { x: Float64Array; y: Int32Array; kind: Int32Array } {
  const rng = makeRng(seed);
  const order = rng.fork();
  const count = Math.round(samples * anomalyFraction);
  // Exactly `count` anomalies, cycling through the kinds, at seeded random positions.
  const kind = Int32Array.from({ length: samples }, (_, i) => (i < count ? i % ANOMALY_KINDS.length : -1));
  for (let i = samples - 1; i > 0; i--) {
    const j = order.int(i + 1);
    const t = kind[i]!;
    kind[i] = kind[j]!;
    kind[j] = t;
  }
  const f = ANOMALY_FEATURES.length;
  const x = new Float64Array(samples * f);
  for (let i = 0; i < samples; i++) {
    const k = kind[i]!;
    const u = rng.uniform();
    const ev = k >= 0 ? anomaly(k, rng) : u < 0.8 ? qcd(rng) : u < 0.95 ? wJets(rng) : ttbar(rng);
    encode(ev, rng, x, i * f);
  }
  return { x, y: Int32Array.from(kind, (k) => (k >= 0 ? 1 : 0)), kind };
}

export function generateAnomaly(o: GenerateOptions): Dataset {
  const fraction = o.anomalyFraction ?? 0;
  return featureDataset(rawAnomaly(o.samples, o.seed, fraction), { mean: MEAN, std: STD }, { features: ANOMALY_FEATURES, classes: ['background', 'anomaly'] }, describe(
    `Toy trigger events for autoencoder anomaly detection (L1 anomaly-detection challenge style): MET, leading e/γ, leading muon and four leading jets as 20 standardized features; y = 1 marks an injected anomaly (fraction ${fraction}).`,
    `background is 80 % QCD multijet, 15 % W(→ℓν)+jets, 5 % tt̄-like; anomalies, in equal shares: ${ANOMALY_KINDS.join(', ')}. pT as log(1 + pT/GeV), φ relative to the leading jet, absent objects zero; standardized with background constants fixed in the code. Train the autoencoder on background (anomaly fraction 0) and score by reconstruction error.`,
    'no matrix elements, parton shower, pileup or detector; rates and shapes are plausible, not measured.',
  ));
}
