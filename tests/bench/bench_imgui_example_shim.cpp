// Timing shim for Dear ImGui's stock SDL2 + OpenGL3 example, the reference of scripts/bench.sh.
// The example is compiled unchanged with -DSDL_GL_SwapWindow=bench_swap_window; this file (built
// without that macro) times each swap like `salesim --timing` does and, when BENCH_FRAMES is set,
// prints the same lines and exits after that many frames.
#include <SDL.h>
#include <SDL_opengl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// Set before main() runs, as close to the process start as the example's own code allows.
const Clock::time_point start = Clock::now();

double percentile(std::vector<double> ms, double p) {
    if (ms.empty()) return 0;
    std::sort(ms.begin(), ms.end());
    const auto i = static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1) + 0.5);
    return ms[std::min(i, ms.size() - 1)];
}

}  // namespace

extern "C" void bench_swap_window(SDL_Window* window) {
    static const char* env = std::getenv("BENCH_FRAMES");
    static const long frames = env != nullptr ? std::atol(env) : 0;
    static std::vector<double> frame_ms;
    static double first_ms = -1;
    static Clock::time_point last;
    SDL_GL_SwapWindow(window);
    if (frames <= 0) return;
    glFinish();
    const Clock::time_point now = Clock::now();
    if (first_ms < 0)
        first_ms = std::chrono::duration<double, std::milli>(now - start).count();
    else
        frame_ms.push_back(std::chrono::duration<double, std::milli>(now - last).count());
    last = now;
    if (static_cast<long>(frame_ms.size()) + 1 >= frames) {
        std::printf("first frame: %.1f ms\nframes: %zu\nframe p50: %.2f ms\nframe p95: %.2f ms\n", first_ms,
                    frame_ms.size() + 1, percentile(frame_ms, 0.5), percentile(frame_ms, 0.95));
        std::fflush(stdout);
        std::_Exit(0);
    }
}
