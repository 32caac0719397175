// hlsnet kernel library: softmax forms available so far: argmax (one-hot of the first maximum).
// `skip` needs no kernel. The table-based softmax comes with the activation tables.
#ifndef NNET_SOFTMAX_H_
#define NNET_SOFTMAX_H_

#include "nnet_common.h"

namespace nnet {

struct softmax_config {
    static const unsigned n_in = 10;
};

template <class data_T, class res_T, typename CONFIG_T>
void softmax_argmax(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS INLINE
    unsigned best = 0;
    data_T m = data[0];
    for (unsigned i = 1; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        if (data[i] > m) { m = data[i]; best = i; }
    }
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        res[i] = (i == best) ? (res_T)1 : (res_T)0;
    }
}

} // namespace nnet

#endif
