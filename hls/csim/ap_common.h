// hlsnet's own arbitrary-precision types for g++ C simulation: shared core.
// Written from the documented behaviour of Vitis HLS ap_int/ap_fixed (UG1399); the numeric
// contract is the project's (ir/OPS.md, src/fixed/quantize.ts), bit for bit.
//
// Storage: every type keeps its W-bit two's-complement pattern in an unsigned __int128,
// sign-extended (signed types) or zero-extended (unsigned) to 128 bits, so W <= 128.
#ifndef HLSNET_AP_COMMON_H
#define HLSNET_AP_COMMON_H

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <type_traits>

enum ap_q_mode { AP_RND, AP_RND_ZERO, AP_RND_MIN_INF, AP_RND_INF, AP_RND_CONV, AP_TRN, AP_TRN_ZERO };
enum ap_o_mode { AP_SAT, AP_SAT_ZERO, AP_SAT_SYM, AP_WRAP, AP_WRAP_SM };

template <int W, bool S> class ap_int_base;
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N> class ap_fixed_base;

namespace ap_detail {

__extension__ typedef unsigned __int128 u128;
__extension__ typedef __int128 i128;

/** The low w bits set (w in [0, 128]). */
constexpr u128 low_mask(int w) { return w <= 0 ? u128(0) : w >= 128 ? ~u128(0) : (u128(1) << w) - 1; }

/** Reduces any 128-bit pattern to the canonical storage of a W-bit type (modulo 2^W). */
template <int W, bool S>
constexpr u128 canon(u128 v) {
  if (W >= 128) return v;
  v &= low_mask(W);
  if (S && ((v >> (W - 1)) & 1)) v |= ~low_mask(W);
  return v;
}

/** An exact value (neg ? -1 : 1) * mag * 2^-frac; `inf` stands for a magnitude beyond any type. */
struct num {
  bool neg;
  u128 mag;
  int frac;
  bool inf;
};

constexpr num from_bits(u128 bits, bool s, int frac) {
  if (s && static_cast<i128>(bits) < 0) return num{true, u128(0) - bits, frac, false};
  return num{false, bits, frac, false};
}

[[noreturn]] inline void fail(const char* msg) {
  std::fprintf(stderr, "hlsnet csim: %s\n", msg);
  std::fflush(stderr);
  std::abort();
}

/**
 * A finite double is exactly m * 2^e with |m| < 2^53; NaN and infinities have no fixed-point value.
 * constexpr (scaling by powers of two is exact), so constant weight tables of thousands of
 * entries are initialized at compile time instead of by generated start-up code.
 */
constexpr num from_double(double d) {
  if (d != d) fail("cannot convert NaN to an ap_[u]fixed/ap_[u]int value");
  if (d - d != 0) fail("cannot convert an infinite double to an ap_[u]fixed/ap_[u]int value");
  if (d == 0) return num{false, 0, 0, false};
  double a = d < 0 ? -d : d;
  int e = 0;
  // Scale into [2^52, 2^53) by exact powers of two: 2^64 steps, then single steps.
  const double two52 = 4503599627370496.0, two53 = 9007199254740992.0, two64 = 18446744073709551616.0;
  while (a >= two53 * two64) { a /= two64; e += 64; }
  while (a >= two53) { a /= 2; e += 1; }
  while (a < two52 / two64) { a *= two64; e -= 64; }
  while (a < two52) { a *= 2; e -= 1; }
  return num{d < 0, static_cast<u128>(static_cast<std::uint64_t>(a)), -e, false};
}

/** Position of the highest set bit plus one (0 for 0). */
inline int bit_length(u128 v) {
  int n = 0;
  while (v >> 64) { v >>= 64; n += 64; }
  auto lo = static_cast<std::uint64_t>(v);
  return lo == 0 ? n : n + 64 - __builtin_clzll(lo);
}

/** canon<W, S> with W and S known only at run time. */
constexpr u128 canon_rt(u128 v, int w, bool s) {
  if (w >= 128) return v;
  v &= low_mask(w);
  if (s && ((v >> (w - 1)) & 1)) v |= ~low_mask(w);
  return v;
}

/**
 * Rounds the magnitude mag * 2^-sh (sh >= 1) to an integer by mode q; `neg` is the sign of the value.
 * Never overflows: the quotient is at most mag / 2, so adding one fits.
 */
constexpr u128 round_shift(u128 mag, int sh, bool neg, ap_q_mode q_mode) {
  u128 q = sh >= 128 ? u128(0) : mag >> sh;
  u128 rem = sh >= 128 ? mag : mag & low_mask(sh);
  if (rem == 0) return q;
  // Compare the dropped part with half an LSB (2^(sh-1), beyond any magnitude when sh > 128).
  int cmp = sh > 128 ? -1 : rem < (u128(1) << (sh - 1)) ? -1 : rem == (u128(1) << (sh - 1)) ? 0 : 1;
  bool up = false;
  switch (q_mode) {
    case AP_TRN: up = neg; break;
    case AP_TRN_ZERO: up = false; break;
    case AP_RND: up = cmp > 0 || (cmp == 0 && !neg); break;
    case AP_RND_ZERO: up = cmp > 0; break;
    case AP_RND_MIN_INF: up = cmp > 0 || (cmp == 0 && neg); break;
    case AP_RND_INF: up = cmp >= 0; break;
    case AP_RND_CONV: up = cmp > 0 || (cmp == 0 && (q & 1)); break;
  }
  return up ? q + 1 : q;
}

/**
 * The project's conversion: round x to the LSB 2^-f by q_mode, then apply o_mode for a w-bit
 * type (signed if s). Returns the canonical storage of the result. One out-of-template function
 * keeps the code (and compile time) of kernels with thousands of conversions small.
 */
constexpr u128 quantize_rt(const num& x, int w, int f, bool s, ap_q_mode q_mode, ap_o_mode o_mode) {
  bool huge = x.inf;  // the magnitude is >= 2^128 (then m holds its low 128 bits)
  u128 m = 0;
  if (!x.inf) {
    int sh = x.frac - f;
    if (sh > 0) {
      m = round_shift(x.mag, sh, x.neg, q_mode);
    } else if (sh == 0 || x.mag == 0) {
      m = x.mag;
    } else if (-sh >= 128) {
      huge = true;
    } else {
      huge = (x.mag >> (128 + sh)) != 0;
      m = x.mag << -sh;
    }
  }
  const bool neg = x.neg && (huge || m != 0);
  const u128 max_mag = s ? low_mask(w - 1) : low_mask(w);  // |max|
  const u128 min_mag = s ? u128(1) << (w - 1) : u128(0);   // |min|
  const u128 wrapped = canon_rt(neg ? u128(0) - m : m, w, s);
  if (o_mode == AP_WRAP) return wrapped;
  if (o_mode == AP_SAT_SYM && s) {
    if (!huge && m <= max_mag) return wrapped;
    return neg ? u128(0) - max_mag : max_mag;
  }
  const bool over = huge || (neg ? m > min_mag : m > max_mag);
  if (!over) return wrapped;
  if (o_mode == AP_SAT_ZERO) return 0;
  return neg ? canon_rt(u128(0) - min_mag, w, s) : max_mag;  // AP_SAT, and AP_SAT_SYM when unsigned
}

template <int W, int F, bool S, ap_q_mode Q, ap_o_mode O>
inline u128 quantize(const num& x) {
  static_assert(W >= 1 && W <= 128, "hlsnet csim: widths 1..128 only");
  static_assert(O != AP_WRAP_SM, "hlsnet csim: AP_WRAP_SM is not supported");
  return quantize_rt(x, W, F, S, Q, O);
}

/** The nearest IEEE value (ties to even) with `mant` significant bits and LSB >= 2^min_lsb. */
inline double to_fp(const num& x, int mant, int min_lsb) {
  if (x.mag == 0) return 0.0;
  int top = bit_length(x.mag) - 1 - x.frac;  // the value lies in [2^top, 2^(top+1))
  int lsb = top - (mant - 1) < min_lsb ? min_lsb : top - (mant - 1);
  int sh = lsb + x.frac;
  u128 m = sh > 0 ? round_shift(x.mag, sh, false, AP_RND_CONV) : x.mag;
  if (sh < 0) lsb = -x.frac;  // exact already: keep the value's own LSB
  double v = std::ldexp(static_cast<double>(m), lsb);  // m has at most `mant`+1 bits: exact
  return x.neg ? -v : v;
}

/** Compares two exact values: -1, 0 or 1. */
inline int compare(const num& a, const num& b) {
  bool za = !a.inf && a.mag == 0, zb = !b.inf && b.mag == 0;
  bool na = a.neg && !za, nb = b.neg && !zb;
  if (za && zb) return 0;
  if (na != nb) return na ? -1 : 1;
  // Same sign: compare magnitudes, then flip for negatives.
  int c;
  if (a.inf || b.inf) {
    c = a.inf == b.inf ? 0 : a.inf ? 1 : -1;
  } else {
    // Align to the larger frac; a left shift that overflows 128 bits makes that side larger.
    const num& lo = a.frac < b.frac ? a : b;  // fewer fractional bits: shift it up
    const num& hi = a.frac < b.frac ? b : a;
    int d = hi.frac - lo.frac;
    int cl;  // compare(lo, hi) on magnitudes
    if (lo.mag == 0) cl = hi.mag == 0 ? 0 : -1;
    else if (d >= 128 || (d > 0 && (lo.mag >> (128 - d)) != 0)) cl = 1;
    else {
      u128 l = lo.mag << d;
      cl = l < hi.mag ? -1 : l == hi.mag ? 0 : 1;
    }
    c = a.frac < b.frac ? cl : -cl;
  }
  return na ? -c : c;
}

/** The format of an operand of the ap operators; `ok` is false for every other type. */
template <class T, class = void>
struct traits {
  static constexpr bool ok = false;
  static constexpr bool is_ap = false;
  static constexpr bool is_int = false;
  static constexpr int W = 0;
  static constexpr int F = 0;
  static constexpr bool S = false;
};

/** A C integer type reads as ap_[u]int of its width (int = ap_int<32>, bool = ap_uint<1>). */
template <class T>
struct traits<T, typename std::enable_if<std::is_integral<T>::value>::type> {
  static constexpr bool ok = true;
  static constexpr bool is_ap = false;
  static constexpr bool is_int = true;
  static constexpr int W = std::is_same<T, bool>::value ? 1 : int(sizeof(T) * 8);
  static constexpr int F = 0;
  static constexpr bool S = std::is_signed<T>::value;
  static constexpr u128 bits(T v) { return S ? static_cast<u128>(static_cast<i128>(v)) : static_cast<u128>(v); }
};

/** Every ap base class names its format in ap_W/ap_F/ap_S/ap_is_int and keeps bits in bits_. */
template <class T>
struct traits<T, typename std::enable_if<(T::ap_W > 0)>::type> {
  static constexpr bool ok = true;
  static constexpr bool is_ap = true;
  static constexpr bool is_int = T::ap_is_int;
  static constexpr int W = T::ap_W;
  static constexpr int F = T::ap_F;
  static constexpr bool S = T::ap_S;
  static constexpr u128 bits(const T& v) { return v.bits_; }
};

template <class T>
constexpr num to_num(const T& v) {
  return from_bits(traits<T>::bits(v), traits<T>::S, traits<T>::F);
}

/** Tag for the constructors that take canonical storage directly. */
struct raw_tag {};

}  // namespace ap_detail

#endif
