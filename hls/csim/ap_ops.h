// Operators on ap_[u]int / ap_[u]fixed: full-precision arithmetic, exact comparisons, shifts.
// A C integer operand is read as ap_[u]int of its width (int = ap_int<32>). Results of + - *
// are exact (AP_TRN / AP_WRAP types wide enough); only assignment into a type quantizes.
#ifndef HLSNET_AP_OPS_H
#define HLSNET_AP_OPS_H

#include <ostream>
#include <string>
#include <vector>

#include "ap_fixed_base.h"

namespace ap_detail {

constexpr int max_(int a, int b) { return a > b ? a : b; }

/** The result type: ap_int_base when both operands are integers, else ap_fixed_base (AP_TRN, AP_WRAP). */
template <int W, int F, bool S, bool IsInt>
struct result {
  typedef ap_fixed_base<W, W - F, S, AP_TRN, AP_WRAP, 0> type;
};
template <int W, bool S>
struct result<W, 0, S, true> {
  typedef ap_int_base<W, S> type;
};

/** Result types for two operands (ap types or C integers, at least one an ap type). */
template <class A, class B>
struct binop {
  typedef traits<A> TA;
  typedef traits<B> TB;
  static constexpr bool ints = TA::is_int && TB::is_int;
  static constexpr int Fa = TA::F, Fb = TB::F, Ia = TA::W - TA::F, Ib = TB::W - TB::F;
  static constexpr bool Sa = TA::S, Sb = TB::S;
  // Sum/difference: F = max(Fa, Fb), I = max(Ia + (Sb && !Sa), Ib + (Sa && !Sb)) + 1.
  static constexpr int add_F = max_(Fa, Fb);
  static constexpr int add_I = max_(Ia + (Sb && !Sa), Ib + (Sa && !Sb)) + 1;
  typedef typename result<add_I + add_F, add_F, Sa || Sb, ints>::type add_t;
  typedef typename result<add_I + add_F, add_F, true, ints>::type sub_t;
  typedef typename result<TA::W + TB::W, Fa + Fb, Sa || Sb, ints>::type mul_t;
  typedef typename result<max_(TA::W + (Sb && !Sa), TB::W + (Sa && !Sb)), 0, Sa || Sb, true>::type logic_t;
};

// The guards read only traits, so that other types' operators never instantiate binop.
template <class A, class B>
using if_arith = typename std::enable_if<traits<A>::ok && traits<B>::ok && (traits<A>::is_ap || traits<B>::is_ap)>::type;
template <class A, class B>
using if_logic = typename std::enable_if<traits<A>::ok && traits<B>::ok && (traits<A>::is_ap || traits<B>::is_ap) &&
                                         traits<A>::is_int && traits<B>::is_int>::type;
template <class A, class D>
using if_float = typename std::enable_if<traits<A>::is_ap && std::is_floating_point<D>::value>::type;
template <class A, class N>
using if_shift = typename std::enable_if<traits<A>::is_ap && traits<N>::ok && traits<N>::is_int>::type;
template <class A>
using if_ap = typename std::enable_if<traits<A>::is_ap>::type;

/** v's storage moved to R's LSB (R has at least v's fractional bits). */
template <class R, class T>
inline u128 align(const T& v) {
  return traits<T>::bits(v) << (traits<R>::F - traits<T>::F);
}

/** The exact double for comparisons: NaN reports `nan`, infinities compare beyond every value. */
inline num cmp_num(double d, bool& nan) {
  nan = std::isnan(d);
  if (nan) return num{false, 0, 0, false};
  if (std::isinf(d)) return num{d < 0, 0, 0, true};
  return from_double(d);
}

/** A shift amount, clamped far beyond 128 (any larger shift gives the same bits). */
template <class N>
inline int shift_amount(const N& n) {
  num x = to_num(n);
  int m = x.mag > 4096 ? 4096 : static_cast<int>(x.mag);
  return x.neg ? -m : m;
}

template <int W, bool S>
inline u128 shift_bits(u128 bits, int sh) {
  if (sh >= 0) return canon<W, S>(sh >= 128 ? u128(0) : bits << sh);
  sh = -sh;
  if (S) return static_cast<u128>(static_cast<i128>(bits) >> (sh > 127 ? 127 : sh));
  return sh >= 128 ? u128(0) : bits >> sh;
}

/** Exact decimal text of (neg ? -1 : 1) * mag * 2^-frac. */
inline std::string to_decimal(const num& x) {
  std::vector<unsigned char> d;  // little-endian decimal digits
  for (u128 m = x.mag; m != 0; m /= 10) d.push_back(static_cast<unsigned char>(m % 10));
  auto mul = [&d](unsigned k) {
    unsigned carry = 0;
    for (auto& digit : d) {
      unsigned v = digit * k + carry;
      digit = static_cast<unsigned char>(v % 10);
      carry = v / 10;
    }
    for (; carry; carry /= 10) d.push_back(static_cast<unsigned char>(carry % 10));
  };
  // m * 2^-f = m * 5^f / 10^f for f > 0; m * 2^|f| otherwise.
  int point = x.frac > 0 ? x.frac : 0;
  for (int i = 0; i < (x.frac > 0 ? x.frac : -x.frac) && !d.empty(); ++i) mul(x.frac > 0 ? 5 : 2);
  while (static_cast<int>(d.size()) <= point) d.push_back(0);
  int lo = 0;
  while (lo < point && d[lo] == 0) ++lo;  // trailing zeros of the fraction
  std::string s = x.neg && x.mag != 0 ? "-" : "";
  for (int i = static_cast<int>(d.size()) - 1; i >= lo; --i) {
    if (i == point - 1) s += '.';
    s += static_cast<char>('0' + d[i]);
  }
  return s;
}

}  // namespace ap_detail

