// Checks a screenshot is not blank: prints its size and distinct colours, fails under a minimum.
#include <stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <unordered_set>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: salesim_png_check FILE.png [MIN_COLOURS]\n");
        return 2;
    }
    const int min_colours = argc > 2 ? std::atoi(argv[2]) : 20;
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load(argv[1], &w, &h, &n, 4);
    if (px == nullptr) {
        std::fprintf(stderr, "%s: error: cannot read the PNG (%s)\n", argv[1], stbi_failure_reason());
        return 1;
    }
    std::unordered_set<unsigned> colours;
    const std::size_t count = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
    for (std::size_t i = 0; i < count; ++i) {
        const unsigned char* p = px + i * 4;
        colours.insert((unsigned{p[0]} << 16) | (unsigned{p[1]} << 8) | unsigned{p[2]});
    }
    stbi_image_free(px);
    std::printf("%s: %dx%d, %zu distinct colours\n", argv[1], w, h, colours.size());
    if (w < 320 || h < 240) {
        std::fprintf(stderr, "%s: error: the image is only %dx%d\n", argv[1], w, h);
        return 1;
    }
    if (colours.size() < static_cast<std::size_t>(min_colours)) {
        std::fprintf(stderr, "%s: error: only %zu distinct colours; the window drew (almost) nothing\n",
                     argv[1], colours.size());
        return 1;
    }
    return 0;
}
