// hlsnet kernel library: fully parallel dense layer (latency strategy; multipliers shared reuse_factor ways).
// Contract (ir/OPS.md, dense): p = (accum_t)(x*w) [exact product, accum's rounding, wrap];
// acc = (accum_t)b + sum p [modulo 2^W(accum), order-independent]; y = (res_T)acc.
#ifndef NNET_DENSE_LATENCY_H_
#define NNET_DENSE_LATENCY_H_

#include "nnet_common.h"

namespace nnet {

struct dense_config {
    static const unsigned n_in = 10;
    static const unsigned n_out = 10;
    static const unsigned reuse_factor = 1;
    static const unsigned multiplier_limit = 100;  // n_in * n_out / reuse_factor
    static const unsigned strategy = latency;
    typedef float accum_t;
    typedef float weight_t;
    typedef float bias_t;
};

// acc[j] += (accum_t)(x[i] * w[i][j]) for every i, j: exact product, accum's rounding, wrap.
template <class data_T, typename CONFIG_T>
void dense_latency_accumulate(const data_T data[CONFIG_T::n_in], typename CONFIG_T::accum_t acc[CONFIG_T::n_out],
                              const typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out]) {
    #pragma HLS INLINE
    #pragma HLS ARRAY_PARTITION variable=weights complete
    // Reuse factor RF: each multiplier serves RF products (the top function runs at II = max RF).
    // A hint: it shares hardware and never changes a number.
    #pragma HLS ALLOCATION operation instances=mul limit=CONFIG_T::multiplier_limit
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
            #pragma HLS UNROLL
            // A zero (pruned) weight is a constant 0: synthesis removes the multiplier.
            acc[j] += (typename CONFIG_T::accum_t)(data[i] * weights[i * CONFIG_T::n_out + j]);
        }
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void dense_latency(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
                   const typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out],
                   const typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
    #pragma HLS INLINE
    #pragma HLS ARRAY_PARTITION variable=biases complete
    typename CONFIG_T::accum_t acc[CONFIG_T::n_out];
    #pragma HLS ARRAY_PARTITION variable=acc complete
    for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
        #pragma HLS UNROLL
        acc[j] = (typename CONFIG_T::accum_t)biases[j];
    }
    dense_latency_accumulate<data_T, CONFIG_T>(data, acc, weights);
    copy<typename CONFIG_T::accum_t, res_T, CONFIG_T::n_out>(acc, res);  // y = (res_T)acc
}

// Dense without a bias: the accumulator starts at zero.
template <class data_T, class res_T, typename CONFIG_T>
void dense_latency_nobias(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
                          const typename CONFIG_T::weight_t weights[CONFIG_T::n_in * CONFIG_T::n_out]) {
    #pragma HLS INLINE
    typename CONFIG_T::accum_t acc[CONFIG_T::n_out];
    #pragma HLS ARRAY_PARTITION variable=acc complete
    for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
        #pragma HLS UNROLL
        acc[j] = 0;
    }
    dense_latency_accumulate<data_T, CONFIG_T>(data, acc, weights);
    copy<typename CONFIG_T::accum_t, res_T, CONFIG_T::n_out>(acc, res);  // y = (res_T)acc
}

} // namespace nnet

#endif
