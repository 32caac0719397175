// hlsnet kernel library, io_stream: the stream word and the generic stream kernels.
// A tensor of channels-last shape [..., C] travels as a stream of words nnet::array<T, C>, one word per
// position in raster order (the flat channels-last order, word by word). A vector [N] is one word.
// Elementwise and last-axis kernels run the io_parallel kernel on each word (map_stream); kernels that
// need the whole tensor (dense, transpose) gather it, run, and scatter (whole_stream).
#ifndef NNET_STREAM_H_
#define NNET_STREAM_H_

#include "hls_stream.h"
#include "nnet_common.h"

namespace nnet {

template <typename T, unsigned N>
struct array {
    typedef T value_type;
    static const unsigned size = N;
    T data[N];
    T &operator[](unsigned i) { return data[i]; }
    const T &operator[](unsigned i) const { return data[i]; }
};

// One stream read by two (or three) consumers, e.g. the skip branch of a residual block.
template <class T, unsigned N_WORDS>
void clone_stream(hls::stream<T> &in, hls::stream<T> &out1, hls::stream<T> &out2) {
    for (unsigned w = 0; w < N_WORDS; w++) {
        #pragma HLS PIPELINE II=1
        const T x = in.read();
        out1.write(x);
        out2.write(x);
    }
}

template <class T, unsigned N_WORDS>
void clone_stream(hls::stream<T> &in, hls::stream<T> &out1, hls::stream<T> &out2, hls::stream<T> &out3) {
    for (unsigned w = 0; w < N_WORDS; w++) {
        #pragma HLS PIPELINE II=1
        const T x = in.read();
        out1.write(x);
        out2.write(x);
        out3.write(x);
    }
}

// The same elements in words of another size (a reshape that changes the last axis), each element cast
// to res_T's element type: pure wiring when the types agree.
template <class data_T, class res_T, unsigned N_ELEM>
void repack_stream(hls::stream<data_T> &in, hls::stream<res_T> &out) {
    data_T x;
    res_T y;
    for (unsigned i = 0; i < N_ELEM; i++) {
        #pragma HLS PIPELINE II=1
        if (i % data_T::size == 0) x = in.read();
        y[i % res_T::size] = (typename res_T::value_type)x[i % data_T::size];
        if (i % res_T::size == res_T::size - 1) out.write(y);
    }
}

// FN::apply(w, x, y) on every word: an elementwise or last-axis layer. w is the word's position, for
// constants that vary along the positions.
template <class data_T, class res_T, class FN, unsigned N_WORDS>
void map_stream(hls::stream<data_T> &in, hls::stream<res_T> &out) {
    for (unsigned w = 0; w < N_WORDS; w++) {
        #pragma HLS PIPELINE II=1
        const data_T x = in.read();
        res_T y;
        #pragma HLS ARRAY_PARTITION variable=y.data complete
        FN::apply(w, x.data, y.data);
        out.write(y);
    }
}

// FN::apply(w, a, b, y): a merge of streams of the same positions. An input flagged ONCE has a single
// word (e.g. a global pool's output) that is read at the first position and broadcast to every position.
template <class a_T, class b_T, class res_T, class FN, unsigned N_WORDS, bool A_ONCE = false, bool B_ONCE = false>
void map2_stream(hls::stream<a_T> &in1, hls::stream<b_T> &in2, hls::stream<res_T> &out) {
    a_T a;
    b_T b;
    for (unsigned w = 0; w < N_WORDS; w++) {
        #pragma HLS PIPELINE II=1
        if (w == 0 || !A_ONCE) a = in1.read();
        if (w == 0 || !B_ONCE) b = in2.read();
        res_T y;
        #pragma HLS ARRAY_PARTITION variable=y.data complete
        FN::apply(w, a.data, b.data, y.data);
        out.write(y);
    }
}

template <class a_T, class b_T, class c_T, class res_T, class FN, unsigned N_WORDS, bool A_ONCE = false, bool B_ONCE = false,
          bool C_ONCE = false>
void map3_stream(hls::stream<a_T> &in1, hls::stream<b_T> &in2, hls::stream<c_T> &in3, hls::stream<res_T> &out) {
    a_T a;
    b_T b;
    c_T c;
    for (unsigned w = 0; w < N_WORDS; w++) {
        #pragma HLS PIPELINE II=1
        if (w == 0 || !A_ONCE) a = in1.read();
        if (w == 0 || !B_ONCE) b = in2.read();
        if (w == 0 || !C_ONCE) c = in3.read();
        res_T y;
        #pragma HLS ARRAY_PARTITION variable=y.data complete
        FN::apply(w, a.data, b.data, c.data, y.data);
        out.write(y);
    }
}

template <class a_T, class b_T, class c_T, class d_T, class res_T, class FN, unsigned N_WORDS, bool A_ONCE = false,
          bool B_ONCE = false, bool C_ONCE = false, bool D_ONCE = false>
void map4_stream(hls::stream<a_T> &in1, hls::stream<b_T> &in2, hls::stream<c_T> &in3, hls::stream<d_T> &in4,
                 hls::stream<res_T> &out) {
    a_T a;
    b_T b;
    c_T c;
    d_T d;
    for (unsigned w = 0; w < N_WORDS; w++) {
        #pragma HLS PIPELINE II=1
        if (w == 0 || !A_ONCE) a = in1.read();
        if (w == 0 || !B_ONCE) b = in2.read();
        if (w == 0 || !C_ONCE) c = in3.read();
        if (w == 0 || !D_ONCE) d = in4.read();
        res_T y;
        #pragma HLS ARRAY_PARTITION variable=y.data complete
        FN::apply(w, a.data, b.data, c.data, d.data, y.data);
        out.write(y);
    }
}

// Concatenation along an axis before the last (whole words): for each of OUTER blocks, A_WORDS words of
// a then B_WORDS words of b, every element cast to the output's element type (ir/OPS.md, concat).
template <class a_T, class b_T, class res_T, unsigned OUTER, unsigned A_WORDS, unsigned B_WORDS>
void concat_words_stream(hls::stream<a_T> &in1, hls::stream<b_T> &in2, hls::stream<res_T> &out) {
    for (unsigned o = 0; o < OUTER; o++) {
        for (unsigned w = 0; w < A_WORDS + B_WORDS; w++) {
            #pragma HLS PIPELINE II=1
            res_T y;
            if (w < A_WORDS) {
                const a_T a = in1.read();
                for (unsigned c = 0; c < res_T::size; c++) y[c] = (typename res_T::value_type)a[c];
            } else {
                const b_T b = in2.read();
                for (unsigned c = 0; c < res_T::size; c++) y[c] = (typename res_T::value_type)b[c];
            }
            out.write(y);
        }
    }
}

// Gather the whole tensor, FN::apply(x, y) on flat arrays (the io_parallel kernel), scatter the result.
template <class data_T, class res_T, class FN, unsigned N_IN_WORDS, unsigned N_OUT_WORDS>
void whole_stream(hls::stream<data_T> &in, hls::stream<res_T> &out) {
    typename data_T::value_type x[N_IN_WORDS * data_T::size];
    #pragma HLS ARRAY_PARTITION variable=x complete
    typename res_T::value_type y[N_OUT_WORDS * res_T::size];
    #pragma HLS ARRAY_PARTITION variable=y complete
    for (unsigned w = 0; w < N_IN_WORDS; w++) {
        #pragma HLS PIPELINE II=1
        const data_T word = in.read();
        for (unsigned c = 0; c < data_T::size; c++) {
            #pragma HLS UNROLL
            x[w * data_T::size + c] = word[c];
        }
    }
    FN::apply(x, y);
    for (unsigned w = 0; w < N_OUT_WORDS; w++) {
        #pragma HLS PIPELINE II=1
        res_T word;
        for (unsigned c = 0; c < res_T::size; c++) {
            #pragma HLS UNROLL
            word[c] = y[w * res_T::size + c];
        }
        out.write(word);
    }
}

} // namespace nnet

#endif
