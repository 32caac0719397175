// hlsnet kernel library, io_stream: the line buffer and the read/emit schedule shared by conv_stream and
// the pool streams (nnet_conv_stream.h, nnet_pooling_stream.h). The input arrives one position per read
// in raster order (ih, iw); an output is emitted as soon as its last in-range tap has been read, and the
// outputs leave in raster order. Only the last `lines` input rows are kept, never the whole image.
#ifndef NNET_WINDOW_STREAM_H_
#define NNET_WINDOW_STREAM_H_

#include "nnet_stream.h"

namespace nnet {

constexpr int window_clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

// Input position (along one axis) after which output o is complete: its last tap o*S + (K-1)*D - PAD,
// clamped into the input. A tap beyond either end is padding, so the clamped position is still at or
// after every in-range tap; a window entirely in the leading padding completes at position 0.
constexpr int window_done(int o, int in, int k, int s, int d, int pad) {
    return window_clamp(o * s + (k - 1) * d - pad, 0, in - 1);
}

// The schedule's two tests on (next read (ih, iw), next output (oh, ow)); see window_schedule. Free
// functions of the geometry so that the tests can run them over many geometries.
constexpr bool window_can_read(int ih, int oh, int in_h, int k_h, int s_h, int d_h, int pad_t, int out_h) {
    return ih < in_h && (oh == out_h || window_done(oh, in_h, k_h, s_h, d_h, pad_t) >= ih);
}
constexpr bool window_ready(int ih, int iw, int oh, int ow, int in_h, int k_h, int s_h, int d_h, int pad_t, int out_h,
                            int in_w, int k_w, int s_w, int d_w, int pad_l) {
    return oh < out_h && (window_done(oh, in_h, k_h, s_h, d_h, pad_t) < ih ||
                          (window_done(oh, in_h, k_h, s_h, d_h, pad_t) == ih && window_done(ow, in_w, k_w, s_w, d_w, pad_l) < iw));
}

// The schedule, one step at a time: a step reads the next input word when that cannot overwrite a row
// a pending output still needs, then emits the next output (raster order) when its completion position
// (R(oh), C(ow)) has been read. At most one read and one write per step, so one window datapath and
// II = reuse factor; completion is non-monotone across a row boundary (two output rows completing on
// the same input row, bottom padding), which only delays an emission, never reorders one.
// Every step does at least one of the two (a blocked read means the next output is ready), so a frame
// takes at most IN_H*IN_W + OUT_H*OUT_W steps (about IN_H*IN_W when the outputs keep pace).
template <int IN_H, int IN_W, int K_H, int K_W, int S_H, int S_W, int D_H, int D_W, int PAD_T, int PAD_L, int OUT_H, int OUT_W>
struct window_schedule {
    static const int lines = (K_H - 1) * D_H + 1;  // the input rows one window spans
    static const int max_steps = IN_H * IN_W + OUT_H * OUT_W;
    int ih, iw;  // the next input position to read
    int oh, ow;  // the next output position to emit
    window_schedule() : ih(0), iw(0), oh(0), ow(0) {}

    bool finished() const {
        #pragma HLS INLINE
        return ih == IN_H && oh == OUT_H;
    }
    // Reading row ih overwrites row ih - lines. Pending outputs have R >= R(oh) (R is non-decreasing in
    // oh) and need rows >= R - (lines-1): so the read is safe iff R(oh) >= ih (or nothing is pending).
    bool can_read() const {
        #pragma HLS INLINE
        return window_can_read(ih, oh, IN_H, K_H, S_H, D_H, PAD_T, OUT_H);
    }
    void next_read() {
        #pragma HLS INLINE
        if (++iw == IN_W) {
            iw = 0;
            ih++;
        }
    }
    // (R, C) strictly before the next read position. Why `lines` rows suffice: if the last read was in
    // row r, then R(oh) <= r, and R(oh) >= r since row r was read only once R(oh) >= r; so R(oh) = r,
    // the taps are rows >= r - (lines-1), all held, and those in row r are at columns <= C(ow), read.
    bool ready() const {
        #pragma HLS INLINE
        return window_ready(ih, iw, oh, ow, IN_H, K_H, S_H, D_H, PAD_T, OUT_H, IN_W, K_W, S_W, D_W, PAD_L);
    }
    void next_write() {
        #pragma HLS INLINE
        if (++ow == OUT_W) {
            ow = 0;
            oh++;
        }
    }
};

// The last LINES input rows, rows indexed modulo LINES.
template <class T, int LINES, int WIDTH, int CHAN>
struct line_buffer {
    // A plain array declared by the kernel, so its ARRAY_PARTITION pragmas name an array, not a member.
    typedef T rows[LINES][WIDTH][CHAN];
    template <class word_T>
    static void store(rows &v, int ih, int iw, const word_T &x) {
        #pragma HLS INLINE
        for (int c = 0; c < CHAN; c++) {
            #pragma HLS UNROLL
            v[ih % LINES][iw][c] = x[c];
        }
    }
    static const T &at(const rows &v, int ih, int iw, int c) {
        #pragma HLS INLINE
        return v[ih % LINES][iw][c];
    }
};

// The loop of every windowed stream kernel (conv, sparse conv, max and average pooling): each step of
// II cycles reads the next word into the line buffer when the schedule allows, and emits the next output
// as WINDOW computes it from the buffer: window(buf, oh, ow, y).
template <class data_T, class res_T, class schedule_t, class buffer_t, unsigned II, class WINDOW>
void window_stream(hls::stream<data_T> &data, hls::stream<res_T> &res, const WINDOW &window) {
    #pragma HLS INLINE
    typename buffer_t::rows buf;
    // Rows and channels are read in parallel by the unrolled window; the width stays addressable.
    #pragma HLS ARRAY_PARTITION variable=buf complete dim=1
    #pragma HLS ARRAY_PARTITION variable=buf complete dim=3
    schedule_t s;
    const unsigned ii = II;  // a constant for the pragma (UG1399: constants in pragmas)
    (void)ii;
    for (int step = 0; step < schedule_t::max_steps; step++) {
        #pragma HLS PIPELINE II=ii
        if (s.finished()) break;
        if (s.can_read()) {
            buffer_t::store(buf, s.ih, s.iw, data.read());
            s.next_read();
        }
        if (s.ready()) {
            res_T y;
            #pragma HLS ARRAY_PARTITION variable=y.data complete
            window(buf, s.oh, s.ow, y);
            res.write(y);
            s.next_write();
        }
    }
}

} // namespace nnet

#endif
