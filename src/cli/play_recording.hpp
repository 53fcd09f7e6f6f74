// Records a terminal play into the results store; a store problem is reported once and never stops the game.
#pragma once

#include <salesim/results/recorder.hpp>
#include <salesim/results/sqlite_store.hpp>

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>

namespace salesim::cli {

class PlayRecording {
public:
    /// Starts an attempt for `trainee` ("" means $USER, else "trainee") unless `off`.
    PlayRecording(const CLI::App& sub, std::string trainee, bool off, const Session& session,
                  const std::string& lang);
    /// Call after each Session::choose().
    void decision(const Session& session);
    /// Call when the session has finished.
    void finish(const Session& session);

private:
    void fail(const std::exception& e);

    std::unique_ptr<results::SqliteStore> m_store;
    std::optional<results::Recorder> m_recorder;
    results::AttemptId m_id = 0;
};

}  // namespace salesim::cli