template <class A, class B, class = ap_detail::if_arith<A, B>>
inline typename ap_detail::binop<A, B>::add_t operator+(const A& a, const B& b) {
  typedef typename ap_detail::binop<A, B>::add_t R;
  return R(ap_detail::raw_tag(), ap_detail::align<R>(a) + ap_detail::align<R>(b));
}

template <class A, class B, class = ap_detail::if_arith<A, B>>
inline typename ap_detail::binop<A, B>::sub_t operator-(const A& a, const B& b) {
  typedef typename ap_detail::binop<A, B>::sub_t R;
  return R(ap_detail::raw_tag(), ap_detail::align<R>(a) - ap_detail::align<R>(b));
}

// The 128-bit product of the sign/zero-extended operands is exact modulo 2^128, and the
// full-precision result (at most 128 bits wide) is exactly its low bits.
template <class A, class B, class = ap_detail::if_arith<A, B>>
inline typename ap_detail::binop<A, B>::mul_t operator*(const A& a, const B& b) {
  typedef typename ap_detail::binop<A, B>::mul_t R;
  return R(ap_detail::raw_tag(), ap_detail::traits<A>::bits(a) * ap_detail::traits<B>::bits(b));
}

template <class A, class B, class = ap_detail::if_logic<A, B>>
inline typename ap_detail::binop<A, B>::logic_t operator&(const A& a, const B& b) {
  typedef typename ap_detail::binop<A, B>::logic_t R;
  return R(ap_detail::raw_tag(), ap_detail::traits<A>::bits(a) & ap_detail::traits<B>::bits(b));
}
template <class A, class B, class = ap_detail::if_logic<A, B>>
inline typename ap_detail::binop<A, B>::logic_t operator|(const A& a, const B& b) {
  typedef typename ap_detail::binop<A, B>::logic_t R;
  return R(ap_detail::raw_tag(), ap_detail::traits<A>::bits(a) | ap_detail::traits<B>::bits(b));
}
template <class A, class B, class = ap_detail::if_logic<A, B>>
inline typename ap_detail::binop<A, B>::logic_t operator^(const A& a, const B& b) {
  typedef typename ap_detail::binop<A, B>::logic_t R;
  return R(ap_detail::raw_tag(), ap_detail::traits<A>::bits(a) ^ ap_detail::traits<B>::bits(b));
}

