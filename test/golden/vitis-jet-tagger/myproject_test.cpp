// Testbench of myproject: reads one sample per line (inputs concatenated, model layout = IR layout),
// writes one line of outputs per sample, and compares with the predictions if they exist.
// Usage: myproject_test [inputs.dat] [results.log] [predictions.dat]
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "firmware/myproject.h"

static bool read_row(std::ifstream &f, std::vector<double> &row) {
    std::string line;
    while (std::getline(f, line)) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        std::istringstream ss(line);
        row.clear();
        double v;
        while (ss >> v) row.push_back(v);
        return true;
    }
    return false;
}

int main(int argc, char **argv) {
    const char *in_path = argc > 1 ? argv[1] : "tb_data/tb_input_features.dat";
    const char *out_path = argc > 2 ? argv[2] : "tb_data/csim_results.log";
    const char *pred_path = argc > 3 ? argv[3] : "tb_data/tb_output_predictions.dat";
    std::ifstream fin(in_path);
    if (!fin) { std::fprintf(stderr, "cannot open %s\n", in_path); return 2; }
    std::ifstream fpred(pred_path);
    FILE *fout = std::fopen(out_path, "w");
    if (!fout) { std::fprintf(stderr, "cannot write %s\n", out_path); return 2; }
    const size_t n_in = 0 + N_INPUT_1;
    const size_t n_out = 0 + N_OUTPUT_1;
    std::vector<double> row, pred;
    long samples = 0, mismatches = 0;
    while (read_row(fin, row)) {
        if (row.size() != n_in) {
            std::fprintf(stderr, "sample %ld has %zu values, expected %zu\n", samples, row.size(), n_in);
            return 2;
        }
        size_t k = 0;
        input_t input[N_INPUT_1];
        for (int i = 0; i < N_INPUT_1; i++) input[i] = row[k++];
        result_t dense_4_softmax_out[N_OUTPUT_1];
        myproject(input, dense_4_softmax_out);
        std::vector<double> out;
        for (int i = 0; i < N_OUTPUT_1; i++) out.push_back(dense_4_softmax_out[i].to_double());
        for (size_t i = 0; i < out.size(); i++) std::fprintf(fout, "%s%.17g", i ? " " : "", out[i]);
        std::fprintf(fout, "\n");
        if (fpred && read_row(fpred, pred)) {
            bool same = pred.size() == n_out;
            for (size_t i = 0; same && i < n_out; i++) same = pred[i] == out[i];
            if (!same) mismatches++;
        }
        samples++;
    }
    std::fclose(fout);
    std::printf("%ld samples, %ld differ from the predictions\n", samples, mismatches);
    return mismatches ? 1 : 0;
}
