// hlsnet kernel library: softmax over the last axis (n_outer rows of n_in) as argmax (one-hot of the
// first maximum), stable, latency, and logsoftmax. `skip` needs no kernel. Contract: ir/OPS.md,
// "softmax" and "logsoftmax": tables indexed by raw bits, an exact sum cast once, exact products.
#ifndef NNET_SOFTMAX_H_
#define NNET_SOFTMAX_H_

#include "nnet_common.h"

namespace nnet {

struct softmax_config {
    static const unsigned n_in = 10;
    static const unsigned n_outer = 1;
    // The exp table (indexed by d = x - max, or by x for latency) and the reciprocal/log table (by the sum).
    static const unsigned exp_table_size = 1024;
    static const long long exp_lo_raw = 0;
    static const unsigned exp_shift = 0;
    static const unsigned inv_table_size = 1024;
    static const long long inv_lo_raw = 0;
    static const unsigned inv_shift = 0;
    typedef ap_fixed<17, 7> diff_t;          // x - max, exact
    typedef ap_ufixed<17, 1> exp_table_t;
    typedef ap_ufixed<20, 4> sum_exact_t;    // holds the sum of n_in entries exactly
    typedef ap_ufixed<20, 4> sum_t;          // the sum cast once (config accum)
    typedef ap_ufixed<18, 2> inv_table_t;    // softmax: 1/s; logsoftmax: log(s)
    typedef ap_fixed<35, 3> prod_t;          // softmax: exp_table_t * inv_table_t; logsoftmax: diff_t - inv_table_t
};

template <class data_T, class res_T, typename CONFIG_T>
void softmax_argmax(const data_T data[CONFIG_T::n_outer * CONFIG_T::n_in], res_T res[CONFIG_T::n_outer * CONFIG_T::n_in]) {
    #pragma HLS INLINE
    for (unsigned o = 0; o < CONFIG_T::n_outer; o++) {
        #pragma HLS UNROLL
        const unsigned base = o * CONFIG_T::n_in;
        unsigned best = 0;
        data_T m = data[base];
        for (unsigned i = 1; i < CONFIG_T::n_in; i++) {
            #pragma HLS UNROLL
            if (data[base + i] > m) { m = data[base + i]; best = i; }
        }
        for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
            #pragma HLS UNROLL
            res[base + i] = (i == best) ? (res_T)1 : (res_T)0;
        }
    }
}

// The first maximum of a row by exact comparison.
template <class data_T, typename CONFIG_T>
data_T row_max(const data_T data[CONFIG_T::n_outer * CONFIG_T::n_in], unsigned base) {
    #pragma HLS INLINE
    data_T m = data[base];
    for (unsigned i = 1; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        if (data[base + i] > m) m = data[base + i];
    }
    return m;
}

// e_j = exp_table[index(d_j)] for one row, and s = (sum_t)(sum_j e_j) from the exact sum.
// STABLE: d_j = x_j - max exactly in diff_t; otherwise (latency) the table is indexed by x_j itself.
template <bool STABLE, class data_T, typename CONFIG_T>
typename CONFIG_T::sum_t softmax_exp_row(const data_T data[CONFIG_T::n_outer * CONFIG_T::n_in], unsigned base,
                                         const typename CONFIG_T::exp_table_t exp_table[CONFIG_T::exp_table_size],
                                         typename CONFIG_T::diff_t d[CONFIG_T::n_in], typename CONFIG_T::exp_table_t e[CONFIG_T::n_in]) {
    #pragma HLS INLINE
    data_T m = STABLE ? row_max<data_T, CONFIG_T>(data, base) : data_T(0);
    typename CONFIG_T::sum_exact_t s = 0;
    for (unsigned j = 0; j < CONFIG_T::n_in; j++) {
        #pragma HLS UNROLL
        long long r;
        if (STABLE) {
            d[j] = data[base + j] - m;
            r = raw_bits(d[j]);
        } else {
            r = raw_bits(data[base + j]);
        }
        e[j] = exp_table[table_index(r, CONFIG_T::exp_lo_raw, CONFIG_T::exp_shift, CONFIG_T::exp_table_size)];
        s = s + e[j];  // exact: sum_exact_t holds every partial sum
    }
    return (typename CONFIG_T::sum_t)s;
}

