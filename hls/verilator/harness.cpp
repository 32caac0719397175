// hlsnet's Verilator co-simulation harness: streams raw samples through the top module (II=1), one model per thread.
//
// Built by `hlsnet cosim` with `verilator --cc --exe --build --prefix Vtop`, so the model class is always Vtop.
// Files are little-endian int64 limbs: an element of width W takes ceil(W/64) limbs, low limb first, two's
// complement sign-extended (signed) or zero-extended (unsigned); samples follow each other, ports in order.
// Usage: harness --in FILE --out FILE --in-port OFF,W,N,S ... --out-port OFF,W,N,S ... [--threads T]
//                [--latency L] [--idle SEED] [--progress]        (S = 1 signed, 0 unsigned)
// Prints one JSON line of statistics on stdout; errors go to stderr with exit code 2 (3: bad input data).
#include "Vtop.h"
#include "verilated.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace {

typedef unsigned __int128 u128;

struct Field { size_t offset; unsigned width; size_t count; bool isSigned; };

struct Layout {
  std::vector<Field> fields;
  size_t limbs = 0;  // int64 limbs per sample
  size_t bits = 0;   // highest bus bit used + 1
  void add(const Field& f) {
    fields.push_back(f);
    limbs += f.count * ((f.width + 63) / 64);
    bits = std::max(bits, f.offset + f.count * f.width);
  }
};

// Verilator's port types: CData/SData/IData/QData (up to 8/16/32/64 bits) and VlWide<N> (N 32-bit words).
// Every bus is handled as an image of 32-bit words; these overloads copy the image in and out.
template <typename T>
typename std::enable_if<std::is_integral<T>::value>::type toPort(T& p, const uint32_t* w) {
  p = static_cast<T>(static_cast<uint64_t>(w[0]) | (static_cast<uint64_t>(w[1]) << 32));
}
template <std::size_t N> void toPort(VlWide<N>& p, const uint32_t* w) {
  for (std::size_t i = 0; i < N; i++) p.at(i) = w[i];
}
template <typename T>
typename std::enable_if<std::is_integral<T>::value>::type fromPort(const T& p, uint32_t* w) {
  const uint64_t v = static_cast<uint64_t>(p);
  w[0] = static_cast<uint32_t>(v);
  w[1] = static_cast<uint32_t>(v >> 32);
}
template <std::size_t N> void fromPort(const VlWide<N>& p, uint32_t* w) {
  for (std::size_t i = 0; i < N; i++) w[i] = p.at(i);
}
template <typename T> size_t portBits(const T&) { return sizeof(T) * 8; }
template <std::size_t N> size_t portBits(const VlWide<N>&) { return N * 32; }

// n <= 64 bits at bit `pos` of a word image; images carry 3 spare words so the reads never run past the end.
uint64_t getBits(const uint32_t* w, size_t pos, unsigned n) {
  const size_t i = pos >> 5;
  const u128 x = static_cast<u128>(w[i]) | (static_cast<u128>(w[i + 1]) << 32) | (static_cast<u128>(w[i + 2]) << 64);
  const uint64_t v = static_cast<uint64_t>(x >> (pos & 31));
  return n >= 64 ? v : v & ((1ULL << n) - 1);
}
void orBits(uint32_t* w, size_t pos, uint64_t v) {
  const size_t i = pos >> 5;
  const u128 x = static_cast<u128>(v) << (pos & 31);
  w[i] |= static_cast<uint32_t>(x);
  w[i + 1] |= static_cast<uint32_t>(x >> 32);
  w[i + 2] |= static_cast<uint32_t>(x >> 64);
}

// Limbs -> bus bits. Returns false when a value does not fit its element (a quantization bug upstream).
bool pack(const Layout& l, const int64_t* limbs, uint32_t* w, size_t words) {
  std::memset(w, 0, words * 4);
  for (const Field& f : l.fields) {
    for (size_t k = 0; k < f.count; k++) {
      const size_t pos = f.offset + k * f.width;
      for (unsigned j = 0; j * 64 < f.width; j++) {
        const unsigned n = std::min(64u, f.width - j * 64);
        const uint64_t v = static_cast<uint64_t>(*limbs++);
        if (n < 64 && j * 64 + n == f.width) {
          const uint64_t ext = f.isSigned ? static_cast<uint64_t>(static_cast<int64_t>(v << (64 - n)) >> (64 - n)) : v & ((1ULL << n) - 1);
          if (ext != v) return false;
        }
        orBits(w, pos + j * 64, n < 64 ? v & ((1ULL << n) - 1) : v);
      }
    }
  }
  return true;
}

// Bus bits -> limbs, sign-extending each signed element from its top bit.
void unpack(const Layout& l, const uint32_t* w, int64_t* limbs) {
  for (const Field& f : l.fields) {
    for (size_t k = 0; k < f.count; k++) {
      const size_t pos = f.offset + k * f.width;
      for (unsigned j = 0; j * 64 < f.width; j++) {
        const unsigned n = std::min(64u, f.width - j * 64);
        uint64_t v = getBits(w, pos + j * 64, n);
        if (f.isSigned && n < 64 && j * 64 + n == f.width && ((v >> (n - 1)) & 1)) v |= ~0ULL << n;
        *limbs++ = static_cast<int64_t>(v);
      }
    }
  }
}

