// hlsnet kernel library: merge layers (ir/OPS.md: add, sub, mul, average, maximum, minimum, concat).
// Fully unrolled. Operands are read through CONFIG_T::index1/index2 (numpy broadcasting, computed by
// the compiler); accum_t holds every intermediate exactly, so the only rounding is the final cast.
#ifndef NNET_MERGE_H_
#define NNET_MERGE_H_

#include "nnet_common.h"

namespace nnet {

struct merge_config {
    static const unsigned n_in1 = 1;
    static const unsigned n_in2 = 1;
    static const unsigned n_in3 = 1;
    static const unsigned n_in4 = 1;
    static const unsigned n_out = 1;
    typedef float accum_t;
    static unsigned index1(unsigned i) { return i; }
    static unsigned index2(unsigned i) { return i; }
    static unsigned index3(unsigned i) { return i; }
    static unsigned index4(unsigned i) { return i; }
};

// y = (res_T)(a + b); ap_fixed's sum is exact and accum_t holds it.
template <class in1_T, class in2_T, class res_T, typename CONFIG_T>
void add(const in1_T a[CONFIG_T::n_in1], const in2_T b[CONFIG_T::n_in2], res_T res[CONFIG_T::n_out]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) {
        #pragma HLS UNROLL
        typename CONFIG_T::accum_t s = a[CONFIG_T::index1(i)] + b[CONFIG_T::index2(i)];
        res[i] = (res_T)s;
    }
}

template <class in1_T, class in2_T, class res_T, typename CONFIG_T>
void sub(const in1_T a[CONFIG_T::n_in1], const in2_T b[CONFIG_T::n_in2], res_T res[CONFIG_T::n_out]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) {
        #pragma HLS UNROLL
        typename CONFIG_T::accum_t d = a[CONFIG_T::index1(i)] - b[CONFIG_T::index2(i)];
        res[i] = (res_T)d;
    }
}

template <class in1_T, class in2_T, class res_T, typename CONFIG_T>
void mul(const in1_T a[CONFIG_T::n_in1], const in2_T b[CONFIG_T::n_in2], res_T res[CONFIG_T::n_out]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) {
        #pragma HLS UNROLL
        typename CONFIG_T::accum_t p = a[CONFIG_T::index1(i)] * b[CONFIG_T::index2(i)];
        res[i] = (res_T)p;
    }
}

// y = (res_T)((a + b) * inv), inv = q(1/2) in param_t: an exact sum and an exact product.
template <class in1_T, class in2_T, class res_T, typename CONFIG_T>
void average(const in1_T a[CONFIG_T::n_in1], const in2_T b[CONFIG_T::n_in2], res_T res[CONFIG_T::n_out],
             const typename CONFIG_T::param_t inv[1]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) {
        #pragma HLS UNROLL
        typename CONFIG_T::accum_t s = a[CONFIG_T::index1(i)] + b[CONFIG_T::index2(i)];
        res[i] = (res_T)(s * inv[0]);
    }
}

// Comparison in accum_t, which holds both operands exactly; the larger (smaller) is cast once.
template <class in1_T, class in2_T, class res_T, typename CONFIG_T>
void maximum(const in1_T a[CONFIG_T::n_in1], const in2_T b[CONFIG_T::n_in2], res_T res[CONFIG_T::n_out]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) {
        #pragma HLS UNROLL
        typename CONFIG_T::accum_t x = a[CONFIG_T::index1(i)];
        typename CONFIG_T::accum_t y = b[CONFIG_T::index2(i)];
        res[i] = (res_T)(y > x ? y : x);
    }
}

template <class in1_T, class in2_T, class res_T, typename CONFIG_T>
void minimum(const in1_T a[CONFIG_T::n_in1], const in2_T b[CONFIG_T::n_in2], res_T res[CONFIG_T::n_out]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) {
        #pragma HLS UNROLL
        typename CONFIG_T::accum_t x = a[CONFIG_T::index1(i)];
        typename CONFIG_T::accum_t y = b[CONFIG_T::index2(i)];
        res[i] = (res_T)(y < x ? y : x);
    }
}

// Three and four inputs (ONNX Mean/Max/Min, Keras merges of more branches): the same contract,
// folded over exact accum_t values; index3/index4 read the extra operands.
struct pick_max { template <class T> static T pick(const T &x, const T &y) { return y > x ? y : x; } };
struct pick_min { template <class T> static T pick(const T &x, const T &y) { return y < x ? y : x; } };

