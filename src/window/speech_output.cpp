// Read-aloud's audio device: opened when read-aloud is first used, fed by the speaker's worker.
#include "window/speech_output.hpp"

namespace salesim::window {

SpeechOutput::~SpeechOutput() {
    if (m_device != 0) SDL_CloseAudioDevice(m_device);
    if (m_subsystem) SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

std::string SpeechOutput::open(int sample_rate) {
    if (m_device != 0) return {};
    // Audio starts only with read-aloud: an idle audio thread would cost every trainee CPU time.
    if (!m_subsystem) {
        if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) return SDL_GetError();
        m_subsystem = true;
    }
    SDL_AudioSpec want{};
    want.freq = sample_rate;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 1024;
    want.callback = nullptr;  // fed with SDL_QueueAudio
    SDL_AudioSpec have{};
    m_device = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
    if (m_device == 0) return SDL_GetError();
    m_rate = sample_rate;
    SDL_PauseAudioDevice(m_device, 0);
    return {};
}

void SpeechOutput::play(const SpeechAudio& audio) {
    if (m_device == 0 || audio.sample_rate != m_rate || audio.samples.empty()) return;
    SDL_QueueAudio(m_device, audio.samples.data(),
                   static_cast<Uint32>(audio.samples.size() * sizeof(audio.samples[0])));
}

void SpeechOutput::clear() {
    if (m_device != 0) SDL_ClearQueuedAudio(m_device);
}

}  // namespace salesim::window
