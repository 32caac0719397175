// hlsnet kernel library: convolution with pruned weights (ir/OPS.md, "Pruned weights"), io_parallel and
// io_stream. Only the n_nonzero nonzero weights are stored, each with its flat position
// ((kh * filt_width + kw) * chan_per_group + cc) * n_filt + f in the weight tensor, so each window writes
// exactly n_nonzero products. Same contract, config and results as conv_latency / conv_stream (nnet_conv.h,
// nnet_conv_stream.h): the sums are modulo 2^W(accum), so leaving out zero products changes no bit.
#ifndef NNET_CONV_SPARSE_H_
#define NNET_CONV_SPARSE_H_

#include "nnet_conv_stream.h"

namespace nnet {

struct conv_sparse_config : conv_config {
    static const unsigned n_nonzero = 6;  // multiplications per output position
};

// acc[f] += (accum_t)(x[ih][iw][c0 + cc] * w[k]) for each stored weight k whose tap is inside the input.
template <typename CONFIG_T, class ACCESS, class ARRAY>
void conv_sparse_window_accumulate(const ARRAY &in, int oh, int ow, typename CONFIG_T::accum_t acc[CONFIG_T::n_filt],
                                   const typename CONFIG_T::weight_t weights[CONFIG_T::n_nonzero],
                                   const unsigned index[CONFIG_T::n_nonzero]) {
    #pragma HLS INLINE
    for (int k = 0; k < (int)CONFIG_T::n_nonzero; k++) {
        #pragma HLS UNROLL
        const int p = (int)index[k];
        const int f = p % (int)CONFIG_T::n_filt;
        const int tap = p / (int)CONFIG_T::n_filt;
        const int cc = tap % (int)CONFIG_T::chan_per_group;
        const int kw = tap / (int)CONFIG_T::chan_per_group % (int)CONFIG_T::filt_width;
        const int kh = tap / (int)CONFIG_T::chan_per_group / (int)CONFIG_T::filt_width;
        const int ih = oh * (int)CONFIG_T::stride_height + kh * (int)CONFIG_T::dilation_height - (int)CONFIG_T::pad_top;
        const int iw = ow * (int)CONFIG_T::stride_width + kw * (int)CONFIG_T::dilation_width - (int)CONFIG_T::pad_left;
        if (ih < 0 || ih >= (int)CONFIG_T::in_height || iw < 0 || iw >= (int)CONFIG_T::in_width) continue;
        const int c0 = f / (int)CONFIG_T::filt_per_group * (int)CONFIG_T::chan_per_group;
        acc[f] += (typename CONFIG_T::accum_t)(ACCESS::at(in, ih, iw, c0 + cc) * weights[k]);
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void conv_sparse(const data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                 res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt],
                 const typename CONFIG_T::weight_t weights[CONFIG_T::n_nonzero], const unsigned index[CONFIG_T::n_nonzero],
                 const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    #pragma HLS INLINE
    #pragma HLS ARRAY_PARTITION variable=weights complete
    #pragma HLS ARRAY_PARTITION variable=index complete
    #pragma HLS ARRAY_PARTITION variable=biases complete
    #pragma HLS ALLOCATION operation instances=mul limit=CONFIG_T::multiplier_limit
    typedef typename CONFIG_T::accum_t accum_t;
    accum_t acc[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt];
    #pragma HLS ARRAY_PARTITION variable=acc complete
    for (int oh = 0; oh < (int)CONFIG_T::out_height; oh++) {
        #pragma HLS UNROLL
        for (int ow = 0; ow < (int)CONFIG_T::out_width; ow++) {
            #pragma HLS UNROLL
            accum_t *a = acc + (oh * (int)CONFIG_T::out_width + ow) * (int)CONFIG_T::n_filt;
            for (int f = 0; f < (int)CONFIG_T::n_filt; f++) {
                #pragma HLS UNROLL
                a[f] = (accum_t)biases[f];
            }
            conv_sparse_window_accumulate<CONFIG_T, flat_input<CONFIG_T> >(data, oh, ow, a, weights, index);
        }
    }
    copy<accum_t, res_T, CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt>(acc, res);  // y = (res_T)acc
}

// Without a bias: zero biases, so every accumulator starts at (accum_t)0 = 0.
template <class data_T, class res_T, typename CONFIG_T>
void conv_sparse_nobias(const data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                        res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::n_filt],
                        const typename CONFIG_T::weight_t weights[CONFIG_T::n_nonzero], const unsigned index[CONFIG_T::n_nonzero]) {
    #pragma HLS INLINE
    typename CONFIG_T::bias_t zero[CONFIG_T::n_filt];
    for (unsigned f = 0; f < CONFIG_T::n_filt; f++) {
        #pragma HLS UNROLL
        zero[f] = 0;
    }
    conv_sparse<data_T, res_T, CONFIG_T>(data, res, weights, index, zero);
}

// One output position from the line buffer with the sparse window: biases, the stored products, the cast.
template <class res_T, typename CONFIG_T, class buffer_T>
struct conv_sparse_stream_op {
    const typename CONFIG_T::weight_t *weights;
    const unsigned *index;
    const typename CONFIG_T::bias_t *biases;
    void operator()(const typename buffer_T::rows &buf, int oh, int ow, res_T &y) const {
        #pragma HLS INLINE
        typedef typename CONFIG_T::accum_t accum_t;
        accum_t acc[CONFIG_T::n_filt];
        #pragma HLS ARRAY_PARTITION variable=acc complete
        for (int f = 0; f < (int)CONFIG_T::n_filt; f++) {
            #pragma HLS UNROLL
            acc[f] = (accum_t)biases[f];
        }
        conv_sparse_window_accumulate<CONFIG_T, buffer_T>(buf, oh, ow, acc, weights, index);
        for (int f = 0; f < (int)CONFIG_T::n_filt; f++) {
            #pragma HLS UNROLL
            y[f] = (typename res_T::value_type)acc[f];
        }
    }
};

// io_stream: conv_stream's line buffer and schedule (window_stream), with the sparse window.
template <class data_T, class res_T, typename CONFIG_T>
void conv_sparse_stream(hls::stream<data_T> &data, hls::stream<res_T> &res,
                        const typename CONFIG_T::weight_t weights[CONFIG_T::n_nonzero], const unsigned index[CONFIG_T::n_nonzero],
                        const typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
    #pragma HLS ARRAY_PARTITION variable=weights complete
    #pragma HLS ARRAY_PARTITION variable=index complete
    #pragma HLS ARRAY_PARTITION variable=biases complete
    // One window per step of II = reuse factor cycles: ceil(n_nonzero / RF) multipliers (multiplier_limit).
    #pragma HLS ALLOCATION operation instances=mul limit=CONFIG_T::multiplier_limit
    typedef typename conv_stream_geometry<CONFIG_T>::schedule_t schedule_t;
    typedef line_buffer<typename data_T::value_type, schedule_t::lines, CONFIG_T::in_width, CONFIG_T::n_chan> buffer_t;
    const conv_sparse_stream_op<res_T, CONFIG_T, buffer_t> op = {weights, index, biases};
    window_stream<data_T, res_T, schedule_t, buffer_t, CONFIG_T::reuse_factor>(data, res, op);
}

template <class data_T, class res_T, typename CONFIG_T>
void conv_sparse_nobias_stream(hls::stream<data_T> &data, hls::stream<res_T> &res,
                               const typename CONFIG_T::weight_t weights[CONFIG_T::n_nonzero], const unsigned index[CONFIG_T::n_nonzero]) {
    #pragma HLS INLINE
    typename CONFIG_T::bias_t zero[CONFIG_T::n_filt];
    for (unsigned f = 0; f < CONFIG_T::n_filt; f++) {
        #pragma HLS UNROLL
        zero[f] = 0;
    }
    conv_sparse_stream<data_T, res_T, CONFIG_T>(data, res, weights, index, zero);
}

} // namespace nnet

#endif
