// fc4_bias [5] of layer 'fc4', fixed<16,6,RND>, exact values
#ifndef B8_H_
#define B8_H_

static const bias8_t b8[5] = {
    -0.0107421875, -0.0087890625, 0.0693359375, -0.115234375, 0.0751953125
};

#endif
