// hlsnet kernel library: the QONNX quantizers that are not plain casts (ir/OPS.md, "QONNX").
// IntQuant is nnet::linear: a cast into the exact ap_fixed type its attributes define.
#ifndef NNET_QUANT_H_
#define NNET_QUANT_H_

#include "nnet_common.h"

namespace nnet {

struct bipolar_quant_config {
    static const unsigned n_in = 1;
    static constexpr double scale = 1.0;  // a power of two: exact in res_T
};

// BipolarQuant: +scale for x >= 0, -scale otherwise (a sign-bit select).
template <class data_T, class res_T, typename CONFIG_T>
void bipolar_quant(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS INLINE
    const double s = CONFIG_T::scale;  // a copy: no odr-use of the static member under C++14
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        res[i] = data[i] >= 0 ? (res_T)s : (res_T)(-s);
    }
}

struct trunc_config {
    static const unsigned n_in = 1;
    static const unsigned shift = 0;
    typedef ap_fixed<16, 6> mid_t;   // the scale's grid, AP_RND_CONV: QONNX's inner round-half-even
    typedef ap_fixed<16, 6> wide_t;  // mid_t with `shift` more fractional bits: the shift below is exact
};

// Trunc: res = R(round_even(x) / 2^shift), R being res_T's rounding mode.
template <class data_T, class res_T, typename CONFIG_T>
void trunc(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        typename CONFIG_T::mid_t m = data[i];
        typename CONFIG_T::wide_t w = m;
        w >>= CONFIG_T::shift;
        res[i] = (res_T)w;
    }
}

}  // namespace nnet

#endif