// splitmix64: a seeded, portable pattern of idle cycles and junk data.
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
};

struct Options {
  Layout in, out;
  unsigned threads = 1;
  uint64_t latency = 0;
  bool idle = false;
  uint64_t seed = 0;
  bool progress = false;
};

struct Result {
  std::string error;
  uint64_t cycles = 0, firstIn = 0, firstOut = 0, latMin = ~0ULL, latMax = 0;
};

// Random bits below `bits` (the highest bit the layout uses: Verilator expects bits above a port's width to be 0):
// what sits on in_data while in_valid is low.
void junk(Rng& r, uint32_t* w, size_t words, size_t bits) {
  for (size_t i = 0; i < words; i++) w[i] = static_cast<uint32_t>(r.next());
  for (size_t b = bits; b < words * 32; b++) w[b >> 5] &= ~(1u << (b & 31));
}

void runRange(const Options& o, const int64_t* in, int64_t* out, size_t begin, size_t end, Result& r, std::atomic<size_t>& done);

// Runs one range and counts it finished whatever happens, so the progress loop always ends.
void runCounted(const Options& o, const int64_t* in, int64_t* out, size_t begin, size_t end, Result& r, std::atomic<size_t>& done,
                std::atomic<size_t>& finished) {
  runRange(o, in, out, begin, end, r, done);
  finished.fetch_add(1);
}

void runRange(const Options& o, const int64_t* in, int64_t* out, size_t begin, size_t end, Result& r, std::atomic<size_t>& done) {
  auto ctx = std::make_unique<VerilatedContext>();
  ctx->randReset(2);  // registers start random: the reset below must clear the valid pipeline
  ctx->randSeed(static_cast<int>(1 + begin % 1000003));
  auto top = std::make_unique<Vtop>(ctx.get(), "top");
  const size_t inBits = portBits(top->in_data), outBits = portBits(top->out_data);
  if (o.in.bits > inBits || o.out.bits > outBits) {
    r.error = "the layout needs " + std::to_string(o.in.bits) + " in_data / " + std::to_string(o.out.bits) + " out_data bits, the model has " +
              std::to_string(inBits) + " / " + std::to_string(outBits);
    return;
  }
  const size_t inWords = (inBits + 31) / 32, outWords = (outBits + 31) / 32;
  std::vector<uint32_t> ib(inWords + 3), ob(outWords + 3);
  Rng rng{o.seed ^ (begin * 0x2545f4914f6cdd1dULL)};
  uint64_t t = 0;  // cycle number within this thread's stream
  // One clock cycle: inputs are set; combinational outputs are read before the rising edge.
  auto edge = [&]() { top->clk = 1; top->eval(); ctx->timeInc(1); top->clk = 0; };
  auto settle = [&]() { top->eval(); ctx->timeInc(1); };

  // Junk with in_valid high, also during reset (rst must win): afterwards nothing may come out until a valid sample goes in.
  top->clk = 0;
  top->in_valid = 1;
  for (uint64_t c = 0; c < o.latency + 4; c++) {
    top->rst = c >= o.latency + 2;
    junk(rng, ib.data(), inWords, o.in.bits);
    toPort(top->in_data, ib.data());
    settle();
    edge();
  }
  top->rst = 0;
  top->in_valid = 0;
  for (uint64_t c = 0; c < o.latency + 2; c++) {
    junk(rng, ib.data(), inWords, o.in.bits);
    toPort(top->in_data, ib.data());
    settle();
    if (top->out_valid) { r.error = "out_valid is high " + std::to_string(c) + " cycles after reset, before any valid input"; return; }
    edge();
  }

  std::deque<uint64_t> inflight;  // input cycle of every sample not yet out
  size_t next = begin, got = begin;
  uint64_t lastIn = 0;
  const uint64_t timeout = 2 * o.latency + 1000;
  while (got < end) {
    const bool valid = next < end && !(o.idle && rng.next() % 3 == 0);
    if (valid) {
      if (!pack(o.in, in + next * o.in.limbs, ib.data(), inWords)) {
        r.error = "input sample " + std::to_string(next) + " has a value outside its element's type";
        return;
      }
      if (next == begin) r.firstIn = t;
      inflight.push_back(t);
      lastIn = t;
      next++;
    } else {
      junk(rng, ib.data(), inWords, o.in.bits);
    }
    toPort(top->in_data, ib.data());
    top->in_valid = valid;
    settle();
    if (top->out_valid) {
      if (inflight.empty()) { r.error = "out_valid is high at cycle " + std::to_string(t) + " with no valid sample in flight"; return; }
      const uint64_t lat = t - inflight.front();
      inflight.pop_front();
      r.latMin = std::min(r.latMin, lat);
      r.latMax = std::max(r.latMax, lat);
      if (got == begin) r.firstOut = t;
      fromPort(top->out_data, ob.data());
      unpack(o.out, ob.data(), out + got * o.out.limbs);
      if ((++got - begin) % 256 == 0) done.fetch_add(256, std::memory_order_relaxed);
    } else if (next == end && t - lastIn > timeout) {
      r.error = "only " + std::to_string(got - begin) + " of " + std::to_string(end - begin) + " samples came out within " +
                std::to_string(timeout) + " cycles of the last input";
      return;
    }
    edge();
    t++;
  }
  done.fetch_add((got - begin) % 256, std::memory_order_relaxed);
  r.cycles = t;
  top->final();
}

