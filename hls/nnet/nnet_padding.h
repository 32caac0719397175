// hlsnet kernel library: constant padding and cropping of a channels-last tensor [H, W, C] (ir/OPS.md, pad).
// Written for hlsnet. Output (oh, ow, oc) copies input (oh - pad_top, ow - pad_left, oc - pad_chan) cast
// to res_T, or holds pad_value (already quantized to res_T by the compiler) outside the input. Negative
// begins/ends crop. 1-D data is [1, W, C], a vector [1, 1, C].
#ifndef NNET_PADDING_H_
#define NNET_PADDING_H_

#include "hls_stream.h"
#include "nnet_common.h"

namespace nnet {

struct pad_config {
    static const unsigned in_height = 1, in_width = 1, n_chan = 1;
    static const unsigned out_height = 1, out_width = 1, out_chan = 1;
    // Begins per axis (ends follow from the output size); negative values crop.
    static const int pad_top = 0, pad_left = 0, pad_chan = 0;
    // q(value) in the output type, an exact literal.
    static constexpr double pad_value = 0;
};

// Whether output index o of an axis reads an input index, and which one.
inline bool pad_source(int o, int begin, unsigned n_in, int &i) {
    #pragma HLS INLINE
    i = o - begin;
    return i >= 0 && i < static_cast<int>(n_in);
}

template <class data_T, class res_T, typename CONFIG_T>
void pad(const data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
         res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::out_chan]) {
    #pragma HLS INLINE
    const double value = CONFIG_T::pad_value;  // a copy: no odr-use of the static member under C++14
    const res_T fill = (res_T)value;
    for (unsigned oh = 0; oh < CONFIG_T::out_height; oh++) {
        #pragma HLS UNROLL
        for (unsigned ow = 0; ow < CONFIG_T::out_width; ow++) {
            #pragma HLS UNROLL
            for (unsigned oc = 0; oc < CONFIG_T::out_chan; oc++) {
                #pragma HLS UNROLL
                int ih, iw, ic;
                const bool inside = pad_source(oh, CONFIG_T::pad_top, CONFIG_T::in_height, ih) &&
                                    pad_source(ow, CONFIG_T::pad_left, CONFIG_T::in_width, iw) &&
                                    pad_source(oc, CONFIG_T::pad_chan, CONFIG_T::n_chan, ic);
                const unsigned o = (oh * CONFIG_T::out_width + ow) * CONFIG_T::out_chan + oc;
                res[o] = inside ? (res_T)data[(ih * CONFIG_T::in_width + iw) * CONFIG_T::n_chan + ic] : fill;
            }
        }
    }
}

// io_stream: one word (all channels) per position in raster order. The loop walks the union of the
// input and output grids in output coordinates, so cropped positions are read and dropped, padded
// ones written without a read; the word size may change (C -> C + channel pads).
template <class data_T, class res_T, typename CONFIG_T>
void pad_stream(hls::stream<data_T> &data, hls::stream<res_T> &res) {
    typedef typename res_T::value_type out_t;
    const double value = CONFIG_T::pad_value;
    const out_t fill = (out_t)value;
    const int h_lo = CONFIG_T::pad_top < 0 ? CONFIG_T::pad_top : 0;
    const int w_lo = CONFIG_T::pad_left < 0 ? CONFIG_T::pad_left : 0;
    const int h_in_end = static_cast<int>(CONFIG_T::in_height) + CONFIG_T::pad_top;
    const int w_in_end = static_cast<int>(CONFIG_T::in_width) + CONFIG_T::pad_left;
    const int h_hi = h_in_end > static_cast<int>(CONFIG_T::out_height) ? h_in_end : static_cast<int>(CONFIG_T::out_height);
    const int w_hi = w_in_end > static_cast<int>(CONFIG_T::out_width) ? w_in_end : static_cast<int>(CONFIG_T::out_width);
    for (int vh = h_lo; vh < h_hi; vh++) {
        for (int vw = w_lo; vw < w_hi; vw++) {
            #pragma HLS PIPELINE II=1
            int ih, iw;
            const bool read = pad_source(vh, CONFIG_T::pad_top, CONFIG_T::in_height, ih) &&
                              pad_source(vw, CONFIG_T::pad_left, CONFIG_T::in_width, iw);
            const bool write = vh >= 0 && vh < static_cast<int>(CONFIG_T::out_height) && vw >= 0 &&
                               vw < static_cast<int>(CONFIG_T::out_width);
            data_T x = data_T();
            if (read) x = data.read();
            if (!write) continue;
            res_T y;
            #pragma HLS ARRAY_PARTITION variable=y.data complete
            for (unsigned oc = 0; oc < CONFIG_T::out_chan; oc++) {
                #pragma HLS UNROLL
                int ic;
                y[oc] = read && pad_source(oc, CONFIG_T::pad_chan, CONFIG_T::n_chan, ic) ? (out_t)x[ic] : fill;
            }
            res.write(y);
        }
    }
}

} // namespace nnet

#endif
