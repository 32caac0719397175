// ap_fixed_base<W, I, S, Q, O, N> (ap_fixed / ap_ufixed): the value raw * 2^-(W-I).
// Every conversion into a type rounds to its LSB by Q, then applies O (src/fixed/quantize.ts).
#ifndef HLSNET_AP_FIXED_BASE_H
#define HLSNET_AP_FIXED_BASE_H

#include "ap_int_base.h"

template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
class ap_fixed_base : public ap_storage<W, S> {
  static_assert(W >= 1, "hlsnet csim: ap_[u]fixed width must be at least 1");
  static_assert(W <= 128, "hlsnet csim: ap_[u]fixed wider than 128 bits is not supported");
  static_assert(O != AP_WRAP_SM, "hlsnet csim: AP_WRAP_SM is not supported");
  static_assert(N == 0, "hlsnet csim: saturation bits N != 0 are not supported");

 public:
  static constexpr int ap_W = W;
  static constexpr int ap_F = W - I;
  static constexpr bool ap_S = S;
  static constexpr bool ap_is_int = false;
  static constexpr int width = W;
  static constexpr int iwidth = I;
  static constexpr ap_q_mode qmode = Q;
  static constexpr ap_o_mode omode = O;
  typedef ap_fixed_base<W, I, S, Q, O, N> Base;

  using ap_storage<W, S>::bits_;

  ap_fixed_base() = default;
  ap_fixed_base(ap_detail::raw_tag, ap_detail::u128 bits) : ap_storage<W, S>(ap_detail::canon<W, S>(bits)) {}

  /** From any ap type or C integer, by value: round by Q, then overflow by O. */
  template <class T, class = typename std::enable_if<ap_detail::traits<T>::ok>::type>
  constexpr ap_fixed_base(const T& v) : ap_storage<W, S>(ap_detail::quantize_rt(ap_detail::to_num(v), W, W - I, S, Q, O)) {}
  /** A double is exactly m * 2^e; that exact value is converted (NaN and infinities abort). */
  constexpr ap_fixed_base(double d) : ap_storage<W, S>(ap_detail::quantize_rt(ap_detail::from_double(d), W, W - I, S, Q, O)) {}
  constexpr ap_fixed_base(float f) : ap_fixed_base(static_cast<double>(f)) {}

  /** The nearest double (ties to even): exact whenever the value has at most 53 significant bits. */
  double to_double() const { return ap_detail::to_fp(ap_detail::to_num(*this), 53, -1074); }
  float to_float() const { return static_cast<float>(ap_detail::to_fp(ap_detail::to_num(*this), 24, -149)); }
  explicit operator double() const { return to_double(); }
  explicit operator float() const { return to_float(); }

  // Integer conversions drop the fraction toward zero (as a C cast does), then wrap.
  int to_int() const { return static_cast<int>(to_integer_<32, true>()); }
  unsigned to_uint() const { return static_cast<unsigned>(to_integer_<32, false>()); }
  long to_long() const { return static_cast<long>(to_integer_<64, true>()); }
  unsigned long to_ulong() const { return static_cast<unsigned long>(to_integer_<64, false>()); }
  long long to_int64() const { return static_cast<long long>(to_integer_<64, true>()); }
  unsigned long long to_uint64() const { return static_cast<unsigned long long>(to_integer_<64, false>()); }
  bool iszero() const { return bits_ == 0; }

  template <class T> ap_fixed_base& operator+=(const T& v) { return *this = *this + v; }
  template <class T> ap_fixed_base& operator-=(const T& v) { return *this = *this - v; }
  template <class T> ap_fixed_base& operator*=(const T& v) { return *this = *this * v; }
  template <class T> ap_fixed_base& operator<<=(const T& n) { return *this = *this << n; }
  template <class T> ap_fixed_base& operator>>=(const T& n) { return *this = *this >> n; }
  ap_fixed_base& operator++() { return *this += 1; }
  ap_fixed_base& operator--() { return *this -= 1; }
  ap_fixed_base operator++(int) { ap_fixed_base t = *this; ++*this; return t; }
  ap_fixed_base operator--(int) { ap_fixed_base t = *this; --*this; return t; }

 private:
  template <int IW, bool IS>
  ap_detail::u128 to_integer_() const {
    return ap_detail::quantize<IW, 0, IS, AP_TRN_ZERO, AP_WRAP>(ap_detail::to_num(*this));
  }
};

template <int W, int I, ap_q_mode Q = AP_TRN, ap_o_mode O = AP_WRAP, int N = 0>
class ap_fixed : public ap_fixed_base<W, I, true, Q, O, N> {
 public:
  typedef ap_fixed_base<W, I, true, Q, O, N> Base;
  ap_fixed() = default;
  ap_fixed(const Base& v) : Base(v) {}  // inherited constructors skip the base type itself
  using Base::Base;
};

template <int W, int I, ap_q_mode Q = AP_TRN, ap_o_mode O = AP_WRAP, int N = 0>
class ap_ufixed : public ap_fixed_base<W, I, false, Q, O, N> {
 public:
  typedef ap_fixed_base<W, I, false, Q, O, N> Base;
  ap_ufixed() = default;
  ap_ufixed(const Base& v) : Base(v) {}  // inherited constructors skip the base type itself
  using Base::Base;
};

#endif
