// ap_int_base<W, S> (ap_int / ap_uint) and the bit/range references shared with ap_fixed.
// Integers are ap_fixed<W, W> values; conversions into them from fractional values truncate
// toward zero and wrap, as a C cast to an integer type does.
#ifndef HLSNET_AP_INT_BASE_H
#define HLSNET_AP_INT_BASE_H

#include "ap_common.h"

namespace ap_detail {

inline void check_range(int w, int hi, int lo) {
  if (lo < 0 || hi < lo || hi >= w) fail("range(hi, lo) outside the value's bits");
}
inline void check_bit(int w, int i) {
  if (i < 0 || i >= w) fail("bit index outside the value's bits");
}
/** Writes the low hi-lo+1 bits of v into bits [hi:lo] of a w-bit storage, keeping it canonical. */
inline void set_range(u128& bits, int w, bool s, int hi, int lo, u128 v) {
  u128 m = low_mask(hi - lo + 1) << lo;
  bits = canon_rt((bits & ~m) | ((v << lo) & m), w, s);
}

}  // namespace ap_detail

/** Bits [hi:lo] of a const ap value, read as an unsigned integer of hi-lo+1 bits. */
class ap_range_cref {
 public:
  ap_range_cref(const ap_detail::u128* bits, int w, int hi, int lo) : bits_(bits), hi_(hi), lo_(lo) {
    ap_detail::check_range(w, hi, lo);
  }
  int length() const { return hi_ - lo_ + 1; }
  ap_detail::u128 get_() const { return (*bits_ >> lo_) & ap_detail::low_mask(length()); }
  unsigned long long to_uint64() const { return static_cast<unsigned long long>(get_()); }
  long long to_int64() const { return static_cast<long long>(to_uint64()); }
  unsigned to_uint() const { return static_cast<unsigned>(get_()); }
  int to_int() const { return static_cast<int>(to_uint()); }
  operator unsigned long long() const { return to_uint64(); }

 protected:
  const ap_detail::u128* bits_;
  int hi_, lo_;
};

/** Bits [hi:lo] of an ap value: reads as ap_range_cref; assigning writes the low bits of an integer. */
class ap_range_ref : public ap_range_cref {
 public:
  ap_range_ref(ap_detail::u128* bits, int w, bool s, int hi, int lo)
      : ap_range_cref(bits, w, hi, lo), wbits_(bits), w_(w), s_(s) {}
  ap_range_ref(const ap_range_ref&) = default;
  template <class T, class = typename std::enable_if<ap_detail::traits<T>::ok && ap_detail::traits<T>::is_int>::type>
  ap_range_ref& operator=(const T& v) { return set_(ap_detail::traits<T>::bits(v)); }
  ap_range_ref& operator=(const ap_range_ref& r) { return set_(r.get_()); }
  ap_range_ref& operator=(const ap_range_cref& r) { return set_(r.get_()); }

 private:
  ap_range_ref& set_(ap_detail::u128 v) {
    ap_detail::set_range(*wbits_, w_, s_, hi_, lo_, v);
    return *this;
  }
  ap_detail::u128* wbits_;
  int w_;
  bool s_;
};

/** A writable view of bit i of an ap value. */
class ap_bit_ref {
 public:
  ap_bit_ref(ap_detail::u128* bits, int w, bool s, int i) : bits_(bits), w_(w), s_(s), i_(i) {
    ap_detail::check_bit(w, i);
  }
  ap_bit_ref(const ap_bit_ref&) = default;
  operator bool() const { return (*bits_ >> i_) & 1; }
  bool operator~() const { return !bool(*this); }
  ap_bit_ref& operator=(bool b) {
    ap_detail::set_range(*bits_, w_, s_, i_, i_, b ? 1 : 0);
    return *this;
  }
  ap_bit_ref& operator=(const ap_bit_ref& b) { return *this = bool(b); }

 private:
  ap_detail::u128* bits_;
  int w_;
  bool s_;
  int i_;
};

/** The storage of every ap type (canonical W-bit pattern in 128 bits) and its bit-level access. */
template <int W, bool S>
class ap_storage {
 public:
  ap_detail::u128 bits_ = 0;

  ap_storage() = default;
  constexpr explicit ap_storage(ap_detail::u128 bits) : bits_(bits) {}

  ap_range_ref range(int hi, int lo) { return ap_range_ref(&bits_, W, S, hi, lo); }
  ap_range_ref range() { return range(W - 1, 0); }
  ap_range_cref range(int hi, int lo) const { return ap_range_cref(&bits_, W, hi, lo); }
  ap_range_cref range() const { return range(W - 1, 0); }
  ap_range_ref operator()(int hi, int lo) { return range(hi, lo); }
  ap_range_cref operator()(int hi, int lo) const { return range(hi, lo); }

  ap_bit_ref operator[](int i) { return ap_bit_ref(&bits_, W, S, i); }
  bool operator[](int i) const { return test(i); }
  ap_bit_ref bit(int i) { return (*this)[i]; }
  bool bit(int i) const { return test(i); }
  bool test(int i) const {
    ap_detail::check_bit(W, i);
    return (bits_ >> i) & 1;
  }
  void set(int i) { (*this)[i] = true; }
  void clear(int i) { (*this)[i] = false; }

