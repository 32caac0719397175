// hlsnet kernel library: batch normalization kept as a per-channel scale and shift (channels-last:
// channel = index mod n_chan). Contract (ir/OPS.md, batchnorm): the dense contract with one product:
// acc = (accum_t)(x * scale) + (accum_t)shift, wrapped at accum's width; y = (res_T)acc.
#ifndef NNET_BATCHNORM_H_
#define NNET_BATCHNORM_H_

#include "nnet_common.h"

namespace nnet {

struct batchnorm_config {
    static const unsigned n_in = 10;
    static const unsigned n_chan = 10;
    typedef ap_fixed<32, 16> accum_t;
    typedef ap_fixed<16, 6> scale_t;
    typedef ap_fixed<16, 6> bias_t;
};

template <class data_T, class res_T, typename CONFIG_T>
void batchnorm(const data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in],
               const typename CONFIG_T::scale_t scale[CONFIG_T::n_chan], const typename CONFIG_T::bias_t shift[CONFIG_T::n_chan]) {
    #pragma HLS INLINE
    for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
        #pragma HLS UNROLL
        const unsigned c = i % CONFIG_T::n_chan;
        typename CONFIG_T::accum_t p = data[i] * scale[c];  // the exact product, rounded by accum's mode
        typename CONFIG_T::accum_t b = shift[c];
        typename CONFIG_T::accum_t acc = p + b;             // exact sum, wrapped at accum's width
        res[i] = (res_T)acc;
    }
}

} // namespace nnet

#endif
