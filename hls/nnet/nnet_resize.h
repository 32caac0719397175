// hlsnet kernel library: nearest-neighbour resize of a channels-last tensor [H, W, C] (ir/OPS.md, resize).
// Written for hlsnet. The compiler computes the per-axis index maps (output index -> input index) from
// the ONNX modes; the kernel is a gather with one cast to res_T, pure wiring in hardware.
#ifndef NNET_RESIZE_H_
#define NNET_RESIZE_H_

#include "hls_stream.h"
#include "nnet_common.h"

namespace nnet {

struct resize_config {
    static const unsigned in_height = 1, in_width = 1, n_chan = 1;
    static const unsigned out_height = 1, out_width = 1, out_chan = 1;
    // Functions rather than static arrays: no out-of-class definition is needed under C++14 (Vitis HLS).
    static constexpr unsigned map_height(unsigned) { return 0; }
    static constexpr unsigned map_width(unsigned) { return 0; }
    static constexpr unsigned map_chan(unsigned) { return 0; }
};

template <class data_T, class res_T, typename CONFIG_T>
void resize_nearest(const data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
                    res_T res[CONFIG_T::out_height * CONFIG_T::out_width * CONFIG_T::out_chan]) {
    #pragma HLS INLINE
    for (unsigned oh = 0; oh < CONFIG_T::out_height; oh++) {
        #pragma HLS UNROLL
        for (unsigned ow = 0; ow < CONFIG_T::out_width; ow++) {
            #pragma HLS UNROLL
            for (unsigned oc = 0; oc < CONFIG_T::out_chan; oc++) {
                #pragma HLS UNROLL
                const unsigned i = (CONFIG_T::map_height(oh) * CONFIG_T::in_width + CONFIG_T::map_width(ow)) * CONFIG_T::n_chan +
                                   CONFIG_T::map_chan(oc);
                res[(oh * CONFIG_T::out_width + ow) * CONFIG_T::out_chan + oc] = (res_T)data[i];
            }
        }
    }
}

// The row map never goes back (true for every ONNX nearest mode with positive scales).
template <typename CONFIG_T>
constexpr bool resize_rows_monotone() {
    for (unsigned i = 1; i < CONFIG_T::out_height; i++) {
        if (CONFIG_T::map_height(i) < CONFIG_T::map_height(i - 1)) return false;
    }
    return true;
}

// io_stream: buffers one input row (in_width words). Output row oh needs input row map_height[oh];
// since the row map is monotone, rows are read in order (skipped rows of a downsampling are read and
// dropped) and a row is re-emitted as often as the map repeats it. The column and channel maps gather
// from the buffered row.
template <class data_T, class res_T, typename CONFIG_T>
void resize_nearest_stream(hls::stream<data_T> &data, hls::stream<res_T> &res) {
    static_assert(resize_rows_monotone<CONFIG_T>(), "resize_nearest_stream needs a non-decreasing row map");
    typedef typename res_T::value_type out_t;
    data_T row[CONFIG_T::in_width];
    #pragma HLS ARRAY_PARTITION variable=row complete dim=0
    unsigned next = 0;  // the next input row to read
    for (unsigned oh = 0; oh < CONFIG_T::out_height; oh++) {
        for (; next <= CONFIG_T::map_height(oh); next++) {
            for (unsigned iw = 0; iw < CONFIG_T::in_width; iw++) {
                #pragma HLS PIPELINE II=1
                row[iw] = data.read();
            }
        }
        for (unsigned ow = 0; ow < CONFIG_T::out_width; ow++) {
            #pragma HLS PIPELINE II=1
            res_T y;
            #pragma HLS ARRAY_PARTITION variable=y.data complete
            for (unsigned oc = 0; oc < CONFIG_T::out_chan; oc++) {
                #pragma HLS UNROLL
                y[oc] = (out_t)row[CONFIG_T::map_width(ow)][CONFIG_T::map_chan(oc)];
            }
            res.write(y);
        }
    }
    // Rows after the last one used are consumed so that the stream is empty afterwards.
    for (; next < CONFIG_T::in_height; next++) {
        for (unsigned iw = 0; iw < CONFIG_T::in_width; iw++) {
            #pragma HLS PIPELINE II=1
            row[iw] = data.read();
        }
    }
}

} // namespace nnet

#endif
