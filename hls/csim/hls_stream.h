// hlsnet csim: hls::stream<T> for g++ C simulation, an unbounded FIFO (std::deque).
// Reading an empty stream is a kernel bug (hardware would stall forever): we say so and abort.
#ifndef HLSNET_HLS_STREAM_H
#define HLSNET_HLS_STREAM_H

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>

namespace hls {

template <typename T, int DEPTH = 0>
class stream {
 public:
  stream() : name_("hls::stream") {}
  explicit stream(const char* name) : name_(name) {}
  stream(const stream&) = delete;
  stream& operator=(const stream&) = delete;

  bool empty() const { return q_.empty(); }
  bool full() const { return false; }
  std::size_t size() const { return q_.size(); }

  T read() {
    if (q_.empty()) {
      std::fprintf(stderr, "hlsnet csim: read from empty stream '%s' (a kernel reads more than was written)\n",
                   name_.c_str());
      std::fflush(stderr);
      std::abort();
    }
    T v = q_.front();
    q_.pop_front();
    return v;
  }
  void read(T& v) { v = read(); }
  bool read_nb(T& v) {
    if (q_.empty()) return false;
    v = read();
    return true;
  }
  void operator>>(T& v) { read(v); }

  void write(const T& v) { q_.push_back(v); }
  bool write_nb(const T& v) {
    write(v);
    return true;
  }
  void operator<<(const T& v) { write(v); }

 private:
  std::string name_;
  std::deque<T> q_;
};

}  // namespace hls

#endif
