// hlsnet kernel library: common definitions shared by every kernel.
// Written for hlsnet; builds with Vitis HLS and with hlsnet's own hls/csim headers under g++.
#ifndef NNET_COMMON_H_
#define NNET_COMMON_H_

#include "ap_fixed.h"

namespace nnet {

enum strategy { latency, resource };

// Copy an array unchanged (reshape/skip layers that end at a top-level port); pure wiring in hardware.
template <class data_T, class res_T, unsigned N>
void copy(const data_T data[N], res_T res[N]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < N; i++) {
        #pragma HLS UNROLL
        res[i] = data[i];
    }
}

} // namespace nnet

#endif
