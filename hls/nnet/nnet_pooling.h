// hlsnet kernel library: fully parallel max / average pooling, 1-D / 2-D and global, on
// channels-last flat arrays (io_parallel, latency strategy, II=1). A 1-D pool is the 2-D one with
// in_height = pool_height = 1; a global pool is a pool whose window is the whole input.
// Contract (ir/OPS.md, pools): max: y = (res_T)max over the in-range taps (padding never wins);
// avg: sum = sum of (accum_t)x over the in-range taps [modulo 2^W(accum)], y = (res_T)(sum * inv),
// inv = q(1/count) for the output's window: an exact product, one cast.
#ifndef NNET_POOLING_H_
#define NNET_POOLING_H_

#include "nnet_common.h"

namespace nnet {

struct pool_config {
    static const unsigned in_height = 1;
    static const unsigned in_width = 10;
    static const unsigned n_chan = 1;
    static const unsigned pool_height = 1;
    static const unsigned pool_width = 2;
    static const unsigned stride_height = 1;
    static const unsigned stride_width = 2;
    static const unsigned pad_top = 0;
    static const unsigned pad_left = 0;
    static const unsigned out_height = 1;
    static const unsigned out_width = 5;
    typedef float accum_t;
    typedef float param_t;
};

// Whether window tap (kh, kw) of output (oh, ow) lies inside the input; on return (ih, iw) is its
// position. Compile-time once unrolled, so padded taps cost nothing.
template <typename CONFIG_T>
bool pool_tap(int oh, int ow, int kh, int kw, int &ih, int &iw) {
    #pragma HLS INLINE
    ih = oh * (int)CONFIG_T::stride_height + kh - (int)CONFIG_T::pad_top;
    iw = ow * (int)CONFIG_T::stride_width + kw - (int)CONFIG_T::pad_left;
    return ih >= 0 && ih < (int)CONFIG_T::in_height && iw >= 0 && iw < (int)CONFIG_T::in_width;
}

// Channel c of output (oh, ow), reading the input through ACCESS::at(in, ih, iw, c) (a flat array or
// io_stream's line buffer): the maximum over the in-range taps, the first of them seeding it (every
// window has one: the compiler checks), and the sum of (accum_t)x over them [modulo 2^W(accum)].
template <class T, typename CONFIG_T, class ACCESS, class ARRAY>
T maxpool_window(const ARRAY &in, int oh, int ow, int c) {
    #pragma HLS INLINE
    T m = 0;
    bool seeded = false;
    for (int kh = 0; kh < (int)CONFIG_T::pool_height; kh++) {
        #pragma HLS UNROLL
        for (int kw = 0; kw < (int)CONFIG_T::pool_width; kw++) {
            #pragma HLS UNROLL
            int ih, iw;
            if (!pool_tap<CONFIG_T>(oh, ow, kh, kw, ih, iw)) continue;
            const T x = ACCESS::at(in, ih, iw, c);
            if (!seeded || x > m) m = x;
            seeded = true;
        }
    }
    return m;
}

template <typename CONFIG_T, class ACCESS, class ARRAY>
typename CONFIG_T::accum_t avgpool_window_sum(const ARRAY &in, int oh, int ow, int c) {
    #pragma HLS INLINE
    typedef typename CONFIG_T::accum_t accum_t;
    accum_t sum = 0;
    for (int kh = 0; kh < (int)CONFIG_T::pool_height; kh++) {
        #pragma HLS UNROLL
        for (int kw = 0; kw < (int)CONFIG_T::pool_width; kw++) {
            #pragma HLS UNROLL
            int ih, iw;
            if (!pool_tap<CONFIG_T>(oh, ow, kh, kw, ih, iw)) continue;
            sum += (accum_t)ACCESS::at(in, ih, iw, c);
        }
    }
    return sum;
}

template <class data_T, class res_T, typename CONFIG_T>
void maxpool(const data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
             res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_chan]) {
    #pragma HLS INLINE
    for (int oh = 0; oh < (int)CONFIG_T::out_height; oh++) {
        #pragma HLS UNROLL
        for (int ow = 0; ow < (int)CONFIG_T::out_width; ow++) {
            #pragma HLS UNROLL
            for (int c = 0; c < (int)CONFIG_T::n_chan; c++) {
                #pragma HLS UNROLL
                res[(oh * (int)CONFIG_T::out_width + ow) * (int)CONFIG_T::n_chan + c] =
                    (res_T)maxpool_window<data_T, CONFIG_T, flat_input<CONFIG_T> >(data, oh, ow, c);
            }
        }
    }
}

// inv[o]: q(1/count) of output position o (oh * out_width + ow), exact constants from the compiler.
template <class data_T, class res_T, typename CONFIG_T>
void avgpool(const data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
             res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_chan],
             const typename CONFIG_T::param_t inv[CONFIG_T::out_height * CONFIG_T::out_width]) {
    #pragma HLS INLINE
    #pragma HLS ARRAY_PARTITION variable=inv complete
    for (int oh = 0; oh < (int)CONFIG_T::out_height; oh++) {
        #pragma HLS UNROLL
        for (int ow = 0; ow < (int)CONFIG_T::out_width; ow++) {
            #pragma HLS UNROLL
            for (int c = 0; c < (int)CONFIG_T::n_chan; c++) {
                #pragma HLS UNROLL
                const int o = oh * (int)CONFIG_T::out_width + ow;
                res[o * (int)CONFIG_T::n_chan + c] = (res_T)(avgpool_window_sum<CONFIG_T, flat_input<CONFIG_T> >(data, oh, ow, c) * inv[o]);
            }
        }
    }
}

} // namespace nnet

#endif