// Comparisons are exact on values, between any ap types, C integers and floating values.
#define HLSNET_AP_CMP(OP)                                                                     \
  template <class A, class B, class = ap_detail::if_arith<A, B>>                              \
  inline bool operator OP(const A& a, const B& b) {                                           \
    return ap_detail::compare(ap_detail::to_num(a), ap_detail::to_num(b)) OP 0;               \
  }                                                                                           \
  template <class A, class D, class = ap_detail::if_float<A, D>, class = void>                \
  inline bool operator OP(const A& a, D d) {                                                  \
    bool nan;                                                                                 \
    ap_detail::num y = ap_detail::cmp_num(static_cast<double>(d), nan);                       \
    return nan ? (0 OP 1) && (1 OP 0) : ap_detail::compare(ap_detail::to_num(a), y) OP 0;     \
  }                                                                                           \
  template <class D, class A, class = ap_detail::if_float<A, D>, class = void, class = void>  \
  inline bool operator OP(D d, const A& a) {                                                  \
    bool nan;                                                                                 \
    ap_detail::num y = ap_detail::cmp_num(static_cast<double>(d), nan);                       \
    return nan ? (0 OP 1) && (1 OP 0) : ap_detail::compare(y, ap_detail::to_num(a)) OP 0;     \
  }
HLSNET_AP_CMP(==)
HLSNET_AP_CMP(<)
HLSNET_AP_CMP(<=)
HLSNET_AP_CMP(>)
HLSNET_AP_CMP(>=)
#undef HLSNET_AP_CMP

// != is the negation of ==, so every comparison with NaN is false except !=.
template <class A, class B, class = ap_detail::if_arith<A, B>>
inline bool operator!=(const A& a, const B& b) { return !(a == b); }
template <class A, class D, class = ap_detail::if_float<A, D>, class = void>
inline bool operator!=(const A& a, D d) { return !(a == d); }
template <class D, class A, class = ap_detail::if_float<A, D>, class = void, class = void>
inline bool operator!=(D d, const A& a) { return !(d == a); }

// Shifts keep the left operand's type: bits move within W (a negative amount shifts the other way).
template <class A, class N, class = ap_detail::if_shift<A, N>>
inline typename A::Base operator<<(const A& a, const N& n) {
  typedef typename A::Base R;
  return R(ap_detail::raw_tag(), ap_detail::shift_bits<R::ap_W, R::ap_S>(a.bits_, ap_detail::shift_amount(n)));
}
template <class A, class N, class = ap_detail::if_shift<A, N>>
inline typename A::Base operator>>(const A& a, const N& n) {
  typedef typename A::Base R;
  return R(ap_detail::raw_tag(), ap_detail::shift_bits<R::ap_W, R::ap_S>(a.bits_, -ap_detail::shift_amount(n)));
}

/** Unary minus is exact: one bit wider, signed. */
template <class A, class = ap_detail::if_ap<A>>
inline typename ap_detail::result<A::ap_W + 1, A::ap_F, true, A::ap_is_int>::type operator-(const A& a) {
  typedef typename ap_detail::result<A::ap_W + 1, A::ap_F, true, A::ap_is_int>::type R;
  return R(ap_detail::raw_tag(), ap_detail::u128(0) - a.bits_);
}
template <class A, class = ap_detail::if_ap<A>>
inline typename A::Base operator+(const A& a) { return a; }
template <class A, class = ap_detail::if_ap<A>>
inline typename A::Base operator~(const A& a) { return typename A::Base(ap_detail::raw_tag(), ~a.bits_); }
template <class A, class = ap_detail::if_ap<A>>
inline bool operator!(const A& a) { return a.bits_ == 0; }

/** Prints the exact decimal value. */
template <class A, class = ap_detail::if_ap<A>>
inline std::ostream& operator<<(std::ostream& os, const A& a) {
  return os << ap_detail::to_decimal(ap_detail::to_num(a));
}

#endif