  static constexpr int length() { return W; }
  bool is_neg() const { return S && test(W - 1); }
  bool and_reduce() const { return (bits_ & ap_detail::low_mask(W)) == ap_detail::low_mask(W); }
  bool or_reduce() const { return (bits_ & ap_detail::low_mask(W)) != 0; }
  bool xor_reduce() const {
    ap_detail::u128 v = bits_ & ap_detail::low_mask(W);
    return (__builtin_popcountll(static_cast<unsigned long long>(v)) +
            __builtin_popcountll(static_cast<unsigned long long>(v >> 64))) & 1;
  }
};

template <int W, bool S>
class ap_int_base : public ap_storage<W, S> {
  static_assert(W >= 1, "hlsnet csim: ap_[u]int width must be at least 1");
  static_assert(W <= 128, "hlsnet csim: ap_[u]int wider than 128 bits is not supported");

 public:
  static constexpr int ap_W = W;
  static constexpr int ap_F = 0;
  static constexpr bool ap_S = S;
  static constexpr bool ap_is_int = true;
  static constexpr int width = W;
  typedef ap_int_base<W, S> Base;

  using ap_storage<W, S>::bits_;

  ap_int_base() = default;
  ap_int_base(ap_detail::raw_tag, ap_detail::u128 bits) : ap_storage<W, S>(ap_detail::canon<W, S>(bits)) {}

  /** From any ap type or C integer: value-based, fractions truncated toward zero, then wrapped. */
  template <class T, class = typename std::enable_if<ap_detail::traits<T>::ok>::type>
  ap_int_base(const T& v) : ap_storage<W, S>(ap_detail::quantize_rt(ap_detail::to_num(v), W, 0, S, AP_TRN_ZERO, AP_WRAP)) {}
  ap_int_base(double d)
      : ap_storage<W, S>(ap_detail::quantize_rt(ap_detail::from_double(d), W, 0, S, AP_TRN_ZERO, AP_WRAP)) {}
  ap_int_base(float f) : ap_int_base(static_cast<double>(f)) {}
  /** The bits of a range, zero-extended (or truncated) to W. */
  ap_int_base(const ap_range_cref& r) : ap_storage<W, S>(ap_detail::canon<W, S>(r.get_())) {}

  // The usual integer conversions: to the C type of matching width and sign.
  typedef typename std::conditional<
      S, typename std::conditional<(W <= 32), int, long long>::type,
      typename std::conditional<(W <= 32), unsigned, unsigned long long>::type>::type RetType;
  operator RetType() const { return static_cast<RetType>(bits_); }

  int to_int() const { return static_cast<int>(bits_); }
  unsigned to_uint() const { return static_cast<unsigned>(bits_); }
  long to_long() const { return static_cast<long>(bits_); }
  unsigned long to_ulong() const { return static_cast<unsigned long>(bits_); }
  long long to_int64() const { return static_cast<long long>(bits_); }
  unsigned long long to_uint64() const { return static_cast<unsigned long long>(bits_); }
  double to_double() const { return ap_detail::to_fp(ap_detail::to_num(*this), 53, -1074); }
  float to_float() const { return static_cast<float>(ap_detail::to_fp(ap_detail::to_num(*this), 24, -149)); }
  bool iszero() const { return bits_ == 0; }

  template <class T> ap_int_base& operator+=(const T& v) { return *this = *this + v; }
  template <class T> ap_int_base& operator-=(const T& v) { return *this = *this - v; }
  template <class T> ap_int_base& operator*=(const T& v) { return *this = *this * v; }
  template <class T> ap_int_base& operator&=(const T& v) { return *this = *this & v; }
  template <class T> ap_int_base& operator|=(const T& v) { return *this = *this | v; }
  template <class T> ap_int_base& operator^=(const T& v) { return *this = *this ^ v; }
  template <class T> ap_int_base& operator<<=(const T& n) { return *this = *this << n; }
  template <class T> ap_int_base& operator>>=(const T& n) { return *this = *this >> n; }
  ap_int_base& operator++() { return *this += 1; }
  ap_int_base& operator--() { return *this -= 1; }
  ap_int_base operator++(int) { ap_int_base t = *this; ++*this; return t; }
  ap_int_base operator--(int) { ap_int_base t = *this; --*this; return t; }
};

template <int W>
class ap_int : public ap_int_base<W, true> {
 public:
  typedef ap_int_base<W, true> Base;
  ap_int() = default;
  ap_int(const Base& v) : Base(v) {}  // inherited constructors skip the base type itself
  using Base::Base;
};

template <int W>
class ap_uint : public ap_int_base<W, false> {
 public:
  typedef ap_int_base<W, false> Base;
  ap_uint() = default;
  ap_uint(const Base& v) : Base(v) {}  // inherited constructors skip the base type itself
  using Base::Base;
};

#endif
