// hlsnet kernel library: common definitions shared by every kernel.
// Written for hlsnet; builds with Vitis HLS and with hlsnet's own hls/csim headers under g++.
#ifndef NNET_COMMON_H_
#define NNET_COMMON_H_

#include "ap_fixed.h"

namespace nnet {

enum strategy { latency, resource };

// res[i] = (res_T)data[i]: a copy (reshape/skip layers that end at a top-level port; pure wiring) or
// the final cast of accumulators to the result type (dense, conv), with res_T's rounding and overflow.
template <class data_T, class res_T, unsigned N>
void copy(const data_T data[N], res_T res[N]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < N; i++) {
        #pragma HLS UNROLL
        res[i] = (res_T)data[i];
    }
}

// Input (ih, iw), channel c of a channels-last flat array (io_parallel). The window functions of conv and
// pooling take an accessor, so that io_stream's line buffer (nnet_window_stream.h) runs the same code.
template <typename CONFIG_T>
struct flat_input {
    template <class T>
    static const T &at(const T *data, int ih, int iw, int c) {
        #pragma HLS INLINE
        return data[(ih * (int)CONFIG_T::in_width + iw) * (int)CONFIG_T::n_chan + c];
    }
};

// 2^e as an exact double (|e| <= 1022); only ever a compile-time constant.
constexpr double pow2(int e) { return e == 0 ? 1.0 : e > 0 ? 2.0 * pow2(e - 1) : 0.5 * pow2(e + 1); }

// The raw integer r of x = r * 2^-F (F = width - iwidth): x * 2^F is an integer, exact in the
// full-precision product, so this is wiring in hardware and portable to any ap_fixed implementation.
// Callers keep x within 48 bits (ir/OPS.md), so r fits a long long.
template <class T>
long long raw_bits(const T &x) {
    #pragma HLS INLINE
    constexpr int F = T::width - T::iwidth;
    // Exactly 2^F: an integer type when F >= 0, else one bit below the binary point (I <= W either way).
    const ap_ufixed<(F > 0 ? F + 1 : 1), F + 1> scale = pow2(F);
    return (x * scale).to_int64();  // an integer value, so to_int64's truncation is exact
}

// Entry of raw input r in a lookup table (ir/OPS.md, "Lookup tables"):
// clamp(floor((r - lo_raw) / 2^shift), 0, size - 1), an arithmetic shift and a clamp.
inline unsigned table_index(long long r, long long lo_raw, unsigned shift, unsigned size) {
    #pragma HLS INLINE
    if (r < lo_raw) return 0;
    unsigned long long k = static_cast<unsigned long long>(r - lo_raw) >> shift;
    return k >= size ? size - 1 : static_cast<unsigned>(k);
}

} // namespace nnet

#endif
