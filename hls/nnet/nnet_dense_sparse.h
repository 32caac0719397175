// hlsnet kernel library: dense layer with pruned weights (ir/OPS.md, "Pruned weights"). Only the n_nonzero
// nonzero weights are stored, each with its flat position i * n_out + j, so the unrolled loop writes exactly
// n_nonzero products: a zero weight has no multiplication in the code at all.
// Contract as dense_latency: p = (accum_t)(x*w); acc = (accum_t)b + sum p [modulo 2^W(accum), so dropping the
// zero products and the order of the others change no bit]; y = (res_T)acc.
#ifndef NNET_DENSE_SPARSE_H_
#define NNET_DENSE_SPARSE_H_

#include "nnet_common.h"
#include "nnet_dense_latency.h"

namespace nnet {

struct dense_sparse_config : dense_config {
    static const unsigned n_nonzero = 10;  // multiplications; multiplier_limit = n_nonzero / reuse_factor
};

// acc[j] += (accum_t)(x[i] * w[k]) for each stored weight k at position i * n_out + j.
template <class data_T, typename CONFIG_T>
void dense_sparse_accumulate(const data_T data[CONFIG_T::n_in], typename CONFIG_T::accum_t acc[CONFIG_T::n_out],
                             const typename CONFIG_T::weight_t weights[CONFIG_T::n_nonzero],
                             const unsigned index[CONFIG_T::n_nonzero]) {
    #pragma HLS INLINE
    #pragma HLS ARRAY_PARTITION variable=weights complete
    #pragma HLS ARRAY_PARTITION variable=index complete
    // Each multiplier serves reuse_factor products (II = max RF); never changes a number.
    #pragma HLS ALLOCATION operation instances=mul limit=CONFIG_T::multiplier_limit
    for (unsigned k = 0; k < CONFIG_T::n_nonzero; k++) {
        #pragma HLS UNROLL
        // Constant indices under full unrolling: each product is wired to its input and accumulator.
        const unsigned i = index[k] / CONFIG_T::n_out;
        const unsigned j = index[k] % CONFIG_T::n_out;
        acc[j] += (typename CONFIG_T::accum_t)(data[i] * weights[k]);
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void dense_sparse(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
                  const typename CONFIG_T::weight_t weights[CONFIG_T::n_nonzero], const unsigned index[CONFIG_T::n_nonzero],
                  const typename CONFIG_T::bias_t biases[CONFIG_T::n_out]) {
    #pragma HLS INLINE
    #pragma HLS ARRAY_PARTITION variable=biases complete
    typename CONFIG_T::accum_t acc[CONFIG_T::n_out];
    #pragma HLS ARRAY_PARTITION variable=acc complete
    for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
        #pragma HLS UNROLL
        acc[j] = (typename CONFIG_T::accum_t)biases[j];
    }
    dense_sparse_accumulate<data_T, CONFIG_T>(data, acc, weights, index);
    copy<typename CONFIG_T::accum_t, res_T, CONFIG_T::n_out>(acc, res);  // y = (res_T)acc
}

// Without a bias: the accumulators start at zero.
template <class data_T, class res_T, typename CONFIG_T>
void dense_sparse_nobias(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_out],
                         const typename CONFIG_T::weight_t weights[CONFIG_T::n_nonzero], const unsigned index[CONFIG_T::n_nonzero]) {
    #pragma HLS INLINE
    typename CONFIG_T::accum_t acc[CONFIG_T::n_out];
    #pragma HLS ARRAY_PARTITION variable=acc complete
    for (unsigned j = 0; j < CONFIG_T::n_out; j++) {
        #pragma HLS UNROLL
        acc[j] = 0;
    }
    dense_sparse_accumulate<data_T, CONFIG_T>(data, acc, weights, index);
    copy<typename CONFIG_T::accum_t, res_T, CONFIG_T::n_out>(acc, res);  // y = (res_T)acc
}

} // namespace nnet

#endif
