// hlsnet csim: ap_fixed<W, I, Q, O, N> / ap_ufixed<W, I, Q, O, N>; see ap_int.h.
#ifndef HLSNET_AP_FIXED_H
#define HLSNET_AP_FIXED_H

#include "ap_int.h"

#endif
