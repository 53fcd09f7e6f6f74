// The speaker's way out: an SDL audio device fed with SDL_QueueAudio. The only read-aloud code that
// knows SDL.
#pragma once

#include "window/model/speech.hpp"

#include <SDL.h>

#include <string>

namespace salesim::window {

class SpeechOutput {
public:
    SpeechOutput() = default;
    ~SpeechOutput();
    SpeechOutput(const SpeechOutput&) = delete;
    SpeechOutput& operator=(const SpeechOutput&) = delete;

    /// Starts SDL's audio and opens the default device for mono 16-bit audio at `sample_rate` (SDL
    /// converts to what the device takes). Empty on success, else SDL's reason.
    std::string open(int sample_rate);
    /// Queues `audio` after what is playing; audio at another rate than the device's is dropped.
    /// Safe from the speaker's worker thread (SDL locks the device).
    void play(const SpeechAudio& audio);
    /// Drops what is queued: the line being read is cut off.
    void clear();

private:
    SDL_AudioDeviceID m_device = 0;
    int m_rate = 0;
    bool m_subsystem = false;
};

}  // namespace salesim::window
