// hlsnet kernel library: table activations (sigmoid, tanh, softplus, softsign, elu, selu).
// Contract (ir/OPS.md, "Table activations"): y = (res_T)table[index(raw x)], the table computed by
// the compiler and emitted as exact constants; elu/selu compute their positive side exactly.
#ifndef NNET_ACTIVATION_TABLE_H_
#define NNET_ACTIVATION_TABLE_H_

#include "nnet_common.h"

namespace nnet {

// Entry k serves the raw inputs lo_raw + k*2^shift ... lo_raw + (k+1)*2^shift - 1 (clamped at both ends).
// The tables are ROMs: the unrolled lookups make HLS replicate them as needed.
struct table_config {
    static const unsigned n_in = 10;
    static const unsigned table_size = 1024;
    static const long long lo_raw = 0;
    static const unsigned shift = 0;
    typedef ap_fixed<18, 8> table_t;
    // selu only: gamma's type and data_T * param_t at full precision.
    typedef ap_fixed<18, 2> param_t;
    typedef ap_fixed<36, 10> mult_t;
};

template <class data_T, typename CONFIG_T>
typename CONFIG_T::table_t table_lookup(const data_T &x, const typename CONFIG_T::table_t table[CONFIG_T::table_size]) {
    #pragma HLS INLINE
    return table[table_index(raw_bits(x), CONFIG_T::lo_raw, CONFIG_T::shift, CONFIG_T::table_size)];
}

// One table over the whole input type: sigmoid, tanh, softplus and softsign.
template <class data_T, class res_T, typename CONFIG_T>
void table_activation(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in],
                      const typename CONFIG_T::table_t table[CONFIG_T::table_size]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        res[i] = (res_T)table_lookup<data_T, CONFIG_T>(data[i], table);
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void sigmoid(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in], const typename CONFIG_T::table_t table[CONFIG_T::table_size]) {
    #pragma HLS INLINE
    table_activation<data_T, res_T, CONFIG_T>(data, res, table);
}

template <class data_T, class res_T, typename CONFIG_T>
void tanh(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in], const typename CONFIG_T::table_t table[CONFIG_T::table_size]) {
    #pragma HLS INLINE
    table_activation<data_T, res_T, CONFIG_T>(data, res, table);
}

template <class data_T, class res_T, typename CONFIG_T>
void softplus(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in], const typename CONFIG_T::table_t table[CONFIG_T::table_size]) {
    #pragma HLS INLINE
    table_activation<data_T, res_T, CONFIG_T>(data, res, table);
}

template <class data_T, class res_T, typename CONFIG_T>
void softsign(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in], const typename CONFIG_T::table_t table[CONFIG_T::table_size]) {
    #pragma HLS INLINE
    table_activation<data_T, res_T, CONFIG_T>(data, res, table);
}

// x >= 0: quantize(x) exactly; x < 0: the table of alpha*(e^x - 1).
template <class data_T, class res_T, typename CONFIG_T>
void elu(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in], const typename CONFIG_T::table_t table[CONFIG_T::table_size]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        data_T x = data[i];
        if (x >= 0) res[i] = (res_T)x;
        else res[i] = (res_T)table_lookup<data_T, CONFIG_T>(x, table);
    }
}

// x > 0: quantize(x * q(gamma)) (exact product); x <= 0: the table of gamma*alpha*(e^x - 1).
template <class data_T, class res_T, typename CONFIG_T>
void selu(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in], const typename CONFIG_T::table_t table[CONFIG_T::table_size],
          const typename CONFIG_T::param_t gamma[1]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        data_T x = data[i];
        if (x > 0) {
            typename CONFIG_T::mult_t p = x * gamma[0];
            res[i] = (res_T)p;
        } else {
            res[i] = (res_T)table_lookup<data_T, CONFIG_T>(x, table);
        }
    }
}

} // namespace nnet

#endif
