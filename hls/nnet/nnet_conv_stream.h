// hlsnet kernel library, io_stream: 1-D / 2-D convolution on a stream of channels-last words
// (nnet::array<T, n_chan> in, nnet::array<T, n_filt> out, one word per position in raster order), with
// the same conv_config and weights as conv_latency (nnet_conv.h) and bit-identical results: each output
// is the dense contract over its window (ir/OPS.md, conv), padded taps skipped so they contribute 0.
// A line buffer keeps the last (filt_height-1)*dilation_height+1 input rows (nnet_window_stream.h);
// each step reads at most one word and computes at most one output (one window datapath).
#ifndef NNET_CONV_STREAM_H_
#define NNET_CONV_STREAM_H_

#include "nnet_conv.h"
#include "nnet_window_stream.h"

namespace nnet {

template <typename CONFIG_T>
struct conv_stream_geometry {
    typedef window_schedule<CONFIG_T::in_height, CONFIG_T::in_width, CONFIG_T::filt_height, CONFIG_T::filt_width,
                            CONFIG_T::stride_height, CONFIG_T::stride_width, CONFIG_T::dilation_height, CONFIG_T::dilation_width,
                            CONFIG_T::pad_top, CONFIG_T::pad_left, CONFIG_T::out_height, CONFIG_T::out_width> schedule_t;
};

// Output (oh, ow) from the line buffer: conv_latency's arithmetic for one position (conv_window_accumulate,
// the same function), then the same final cast.
template <class res_T, typename CONFIG_T, class buffer_T>
void conv_stream_window(const typename buffer_T::rows &buf, int oh, int ow,
                        const typename CONFIG_T::weight_t weights[CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::chan_per_group * CONFIG_T::n_filt],
                        const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt], res_T &y) {
    #pragma HLS INLINE
    typedef typename CONFIG_T::accum_t accum_t;
    accum_t acc[CONFIG_T::n_filt];
    #pragma HLS ARRAY_PARTITION variable=acc complete
    for (int f = 0; f < (int)CONFIG_T::n_filt; f++) {
        #pragma HLS UNROLL
        acc[f] = (accum_t)biases[f];
    }
    conv_window_accumulate<CONFIG_T, buffer_T>(buf, oh, ow, acc, weights);
    for (int f = 0; f < (int)CONFIG_T::n_filt; f++) {
        #pragma HLS UNROLL
        y[f] = (typename res_T::value_type)acc[f];
    }
}

// conv_stream_window with the layer's constants, for window_stream.
template <class res_T, typename CONFIG_T, class buffer_T>
struct conv_stream_op {
    const typename CONFIG_T::weight_t *weights;
    const typename CONFIG_T::bias_t *biases;
    void operator()(const typename buffer_T::rows &buf, int oh, int ow, res_T &y) const {
        #pragma HLS INLINE
        conv_stream_window<res_T, CONFIG_T, buffer_T>(buf, oh, ow, weights, biases, y);
    }
};

// Reads in_height*in_width words, writes out_height*out_width words, in the steps of window_schedule.
template <class data_T, class res_T, typename CONFIG_T>
void conv_stream(hls::stream<data_T> &data, hls::stream<res_T> &res,
                 const typename CONFIG_T::weight_t weights[CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::chan_per_group * CONFIG_T::n_filt],
                 const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    #pragma HLS ARRAY_PARTITION variable=weights complete
    #pragma HLS ARRAY_PARTITION variable=biases complete
    // One window per step of II = reuse factor cycles: n_mult / RF multipliers (the view's multiplier_limit).
    #pragma HLS ALLOCATION operation instances=mul limit=CONFIG_T::multiplier_limit
    typedef typename conv_stream_geometry<CONFIG_T>::schedule_t schedule_t;
    typedef line_buffer<typename data_T::value_type, schedule_t::lines, CONFIG_T::in_width, CONFIG_T::n_chan> buffer_t;
    const conv_stream_op<res_T, CONFIG_T, buffer_t> op = {weights, biases};
    window_stream<data_T, res_T, schedule_t, buffer_t, CONFIG_T::reuse_factor>(data, res, op);
}

// Conv without a bias: zero biases, so every accumulator starts at (accum_t)0 = 0 as in conv_latency_nobias.
template <class data_T, class res_T, typename CONFIG_T>
void conv_stream_nobias(hls::stream<data_T> &data, hls::stream<res_T> &res,
                        const typename CONFIG_T::weight_t weights[CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::chan_per_group * CONFIG_T::n_filt]) {
    #pragma HLS INLINE
    typename CONFIG_T::bias_t zero[CONFIG_T::n_filt];
    for (unsigned f = 0; f < CONFIG_T::n_filt; f++) {
        #pragma HLS UNROLL
        zero[f] = 0;
    }
    conv_stream<data_T, res_T, CONFIG_T>(data, res, weights, zero);
}

} // namespace nnet

#endif
