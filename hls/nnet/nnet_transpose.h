// hlsnet kernel library: transpose of a flat C-order tensor of rank <= 4 (ir/OPS.md, transpose):
// a copy with permuted indices, pure wiring in hardware. The compiler pads the output shape with
// leading 1s and gives, per output axis, the stride of the input axis it reads.
#ifndef NNET_TRANSPOSE_H_
#define NNET_TRANSPOSE_H_

#include "nnet_common.h"

namespace nnet {

struct transpose_config {
    static const unsigned n_elem = 1;
    static const unsigned out_dim0 = 1, out_dim1 = 1, out_dim2 = 1, out_dim3 = 1;
    static const unsigned in_stride0 = 0, in_stride1 = 0, in_stride2 = 0, in_stride3 = 0;
};

template <class data_T, class res_T, typename CONFIG_T>
void transpose(const data_T data[CONFIG_T::n_elem], res_T res[CONFIG_T::n_elem]) {
    #pragma HLS INLINE
    for (unsigned a = 0; a < CONFIG_T::out_dim0; a++) {
        #pragma HLS UNROLL
        for (unsigned b = 0; b < CONFIG_T::out_dim1; b++) {
            #pragma HLS UNROLL
            for (unsigned c = 0; c < CONFIG_T::out_dim2; c++) {
                #pragma HLS UNROLL
                for (unsigned d = 0; d < CONFIG_T::out_dim3; d++) {
                    #pragma HLS UNROLL
                    res[((a * CONFIG_T::out_dim1 + b) * CONFIG_T::out_dim2 + c) * CONFIG_T::out_dim3 + d] = (res_T)data[a * CONFIG_T::in_stride0 + b * CONFIG_T::in_stride1 + c * CONFIG_T::in_stride2 + d * CONFIG_T::in_stride3];
                }
            }
        }
    }
}

} // namespace nnet

#endif