template <class sum_T, typename CONFIG_T>
typename CONFIG_T::inv_table_t sum_lookup(const sum_T &s, const typename CONFIG_T::inv_table_t table[CONFIG_T::inv_table_size]) {
    #pragma HLS INLINE
    return table[table_index(raw_bits(s), CONFIG_T::inv_lo_raw, CONFIG_T::inv_shift, CONFIG_T::inv_table_size)];
}

// One row at a time: e and s from the exp table, then t = second_table[index(s)] and one exact result
// cast once: softmax y_j = (res_T)(e_j * t) with t = 1/s; logsoftmax (LOG) y_j = (res_T)(d_j - t), t = log s.
template <bool STABLE, bool LOG, class data_T, class res_T, typename CONFIG_T>
void softmax_rows(const data_T data[CONFIG_T::n_outer * CONFIG_T::n_in], res_T res[CONFIG_T::n_outer * CONFIG_T::n_in],
                  const typename CONFIG_T::exp_table_t exp_table[CONFIG_T::exp_table_size],
                  const typename CONFIG_T::inv_table_t second_table[CONFIG_T::inv_table_size]) {
    #pragma HLS INLINE
    for (unsigned o = 0; o < CONFIG_T::n_outer; o++) {
        #pragma HLS UNROLL
        const unsigned base = o * CONFIG_T::n_in;
        typename CONFIG_T::diff_t d[CONFIG_T::n_in];
        typename CONFIG_T::exp_table_t e[CONFIG_T::n_in];
        #pragma HLS ARRAY_PARTITION variable=d complete
        #pragma HLS ARRAY_PARTITION variable=e complete
        typename CONFIG_T::sum_t s = softmax_exp_row<STABLE, data_T, CONFIG_T>(data, base, exp_table, d, e);
        typename CONFIG_T::inv_table_t t = sum_lookup<typename CONFIG_T::sum_t, CONFIG_T>(s, second_table);
        for (unsigned j = 0; j < CONFIG_T::n_in; j++) {
            #pragma HLS UNROLL
            typename CONFIG_T::prod_t y;
            if (LOG) y = d[j] - t;
            else y = e[j] * t;
            res[base + j] = (res_T)y;
        }
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void softmax_stable(const data_T data[CONFIG_T::n_outer * CONFIG_T::n_in], res_T res[CONFIG_T::n_outer * CONFIG_T::n_in],
                    const typename CONFIG_T::exp_table_t exp_table[CONFIG_T::exp_table_size],
                    const typename CONFIG_T::inv_table_t inv_table[CONFIG_T::inv_table_size]) {
    #pragma HLS INLINE
    softmax_rows<true, false, data_T, res_T, CONFIG_T>(data, res, exp_table, inv_table);
}

// Without the max: cheaper, accurate only while the inputs stay in the exp table's range.
template <class data_T, class res_T, typename CONFIG_T>
void softmax_latency(const data_T data[CONFIG_T::n_outer * CONFIG_T::n_in], res_T res[CONFIG_T::n_outer * CONFIG_T::n_in],
                     const typename CONFIG_T::exp_table_t exp_table[CONFIG_T::exp_table_size],
                     const typename CONFIG_T::inv_table_t inv_table[CONFIG_T::inv_table_size]) {
    #pragma HLS INLINE
    softmax_rows<false, false, data_T, res_T, CONFIG_T>(data, res, exp_table, inv_table);
}

// inv_table_t is the log table's type here.
template <class data_T, class res_T, typename CONFIG_T>
void logsoftmax(const data_T data[CONFIG_T::n_outer * CONFIG_T::n_in], res_T res[CONFIG_T::n_outer * CONFIG_T::n_in],
                const typename CONFIG_T::exp_table_t exp_table[CONFIG_T::exp_table_size],
                const typename CONFIG_T::inv_table_t log_table[CONFIG_T::inv_table_size]) {
    #pragma HLS INLINE
    softmax_rows<true, true, data_T, res_T, CONFIG_T>(data, res, exp_table, log_table);
}

} // namespace nnet

#endif
