// hlsnet csim: ap_int<W> / ap_uint<W> (and, as in Vitis HLS, ap_fixed / ap_ufixed too).
// Our own implementation for g++ C simulation; kernels use only the documented Vitis API,
// so the same sources also build with the vendor headers.
#ifndef HLSNET_AP_INT_H
#define HLSNET_AP_INT_H

#include "ap_common.h"
#include "ap_int_base.h"
#include "ap_fixed_base.h"
#include "ap_ops.h"

#endif
