// hlsnet kernel library: exact activations (no tables): linear and relu.
// Contract (ir/OPS.md): y = (res_T)f(x), f evaluated exactly on the input value.
#ifndef NNET_ACTIVATION_H_
#define NNET_ACTIVATION_H_

#include "nnet_common.h"

namespace nnet {

struct activ_config {
    static const unsigned n_in = 10;
};

template <class data_T, class res_T, typename CONFIG_T>
void linear(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        res[i] = (res_T)data[i];
    }
}

template <class data_T, class res_T, typename CONFIG_T>
void relu(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        data_T x = data[i];
        if (x > 0) res[i] = (res_T)x;
        else res[i] = 0;
    }
}

} // namespace nnet

#endif
