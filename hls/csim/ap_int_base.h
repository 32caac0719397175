// ap_int_base<W, S> (ap_int / ap_uint) and the bit/range references shared with ap_fixed.
// Integers are ap_fixed<W, W> values; conversions into them from fractional values truncate
// toward zero and wrap, as a C cast to an integer type does.
#ifndef HLSNET_AP_INT_BASE_H
#define HLSNET_AP_INT_BASE_H

#include "ap_common.h"

/** A writable view of bit `i` of an ap value. */
template <class Owner>
class ap_bit_ref {
 public:
  ap_bit_ref(Owner& o, int i) : o_(o), i_(i) {}
  operator bool() const { return o_.get_bit_(i_); }
  ap_bit_ref& operator=(bool b) { o_.set_bit_(i_, b); return *this; }
  ap_bit_ref& operator=(const ap_bit_ref& b) { return *this = bool(b); }
  bool operator~() const { return !bool(*this); }

 private:
  Owner& o_;
  int i_;
};

/**
 * A view of bits [hi:lo] of an ap value, read as an unsigned integer of hi-lo+1 bits.
 * Assigning writes the low bits of an integer (or of an ap_[u]int) into them.
 */
template <class Owner>
class ap_range_ref {
 public:
  ap_range_ref(Owner& o, int hi, int lo) : o_(o), hi_(hi), lo_(lo) {
    if (lo < 0 || hi < lo || hi >= Owner::ap_W) ap_detail::fail("range(hi, lo) outside the value's bits");
  }
  int length() const { return hi_ - lo_ + 1; }
  ap_detail::u128 get_() const { return (o_.bits_ >> lo_) & ap_detail::low_mask(length()); }
  unsigned long long to_uint64() const { return static_cast<unsigned long long>(get_()); }
  long long to_int64() const { return static_cast<long long>(to_uint64()); }
  unsigned to_uint() const { return static_cast<unsigned>(get_()); }
  int to_int() const { return static_cast<int>(to_uint()); }
  operator unsigned long long() const { return to_uint64(); }

  template <class T, class = typename std::enable_if<ap_detail::traits<T>::ok && ap_detail::traits<T>::is_int>::type>
  ap_range_ref& operator=(const T& v) {
    o_.set_bits_(hi_, lo_, ap_detail::traits<T>::bits(v));
    return *this;
  }
  ap_range_ref& operator=(const ap_range_ref& r) { o_.set_bits_(hi_, lo_, r.get_()); return *this; }
  template <class O2>
  ap_range_ref& operator=(const ap_range_ref<O2>& r) { o_.set_bits_(hi_, lo_, r.get_()); return *this; }

 private:
  Owner& o_;
  int hi_, lo_;
};

// A const owner is read-only: the range/bit views of a const value never write.
template <class D>
class ap_range_ref<const D> {
 public:
  ap_range_ref(const D& o, int hi, int lo) : o_(o), hi_(hi), lo_(lo) {
    if (lo < 0 || hi < lo || hi >= D::ap_W) ap_detail::fail("range(hi, lo) outside the value's bits");
  }
  int length() const { return hi_ - lo_ + 1; }
  ap_detail::u128 get_() const { return (o_.bits_ >> lo_) & ap_detail::low_mask(length()); }
  unsigned long long to_uint64() const { return static_cast<unsigned long long>(get_()); }
  long long to_int64() const { return static_cast<long long>(to_uint64()); }
  unsigned to_uint() const { return static_cast<unsigned>(get_()); }
  int to_int() const { return static_cast<int>(to_uint()); }
  operator unsigned long long() const { return to_uint64(); }

 private:
  const D& o_;
  int hi_, lo_;
};

/** Bit access, shared by ap_int_base and ap_fixed_base (CRTP: D is the class, W/S its format). */
template <class D, int W, bool S>
class ap_bits_ops {
 public:
  bool get_bit_(int i) const {
    check_bit_(i);
    return (self().bits_ >> i) & 1;
  }
  void set_bit_(int i, bool b) {
    check_bit_(i);
    ap_detail::u128 one = ap_detail::u128(1) << i;
    self().bits_ = ap_detail::canon<W, S>(b ? self().bits_ | one : self().bits_ & ~one);
  }
  void set_bits_(int hi, int lo, ap_detail::u128 v) {
    ap_detail::u128 m = ap_detail::low_mask(hi - lo + 1) << lo;
    self().bits_ = ap_detail::canon<W, S>((self().bits_ & ~m) | ((v << lo) & m));
  }

