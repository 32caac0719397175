// dense_4_bias [5] of layer 'dense_4', fixed<16,6,RND>, exact values
#ifndef B8_H_
#define B8_H_

static const bias8_t b8[5] = {
    -0.08203125, 0.203125, 0.1083984375, -0.1064453125, -0.1650390625
};

#endif
