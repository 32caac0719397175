// hlsnet kernel library: fully parallel 1-D / 2-D convolution on channels-last flat arrays
// (io_parallel, latency strategy, II = reuse factor). A 1-D conv is the 2-D one with in_height = filt_height = 1.
// Contract (ir/OPS.md, conv): each output is the dense contract over its window:
// p = (accum_t)(x*w) [exact product, accum's rounding, wrap]; acc = (accum_t)b + sum p [modulo
// 2^W(accum)]; y = (res_T)acc. Padded taps are skipped, so they contribute exactly 0.
#ifndef NNET_CONV_H_
#define NNET_CONV_H_

#include "nnet_common.h"

namespace nnet {

struct conv_config {
    static const unsigned in_height = 1;
    static const unsigned in_width = 10;
    static const unsigned n_chan = 1;
    static const unsigned filt_height = 1;
    static const unsigned filt_width = 3;
    static const unsigned n_filt = 1;
    static const unsigned stride_height = 1;
    static const unsigned stride_width = 1;
    static const unsigned dilation_height = 1;
    static const unsigned dilation_width = 1;
    static const unsigned pad_top = 0;
    static const unsigned pad_left = 0;
    static const unsigned out_height = 1;
    static const unsigned out_width = 8;
    // Input channels per group and filters per group: groups = 1 gives (n_chan, n_filt),
    // depthwise (groups = n_chan) gives (1, multiplier).
    static const unsigned chan_per_group = 1;
    static const unsigned filt_per_group = 1;
    static const unsigned reuse_factor = 1;
    // (filt_height * filt_width * chan_per_group * n_filt / reuse_factor) * out_height * out_width:
    // io_parallel computes every output position in one call, each sharing its multipliers RF ways.
    static const unsigned multiplier_limit = 24;
    static const unsigned strategy = latency;
    typedef float accum_t;
    typedef float weight_t;
    typedef float bias_t;
};

// acc[f] += (accum_t)(x[i][c] * w[k][c'][f]) over every in-range tap of output (oh, ow), reading the input
// through ACCESS::at(in, ih, iw, c) (a flat array or io_stream's line buffer). Weights are laid out
// [filt_height][filt_width][chan_per_group][n_filt] (the IR's C order). Unrolled with compile-time
// positions, the range test is a constant: padded taps and zero weights cost no hardware.
template <typename CONFIG_T, class ACCESS, class ARRAY>
void conv_window_accumulate(
    const ARRAY &in, int oh, int ow, typename CONFIG_T::accum_t acc[CONFIG_T::n_filt],
    const typename CONFIG_T::weight_t weights[CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::chan_per_group * CONFIG_T::n_filt]) {
    #pragma HLS INLINE
    typedef typename CONFIG_T::accum_t accum_t;
    for (int kh = 0; kh < (int)CONFIG_T::filt_height; kh++) {
        #pragma HLS UNROLL
        const int ih = oh * (int)CONFIG_T::stride_height + kh * (int)CONFIG_T::dilation_height - (int)CONFIG_T::pad_top;
        for (int kw = 0; kw < (int)CONFIG_T::filt_width; kw++) {
            #pragma HLS UNROLL
            const int iw = ow * (int)CONFIG_T::stride_width + kw * (int)CONFIG_T::dilation_width - (int)CONFIG_T::pad_left;
            if (ih < 0 || ih >= (int)CONFIG_T::in_height || iw < 0 || iw >= (int)CONFIG_T::in_width) continue;
            const int w_base = (kh * (int)CONFIG_T::filt_width + kw) * (int)CONFIG_T::chan_per_group;
            for (int f = 0; f < (int)CONFIG_T::n_filt; f++) {
                #pragma HLS UNROLL
                // Output channel f reads its group's input channels (ir/OPS.md: floor(f / (F/g))).
                const int c0 = f / (int)CONFIG_T::filt_per_group * (int)CONFIG_T::chan_per_group;
                for (int cc = 0; cc < (int)CONFIG_T::chan_per_group; cc++) {
                    #pragma HLS UNROLL
                    acc[f] += (accum_t)(ACCESS::at(in, ih, iw, c0 + cc) * weights[(w_base + cc) * (int)CONFIG_T::n_filt + f]);
                }
            }
        }
    }
}

// Every output position of a flat input (io_parallel).
template <class data_T, typename CONFIG_T>
void conv_latency_accumulate(
    const data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
    typename CONFIG_T::accum_t acc[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt],
    const typename CONFIG_T::weight_t weights[CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::chan_per_group * CONFIG_T::n_filt]) {
    #pragma HLS INLINE
    #pragma HLS ARRAY_PARTITION variable=weights complete
    // Reuse factor RF: each multiplier serves RF products (II = max RF); never changes a number.
    #pragma HLS ALLOCATION operation instances=mul limit=CONFIG_T::multiplier_limit
    for (int oh = 0; oh < (int)CONFIG_T::out_height; oh++) {
        #pragma HLS UNROLL
        for (int ow = 0; ow < (int)CONFIG_T::out_width; ow++) {
            #pragma HLS UNROLL
            conv_window_accumulate<CONFIG_T, flat_input<CONFIG_T> >(data, oh, ow, acc + (oh * (int)CONFIG_T::out_width + ow) * (int)CONFIG_T::n_filt, weights);
        }
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void conv_latency(const data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                  res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt],
                  const typename CONFIG_T::weight_t weights[CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::chan_per_group * CONFIG_T::n_filt],
                  const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    #pragma HLS INLINE
    #pragma HLS ARRAY_PARTITION variable=biases complete
    typename CONFIG_T::accum_t acc[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt];
    #pragma HLS ARRAY_PARTITION variable=acc complete
    for (unsigned o = 0; o < CONFIG_T::out_height * CONFIG_T::out_width; o++) {
        #pragma HLS UNROLL
        for (unsigned f = 0; f < CONFIG_T::n_filt; f++) {
            #pragma HLS UNROLL
            acc[o * CONFIG_T::n_filt + f] = (typename CONFIG_T::accum_t)biases[f];
        }
    }
    conv_latency_accumulate<data_T, CONFIG_T>(data, acc, weights);
    copy<typename CONFIG_T::accum_t, res_T, CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt>(acc, res);  // y = (res_T)acc
}

// Conv without a bias: the accumulators start at zero.
template <class data_T, class res_T, typename CONFIG_T>
void conv_latency_nobias(const data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                         res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt],
                         const typename CONFIG_T::weight_t weights[CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::chan_per_group * CONFIG_T::n_filt]) {
    #pragma HLS INLINE
    typename CONFIG_T::accum_t acc[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt];
    #pragma HLS ARRAY_PARTITION variable=acc complete
    for (unsigned i = 0; i < CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt; i++) {
        #pragma HLS UNROLL
        acc[i] = 0;
    }
    conv_latency_accumulate<data_T, CONFIG_T>(data, acc, weights);
    copy<typename CONFIG_T::accum_t, res_T, CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt>(acc, res);  // y = (res_T)acc
}

} // namespace nnet

#endif