  ap_range_ref<D> range(int hi, int lo) { return ap_range_ref<D>(self(), hi, lo); }
  ap_range_ref<D> range() { return range(W - 1, 0); }
  ap_range_ref<const D> range(int hi, int lo) const { return ap_range_ref<const D>(self(), hi, lo); }
  ap_range_ref<const D> range() const { return range(W - 1, 0); }
  ap_range_ref<D> operator()(int hi, int lo) { return range(hi, lo); }
  ap_range_ref<const D> operator()(int hi, int lo) const { return range(hi, lo); }

  ap_bit_ref<D> operator[](int i) { check_bit_(i); return ap_bit_ref<D>(self(), i); }
  bool operator[](int i) const { return get_bit_(i); }
  ap_bit_ref<D> bit(int i) { return (*this)[i]; }
  bool bit(int i) const { return get_bit_(i); }
  bool test(int i) const { return get_bit_(i); }
  void set(int i) { set_bit_(i, true); }
  void clear(int i) { set_bit_(i, false); }

  static constexpr int length() { return W; }
  bool is_neg() const { return S && get_bit_(W - 1); }
  bool and_reduce() const { return (self().bits_ & ap_detail::low_mask(W)) == ap_detail::low_mask(W); }
  bool or_reduce() const { return (self().bits_ & ap_detail::low_mask(W)) != 0; }
  bool xor_reduce() const {
    ap_detail::u128 v = self().bits_ & ap_detail::low_mask(W);
    return (__builtin_popcountll(static_cast<unsigned long long>(v)) +
            __builtin_popcountll(static_cast<unsigned long long>(v >> 64))) & 1;
  }

 private:
  static void check_bit_(int i) {
    if (i < 0 || i >= W) ap_detail::fail("bit index outside the value's bits");
  }
  D& self() { return static_cast<D&>(*this); }
  const D& self() const { return static_cast<const D&>(*this); }
};

template <int W, bool S>
class ap_int_base : public ap_bits_ops<ap_int_base<W, S>, W, S> {
  static_assert(W >= 1, "hlsnet csim: ap_[u]int width must be at least 1");
  static_assert(W <= 128, "hlsnet csim: ap_[u]int wider than 128 bits is not supported");

 public:
  static constexpr int ap_W = W;
  static constexpr int ap_F = 0;
  static constexpr bool ap_S = S;
  static constexpr bool ap_is_int = true;
  static constexpr int width = W;
  typedef ap_int_base<W, S> Base;

  ap_detail::u128 bits_ = 0;

  ap_int_base() = default;
  ap_int_base(ap_detail::raw_tag, ap_detail::u128 bits) : bits_(ap_detail::canon<W, S>(bits)) {}

  /** From any ap type or C integer: value-based, fractions truncated toward zero, then wrapped. */
  template <class T, class = typename std::enable_if<ap_detail::traits<T>::ok>::type>
  ap_int_base(const T& v) : bits_(ap_detail::quantize<W, 0, S, AP_TRN_ZERO, AP_WRAP>(ap_detail::to_num(v))) {}
  ap_int_base(double d) : bits_(ap_detail::quantize<W, 0, S, AP_TRN_ZERO, AP_WRAP>(ap_detail::from_double(d))) {}
  ap_int_base(float f) : ap_int_base(static_cast<double>(f)) {}
  template <class O>
  ap_int_base(const ap_range_ref<O>& r) : bits_(ap_detail::canon<W, S>(r.get_())) {}

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
  template <class T, class = typename std::enable_if<std::is_constructible<Base, const T&>::value>::type>
  ap_int(const T& v) : Base(v) {}
};

template <int W>
class ap_uint : public ap_int_base<W, false> {
 public:
  typedef ap_int_base<W, false> Base;
  ap_uint() = default;
  template <class T, class = typename std::enable_if<std::is_constructible<Base, const T&>::value>::type>
  ap_uint(const T& v) : Base(v) {}
};

#endif