template <class in1_T, class in2_T, class in3_T, class res_T, typename CONFIG_T>
void average(const in1_T a[CONFIG_T::n_in1], const in2_T b[CONFIG_T::n_in2], const in3_T c[CONFIG_T::n_in3],
             res_T res[CONFIG_T::n_out], const typename CONFIG_T::param_t inv[1]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) {
        #pragma HLS UNROLL
        typename CONFIG_T::accum_t s = a[CONFIG_T::index1(i)] + b[CONFIG_T::index2(i)] + c[CONFIG_T::index3(i)];
        res[i] = (res_T)(s * inv[0]);
    }
}

template <class in1_T, class in2_T, class in3_T, class in4_T, class res_T, typename CONFIG_T>
void average(const in1_T a[CONFIG_T::n_in1], const in2_T b[CONFIG_T::n_in2], const in3_T c[CONFIG_T::n_in3],
             const in4_T d[CONFIG_T::n_in4], res_T res[CONFIG_T::n_out], const typename CONFIG_T::param_t inv[1]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) {
        #pragma HLS UNROLL
        typename CONFIG_T::accum_t s = (a[CONFIG_T::index1(i)] + b[CONFIG_T::index2(i)]) + (c[CONFIG_T::index3(i)] + d[CONFIG_T::index4(i)]);
        res[i] = (res_T)(s * inv[0]);
    }
}

template <class P, class in1_T, class in2_T, class in3_T, class in4_T, class res_T, typename CONFIG_T, unsigned N>
void pick_n(const in1_T a[CONFIG_T::n_in1], const in2_T b[CONFIG_T::n_in2], const in3_T c[CONFIG_T::n_in3],
            const in4_T d[CONFIG_T::n_in4], res_T res[CONFIG_T::n_out]) {
    #pragma HLS INLINE
    typedef typename CONFIG_T::accum_t acc_t;
    for (unsigned i = 0; i < CONFIG_T::n_out; i++) {
        #pragma HLS UNROLL
        acc_t m = P::pick((acc_t)a[CONFIG_T::index1(i)], (acc_t)b[CONFIG_T::index2(i)]);
        m = P::pick(m, (acc_t)c[CONFIG_T::index3(i)]);
        if (N == 4) m = P::pick(m, (acc_t)d[CONFIG_T::index4(i)]);
        res[i] = (res_T)m;
    }
}

template <class in1_T, class in2_T, class in3_T, class res_T, typename CONFIG_T>
void maximum(const in1_T a[CONFIG_T::n_in1], const in2_T b[CONFIG_T::n_in2], const in3_T c[CONFIG_T::n_in3], res_T res[CONFIG_T::n_out]) {
    pick_n<pick_max, in1_T, in2_T, in3_T, in3_T, res_T, CONFIG_T, 3>(a, b, c, c, res);
}
template <class in1_T, class in2_T, class in3_T, class in4_T, class res_T, typename CONFIG_T>
void maximum(const in1_T a[CONFIG_T::n_in1], const in2_T b[CONFIG_T::n_in2], const in3_T c[CONFIG_T::n_in3],
             const in4_T d[CONFIG_T::n_in4], res_T res[CONFIG_T::n_out]) {
    pick_n<pick_max, in1_T, in2_T, in3_T, in4_T, res_T, CONFIG_T, 4>(a, b, c, d, res);
}
template <class in1_T, class in2_T, class in3_T, class res_T, typename CONFIG_T>
void minimum(const in1_T a[CONFIG_T::n_in1], const in2_T b[CONFIG_T::n_in2], const in3_T c[CONFIG_T::n_in3], res_T res[CONFIG_T::n_out]) {
    pick_n<pick_min, in1_T, in2_T, in3_T, in3_T, res_T, CONFIG_T, 3>(a, b, c, c, res);
}
template <class in1_T, class in2_T, class in3_T, class in4_T, class res_T, typename CONFIG_T>
void minimum(const in1_T a[CONFIG_T::n_in1], const in2_T b[CONFIG_T::n_in2], const in3_T c[CONFIG_T::n_in3],
             const in4_T d[CONFIG_T::n_in4], res_T res[CONFIG_T::n_out]) {
    pick_n<pick_min, in1_T, in2_T, in3_T, in4_T, res_T, CONFIG_T, 4>(a, b, c, d, res);
}

// One input of a concat: `outer` blocks of `inner` elements, placed at `offset` within each
// output block of `out_inner` elements, each cast to res_T (pure wiring when the types agree).
template <class data_T, class res_T, unsigned outer, unsigned inner, unsigned out_inner, unsigned offset>
void concat_part(const data_T data[outer * inner], res_T res[outer * out_inner]) {
    #pragma HLS INLINE
    for (unsigned o = 0; o < outer; o++) {
        for (unsigned j = 0; j < inner; j++) {
            #pragma HLS UNROLL
            res[o * out_inner + offset + j] = (res_T)data[o * inner + j];
        }
    }
}

} // namespace nnet

#endif
