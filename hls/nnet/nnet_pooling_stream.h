// hlsnet kernel library, io_stream: max / average pooling, 1-D / 2-D and global, on a stream of
// channels-last words (nnet::array<T, n_chan> in and out, one word per position in raster order), with
// the same pool_config and 1/count constants as maxpool / avgpool (nnet_pooling.h) and bit-identical
// results (ir/OPS.md, pools). Windowed pools keep pool_height input rows in a line buffer
// (nnet_window_stream.h); global pools keep one running maximum or sum per channel.
#ifndef NNET_POOLING_STREAM_H_
#define NNET_POOLING_STREAM_H_

#include "nnet_pooling.h"
#include "nnet_window_stream.h"

namespace nnet {

template <typename CONFIG_T>
struct pool_stream_geometry {
    typedef window_schedule<CONFIG_T::in_height, CONFIG_T::in_width, CONFIG_T::pool_height, CONFIG_T::pool_width,
                            CONFIG_T::stride_height, CONFIG_T::stride_width, 1, 1,
                            CONFIG_T::pad_top, CONFIG_T::pad_left, CONFIG_T::out_height, CONFIG_T::out_width> schedule_t;
};

// Output (oh, ow) of maxpool / avgpool from the line buffer: the io_parallel window functions.
template <class res_T, typename CONFIG_T, class T, class buffer_T>
void maxpool_stream_window(const typename buffer_T::rows &buf, int oh, int ow, res_T &y) {
    #pragma HLS INLINE
    for (int c = 0; c < (int)CONFIG_T::n_chan; c++) {
        #pragma HLS UNROLL
        y[c] = (typename res_T::value_type)maxpool_window<T, CONFIG_T, buffer_T>(buf, oh, ow, c);
    }
}

template <class res_T, typename CONFIG_T, class buffer_T>
void avgpool_stream_window(const typename buffer_T::rows &buf, int oh, int ow,
                           const typename CONFIG_T::param_t inv[CONFIG_T::out_height * CONFIG_T::out_width], res_T &y) {
    #pragma HLS INLINE
    const typename CONFIG_T::param_t p = inv[oh * (int)CONFIG_T::out_width + ow];
    for (int c = 0; c < (int)CONFIG_T::n_chan; c++) {
        #pragma HLS UNROLL
        y[c] = (typename res_T::value_type)(avgpool_window_sum<CONFIG_T, buffer_T>(buf, oh, ow, c) * p);
    }
}

// The two windows with their constants, for window_stream.
template <class res_T, typename CONFIG_T, class T, class buffer_T>
struct maxpool_stream_op {
    void operator()(const typename buffer_T::rows &buf, int oh, int ow, res_T &y) const {
        #pragma HLS INLINE
        maxpool_stream_window<res_T, CONFIG_T, T, buffer_T>(buf, oh, ow, y);
    }
};

template <class res_T, typename CONFIG_T, class buffer_T>
struct avgpool_stream_op {
    const typename CONFIG_T::param_t *param;
    void operator()(const typename buffer_T::rows &buf, int oh, int ow, res_T &y) const {
        #pragma HLS INLINE
        avgpool_stream_window<res_T, CONFIG_T, buffer_T>(buf, oh, ow, param, y);
    }
};

// Both windowed pools: the steps of window_schedule, as in conv_stream (at most one read and one
// output per step, II = 1: pools have no multipliers to share).
template <class data_T, class res_T, typename CONFIG_T>
void maxpool_stream(hls::stream<data_T> &data, hls::stream<res_T> &res) {
    typedef typename data_T::value_type T;
    typedef typename pool_stream_geometry<CONFIG_T>::schedule_t schedule_t;
    typedef line_buffer<T, CONFIG_T::pool_height, CONFIG_T::in_width, CONFIG_T::n_chan> buffer_t;
    const maxpool_stream_op<res_T, CONFIG_T, T, buffer_t> op = {};
    window_stream<data_T, res_T, schedule_t, buffer_t, 1>(data, res, op);
}

template <class data_T, class res_T, typename CONFIG_T>
void avgpool_stream(hls::stream<data_T> &data, hls::stream<res_T> &res,
                    const typename CONFIG_T::param_t param[CONFIG_T::out_height * CONFIG_T::out_width]) {
    #pragma HLS ARRAY_PARTITION variable=param complete
    typedef typename pool_stream_geometry<CONFIG_T>::schedule_t schedule_t;
    typedef line_buffer<typename data_T::value_type, CONFIG_T::pool_height, CONFIG_T::in_width, CONFIG_T::n_chan> buffer_t;
    const avgpool_stream_op<res_T, CONFIG_T, buffer_t> op = {param};
    window_stream<data_T, res_T, schedule_t, buffer_t, 1>(data, res, op);
}

// Global max: one running maximum per channel, seeded by the first position (every position is in range).
template <class data_T, class res_T, typename CONFIG_T>
void global_maxpool_stream(hls::stream<data_T> &data, hls::stream<res_T> &res) {
    typedef typename data_T::value_type T;
    T m[CONFIG_T::n_chan];
    #pragma HLS ARRAY_PARTITION variable=m complete
    for (int p = 0; p < (int)(CONFIG_T::in_height * CONFIG_T::in_width); p++) {
        #pragma HLS PIPELINE II=1
        const data_T x = data.read();
        for (int c = 0; c < (int)CONFIG_T::n_chan; c++) {
            #pragma HLS UNROLL
            if (p == 0 || x[c] > m[c]) m[c] = x[c];
        }
    }
    res_T y;
    #pragma HLS ARRAY_PARTITION variable=y.data complete
    for (int c = 0; c < (int)CONFIG_T::n_chan; c++) {
        #pragma HLS UNROLL
        y[c] = (typename res_T::value_type)m[c];
    }
    res.write(y);
}

// Global average: one running sum of (accum_t)x per channel (modulo 2^W(accum), order-independent),
// then one cast of sum * param[0] = q(1/(in_height*in_width)).
template <class data_T, class res_T, typename CONFIG_T>
void global_avgpool_stream(hls::stream<data_T> &data, hls::stream<res_T> &res, const typename CONFIG_T::param_t param[1]) {
    typedef typename CONFIG_T::accum_t accum_t;
    accum_t sum[CONFIG_T::n_chan];
    #pragma HLS ARRAY_PARTITION variable=sum complete
    for (int c = 0; c < (int)CONFIG_T::n_chan; c++) {
        #pragma HLS UNROLL
        sum[c] = 0;
    }
    for (int p = 0; p < (int)(CONFIG_T::in_height * CONFIG_T::in_width); p++) {
        #pragma HLS PIPELINE II=1
        const data_T x = data.read();
        for (int c = 0; c < (int)CONFIG_T::n_chan; c++) {
            #pragma HLS UNROLL
            sum[c] += (accum_t)x[c];
        }
    }
    res_T y;
    #pragma HLS ARRAY_PARTITION variable=y.data complete
    for (int c = 0; c < (int)CONFIG_T::n_chan; c++) {
        #pragma HLS UNROLL
        y[c] = (typename res_T::value_type)(sum[c] * param[0]);
    }
    res.write(y);
}

} // namespace nnet

#endif