bool parseField(const char* s, Field& f) {
  unsigned long long off, n;
  unsigned w, sg;
  if (std::sscanf(s, "%llu,%u,%llu,%u", &off, &w, &n, &sg) != 4 || w == 0) return false;
  f = Field{static_cast<size_t>(off), w, static_cast<size_t>(n), sg != 0};
  return true;
}

[[noreturn]] void fail(const std::string& msg, int code = 2) {
  std::fprintf(stderr, "error: %s\n", msg.c_str());
  std::exit(code);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  std::string inFile, outFile;
  for (int i = 1; i < argc; i++) {
    const std::string a = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
    Field f;
    if (a == "--progress") { o.progress = true; continue; }
    if (!v) fail("option " + a + " needs a value");
    i++;
    if (a == "--in") inFile = v;
    else if (a == "--out") outFile = v;
    else if (a == "--threads") o.threads = static_cast<unsigned>(std::max(1L, std::strtol(v, nullptr, 10)));
    else if (a == "--latency") o.latency = std::strtoull(v, nullptr, 10);
    else if (a == "--idle") { o.idle = true; o.seed = std::strtoull(v, nullptr, 10); }
    else if ((a == "--in-port" || a == "--out-port") && parseField(v, f)) (a == "--in-port" ? o.in : o.out).add(f);
    else fail("bad option " + a + " " + v);
  }
  if (inFile.empty() || outFile.empty() || o.in.limbs == 0 || o.out.limbs == 0) fail("need --in, --out, --in-port and --out-port");

  FILE* fi = std::fopen(inFile.c_str(), "rb");
  if (!fi) fail("cannot open " + inFile);
  std::vector<int64_t> in;
  int64_t buf[4096];
  for (size_t n; (n = std::fread(buf, 8, 4096, fi)) > 0;) in.insert(in.end(), buf, buf + n);
  std::fclose(fi);
  if (in.size() % o.in.limbs) fail("input file size is not a whole number of samples", 3);
  const size_t samples = in.size() / o.in.limbs;
  std::vector<int64_t> out(samples * o.out.limbs);

  // Disjoint contiguous ranges, one model (and VerilatedContext) per thread: results land in sample order.
  const size_t nt = std::max<size_t>(1, std::min<size_t>(o.threads, samples));
  std::vector<Result> results(nt);
  std::vector<std::thread> pool;
  std::atomic<size_t> done{0}, finished{0};
  for (size_t k = 0; k < nt; k++) {
    const size_t b = samples * k / nt, e = samples * (k + 1) / nt;
    pool.emplace_back(runCounted, std::cref(o), in.data(), out.data(), b, e, std::ref(results[k]), std::ref(done), std::ref(finished));
  }
  // Polled, not reported per sample: the simulation threads never wait on the terminal.
  for (size_t last = ~size_t(0); o.progress && finished.load() < nt;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const size_t d = done.load();
    if (d != last) { std::fprintf(stderr, "progress %zu %zu\n", d, samples); std::fflush(stderr); last = d; }
  }
  for (std::thread& th : pool) th.join();
  Result total;
  for (size_t k = 0; k < nt; k++) {
    const Result& r = results[k];
    if (!r.error.empty()) fail("samples " + std::to_string(samples * k / nt) + ".." + std::to_string(samples * (k + 1) / nt - 1) + ": " + r.error);
    total.cycles += r.cycles;
    total.latMin = std::min(total.latMin, r.latMin);
    total.latMax = std::max(total.latMax, r.latMax);
  }
  FILE* fo = std::fopen(outFile.c_str(), "wb");
  if (!fo || std::fwrite(out.data(), 8, out.size(), fo) != out.size() || std::fclose(fo) != 0) fail("cannot write " + outFile);
  const Result& r0 = results[0];
  std::printf("{\"samples\":%zu,\"threads\":%zu,\"cycles\":%llu,\"firstIn\":%llu,\"firstOut\":%llu,\"latencyMin\":%lld,\"latencyMax\":%lld}\n", samples, nt,
              static_cast<unsigned long long>(total.cycles), static_cast<unsigned long long>(r0.firstIn), static_cast<unsigned long long>(r0.firstOut),
              samples ? static_cast<long long>(total.latMin) : -1LL, samples ? static_cast<long long>(total.latMax) : -1LL);
  return 0;
}
