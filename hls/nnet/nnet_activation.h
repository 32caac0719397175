// hlsnet kernel library: exact activations (no tables): linear, relu, clip, leaky_relu, prelu,
// thresholded_relu, hard_sigmoid, hard_swish. Contract (ir/OPS.md, "Exact activations"): compare
// and multiply exactly, cast once to res_T. Intermediate types come from the config (chosen by the
// compiler wide enough to be exact), never from `auto`.
#ifndef NNET_ACTIVATION_H_
#define NNET_ACTIVATION_H_

#include "nnet_common.h"

namespace nnet {

struct activ_config {
    static const unsigned n_in = 10;
};

template <class data_T, class res_T, typename CONFIG_T>
void linear(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        res[i] = (res_T)data[i];
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void relu(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        data_T x = data[i];
        if (x > 0) res[i] = (res_T)x;
        else res[i] = 0;
    }
}

// Bounds compare on raw inputs: x < min <=> r < lo_raw = ceil(min*2^F), x > max <=> r > hi_raw.
struct clip_config : activ_config {
    static const long long lo_raw = 0;
    static const long long hi_raw = 0;
};

// bounds = {quantize(min, res_T), quantize(max, res_T)}: a bound need not lie on the input's grid.
template <class data_T, class res_T, typename CONFIG_T>
void clip(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in], const res_T bounds[2]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        long long r = raw_bits(data[i]);
        if (r < CONFIG_T::lo_raw) res[i] = bounds[0];
        else if (r > CONFIG_T::hi_raw) res[i] = bounds[1];
        else res[i] = (res_T)data[i];
    }
}

// x > alpha <=> r > threshold_raw = floor(alpha*2^F).
struct thresholded_relu_config : activ_config {
    static const long long threshold_raw = 0;
};

template <class data_T, class res_T, typename CONFIG_T>
void thresholded_relu(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        if (raw_bits(data[i]) > CONFIG_T::threshold_raw) res[i] = (res_T)data[i];
        else res[i] = 0;
    }
}

// param_t: the quantized slopes; mult_t = data_T * param_t at full precision (exact).
struct leaky_relu_config : activ_config {
    typedef ap_fixed<18, 1> param_t;
    typedef ap_fixed<36, 7> mult_t;
    static const unsigned n_slope = 1;
};

// y = x for x >= 0, else quantize(x * slope[i mod n_slope]): leaky_relu has one slope, prelu one per
// element of the slope tensor (its last axis, or the whole shape).
template <class data_T, class res_T, typename CONFIG_T>
void prelu(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in],
           const typename CONFIG_T::param_t slope[CONFIG_T::n_slope]) {
    #pragma HLS INLINE
    #pragma HLS ARRAY_PARTITION variable=slope complete
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        data_T x = data[i];
        if (x >= 0) {
            res[i] = (res_T)x;
        } else {
            typename CONFIG_T::mult_t p = x * slope[i % CONFIG_T::n_slope];
            res[i] = (res_T)p;
        }
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void leaky_relu(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in],
                const typename CONFIG_T::param_t alpha[CONFIG_T::n_slope]) {
    #pragma HLS INLINE
    prelu<data_T, res_T, CONFIG_T>(data, res, alpha);
}

// mult_t = data_T * param_t, sum_t = mult_t + param_t (both exact), h_t holds [0, 1] at sum_t's LSB,
// prod_t = data_T * h_t (hard_swish, exact).
struct hard_sigmoid_config : activ_config {
    typedef ap_fixed<18, 1> param_t;
    typedef ap_fixed<36, 7> mult_t;
    typedef ap_fixed<37, 8> sum_t;
    typedef ap_ufixed<30, 1> h_t;
    typedef ap_fixed<46, 7> prod_t;
};

// h = min(max(alpha*x + beta, 0), 1) exactly, with param = {q(alpha), q(beta)}.
template <class data_T, typename CONFIG_T>
typename CONFIG_T::h_t hard_sigmoid_value(const data_T &x, const typename CONFIG_T::param_t param[2]) {
    #pragma HLS INLINE
    typename CONFIG_T::mult_t ax = x * param[0];
    typename CONFIG_T::sum_t v = ax + param[1];
    typename CONFIG_T::h_t h;
    if (v < 0) h = 0;
    else if (v > 1) h = 1;
    else h = v;
    return h;
}

template <class data_T, class res_T, typename CONFIG_T>
void hard_sigmoid(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in], const typename CONFIG_T::param_t param[2]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        res[i] = (res_T)hard_sigmoid_value<data_T, CONFIG_T>(data[i], param);
    }
}

// y = quantize(x * h(x)) with h the hard sigmoid of {q(1/6), q(1/2)}.
template <class data_T, class res_T, typename CONFIG_T>
void hard_swish(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in], const typename CONFIG_T::param_t param[2]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        typename CONFIG_T::prod_t p = data[i] * hard_sigmoid_value<data_T, CONFIG_T>(data[i], param);
        res[i] = (res_T)p;
    }
}

} // namespace nnet

#endif
