// UI-only state (what is selected, typed, open) and the commands views send. Game state lives in Game.
#pragma once

#include "window/model/prefs.hpp"
#include "window/model/theme.hpp"
#include "window/model/window_results.hpp"

#include <salesim/mode.hpp>
#include <salesim/results/report.hpp>
#include <salesim/session.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace salesim::window {

enum class Screen { Start, Library, Play, Debrief, Trainer, Editor };

/// The commands views send: one small struct each, carrying exactly what it needs.
namespace cmd {
struct SetName {
    std::string name;
};
struct SetLang {
    std::string lang;
};
struct GoTo {
    Screen screen;
};
struct StartScenario {
    // A constructor, so `StartScenario{id}` leaves the mode unset without naming it.
    explicit StartScenario(std::string scenario, std::optional<Mode> in = std::nullopt)
        : id(std::move(scenario)), mode(in) {}
    std::string id;
    std::optional<Mode> mode;  ///< unset: the settings' mode (a group's required mode wins either way)
};
struct Choose {
    std::size_t option;  ///< 0-based
};
struct Hint {};
struct Rewind {
    std::size_t keep;  ///< decisions to keep
};
struct SaveResult {};
struct Resume {};
struct DiscardResume {};
struct SetScale {
    int percent;
};
struct SetTheme {
    ThemeId theme;
};
struct SetReadAloud {
    bool on;
};
struct SetReduceMotion {
    bool on;
};
struct SetFont {
    FontChoice font;
};
/// Where results are kept: a PostgreSQL URL or a SQLite file ("" for the data folder's file).
struct SetStore {
    std::string location;
};
/// The settings' mode for new attempts.
struct SetMode {
    Mode mode;
};
/// The mode the library's start offers for the next attempt.
struct PickStartMode {
    Mode mode;
};
struct OpenSettings {};
struct CloseSettings {};
struct ReloadLibrary {};
struct DismissError {};
struct Quit {};
/// Quit from the menu: mid-play it asks first (the attempt stays resumable either way).
struct AskQuit {};
struct CancelQuit {};
struct CreateProfile {};  ///< from UiState::profile
/// Picks a trainee; then the scenarios, unless an attempt waits to resume.
struct PickProfile {
    std::string name;
};
struct RefreshReport {};  ///< rebuild the trainer's report for UiState::trainer.filter
struct LoadProgress {};   ///< read the progress series of the trainer's view's selected section
struct Export {
    ExportKind kind;  ///< of UiState::trainer.filter
};
// The Trainer view's Groups panel; groups and trainees by name, scenarios by id.
/// A new group; an empty or taken name is refused in UiState::trainer.group_error.
struct CreateGroup {
    std::string name;
};
struct AddMember {
    std::string group;
    std::string trainee;
};
struct RemoveMember {
    std::string group;
    std::string trainee;
};
struct AssignScenario {
    std::string group;
    std::string scenario;  ///< id
};
struct UnassignScenario {
    std::string group;
    std::string scenario;  ///< id
};
struct SetGroupMode {
    std::string group;
    std::optional<Mode> mode;  ///< unset: any
};
struct EditorOpen {
    std::string path;
};
struct EditorNew {
    std::string path;  ///< the file it will be saved as
};
struct EditorEdit {
    std::string text;  ///< the whole buffer after an edit
};
struct EditorSetPath {
    std::string path;  ///< the file Save writes to
};
struct EditorSave {
    bool then_quit = false;
};
struct EditorRestore {};         ///< take the autosaved text offered on open
struct EditorDiscardRestore {};  ///< drop the autosave offered on open
struct EditorListFiles {};       ///< look again at the scenarios folder for the file list
struct EditorPlaytest {};        ///< start a play-test from ui.editor's target and starting state
struct EditorPlayChoose {
    std::size_t option;  ///< 0-based, of the play-test's decision
};
struct EditorPlayStop {};
struct EditorQuitDiscard {};  ///< quit and drop the unsaved changes
/// Save the open file as the user's own copy (a shipped scenario) and go on editing the copy.
struct EditorSaveCopy {
    bool then_quit = false;
};
struct OpenJoinClass {};  ///< the "Join a class" form
struct CloseJoinClass {};
struct JoinClass {};     ///< with UiState::join's address, code and name
struct LeaveClass {};    ///< stop following the class, back to the library
struct OpenRunClass {};  ///< the trainer's "Run a class" form
struct CloseRunClass {};
struct StartClass {};  ///< with UiState::run's choices
struct EndClass {};
struct StopClass {};
struct OpenBoard {};         ///< the running class's trainer page in the browser
struct SubmitPassphrase {};  ///< with UiState::lock's fields
struct CancelPassphrase {};
struct ChangePassphrase {};  ///< from the settings: the passphrase dialog, to change it
struct LockTrainer {};       ///< close the trainer's tools until the passphrase is given again
}  // namespace cmd

/// What a view asks for; applied between frames so views never change the game while drawing it.
using Command = std::variant<
    cmd::SetName, cmd::SetLang, cmd::GoTo, cmd::StartScenario, cmd::Choose, cmd::Hint, cmd::Rewind,
    cmd::SaveResult, cmd::Resume, cmd::DiscardResume, cmd::SetScale, cmd::SetTheme, cmd::SetReadAloud,
    cmd::SetFont, cmd::SetStore, cmd::SetMode, cmd::PickStartMode, cmd::OpenSettings, cmd::CloseSettings,
    cmd::ReloadLibrary, cmd::DismissError, cmd::Quit, cmd::AskQuit, cmd::CancelQuit, cmd::CreateProfile,
    cmd::PickProfile, cmd::RefreshReport, cmd::LoadProgress, cmd::Export, cmd::EditorOpen, cmd::EditorNew,
    cmd::EditorEdit, cmd::EditorSetPath, cmd::EditorSave, cmd::EditorRestore, cmd::EditorDiscardRestore,
    cmd::EditorListFiles, cmd::EditorPlaytest, cmd::EditorPlayChoose, cmd::EditorPlayStop,
    cmd::EditorQuitDiscard, cmd::OpenJoinClass, cmd::CloseJoinClass, cmd::JoinClass, cmd::LeaveClass,
    cmd::OpenRunClass, cmd::CloseRunClass, cmd::StartClass, cmd::EndClass, cmd::StopClass, cmd::OpenBoard,
    cmd::SetReduceMotion, cmd::CreateGroup, cmd::AddMember, cmd::RemoveMember, cmd::AssignScenario,
    cmd::UnassignScenario, cmd::SetGroupMode, cmd::SubmitPassphrase, cmd::CancelPassphrase,
    cmd::ChangePassphrase, cmd::LockTrainer, cmd::EditorSaveCopy>;

using Commands = std::vector<Command>;

struct LibraryFilter {
    int context = 0;        ///< 0 all, else index into the contexts list + 1
    int difficulty = 0;     ///< 0 all, else 1..5
    int stage = 0;          ///< 0 all, else stage number: scenarios that include that stage
    std::string practises;  ///< "" all, else a method, technique or competency id
    int sort = 0;           ///< 0 recommended, 1 difficulty, 2 title (the tutorial is always first)
};

/// The start screen's new-profile form.
struct ProfileDraft {
    std::string name;
    std::string external_id;
    std::string email;
    bool open = false;  ///< the form is shown instead of the list
};

/// The library list's rows as last drawn: their heights by scenario id (a row far from the view is
/// left empty at that height), for the list's width and scale.
struct LibraryRows {
    std::map<std::string, float, std::less<>> heights;
    float width = 0.0f;
    float scale = 0.0f;
    int drawn = 0;  ///< rows drawn in the last frame
};

/// The trainer's view: the filter and which trainee or group is shown.
struct TrainerUi {
    results::ReportFilter filter;
    bool show_group = false;  ///< the selected section is a group (else a trainee)
    std::string selected;     ///< its name; "" picks the first
    std::string since_edit;   ///< the date fields as typed; applied once complete
    std::string until_edit;
    // The Groups panel.
    std::string new_group;    ///< the new group's name as typed
    std::string group_error;  ///< why the last new group was refused ("" when it was not)
    std::string group;        ///< the group being managed; "" or one not there picks the first
};

/// A scenario file the editor's file list offers.
struct EditorFile {
    std::string path;
    bool shipped = false;  ///< a shipped scenario: it opens read-only
};

/// The scenario editor's UI state: what is typed and picked. The file and its checks live in the
/// Game's EditorModel.
struct EditorUi {
    enum class Tab { Playtest, Map, Translations };
    std::string text;  ///< the buffer as typed (sent to the model on every change)
    std::string path_field;
    std::optional<SourceLoc> go_to;  ///< move the cursor here once the text field has focus
    SourceLoc cursor{1, 1};
    int marked_line = 0;      ///< a read-only text's line gone to from a finding or the map (0: none)
    float scroll_to = -1.0f;  ///< scroll the text here next frame, < 0 for none
    Tab tab = Tab::Playtest;
    int tab_request = 2;        ///< frames left to force `tab` open (ImGui selects a tab a frame late)
    int target = 0;             ///< index into play_targets() of the scenario
    BuyerState start;           ///< the play-test's starting buyer state
    bool start_loaded = false;  ///< start was taken from the scenario
    bool quit_ask = false;      ///< the unsaved-changes question is open
    bool quit_shown = false;
    /// The scenario files the file list offers, as last looked up (when the list is opened, after
    /// a save); never read from the folder while drawing.
    std::vector<EditorFile> files;
    bool files_open = false;  ///< the file list is open (it was looked up when it opened)
};

/// The "Join a class" form.
struct JoinForm {
    bool open = false;
    std::string address;  ///< "HOST:PORT" from the board
    std::string code;
    std::string name;   ///< prefilled with the trainee's name when the form opens
    std::string error;  ///< why the last join failed, shown in the form
};

/// The trainer's "Run a class" form.
struct RunForm {
    bool open = false;
    std::string scenario;  ///< id; "" picks the library's first
    std::string group;
    Mode mode = Mode::Practice;
    bool trainer_pacing = false;  ///< every decision waits for the trainer
    std::string error;
};

/// The trainer passphrase dialog: set on first use, asked before the trainer's tools (the Trainer
/// view, "Run a class", saving into a school's shared folder), or changed from the settings.
struct LockForm {
    enum class Kind { Set, Unlock, Change };
    bool open = false;
    Kind kind = Kind::Unlock;
    // What is typed; wiped (app::wipe_secret) after every try.
    std::string old_passphrase;  ///< Change only
    std::string passphrase;
    std::string repeat;  ///< Set and Change
    std::string error;   ///< why the last try failed, shown in the dialog
    int focus = 0;       ///< the field to put keyboard focus in next frame, -1 none
    /// What waits for the unlock, done in order once it succeeds and dropped on Cancel.
    std::vector<Command> then;
    bool back_to_settings = false;  ///< opened from the settings, which open again after
    bool changed = false;           ///< the last Change succeeded (the settings say so)
};

struct UiState {
    Screen screen = Screen::Start;
    bool settings_open = false;
    bool quit = false;

    std::string name_edit;  ///< the start screen's text field
    bool name_edit_loaded = false;

    LibraryFilter filter;
    std::string selected;            ///< scenario id
    LibraryRows library_rows;        ///< the list's rows as last drawn
    std::optional<Mode> start_mode;  ///< the library's mode choice; unset: the settings' mode

    std::optional<Hint> hint;  ///< shown for the decision it was taken at (its level: nudge or option)
    std::size_t hint_decision = 0;
    /// Seconds on the window's clock, set before each frame (window/model/motion.hpp); a scripted
    /// run counts frames instead, so its screenshots do not depend on the machine's speed.
    double anim_clock = 0.0;
    /// When the last decision was made on that clock: its verdict line fades in from then.
    std::optional<double> feedback_at;
    std::size_t transcript_seen = 0;  ///< lines already scrolled to
    /// The what-if being played replays this many decisions of the finished run (the banner).
    std::optional<std::size_t> what_if_from;

    /// The screen or the decision changed: the view puts keyboard focus on its first control
    /// (option 1, the debrief's "Play again") and clears this.
    bool refocus = true;
    /// The option that had keyboard focus in the last frame drawn, and whether all of it was in
    /// view (scripted runs report it).
    std::optional<std::size_t> focused_option;
    bool focused_option_visible = false;
    /// The label of the button with keyboard focus in the last frame ("" when none is one).
    std::string focused_button;
    /// How far the debrief is scrolled, and how far it can be (pixels).
    float debrief_scroll = 0.0f;
    float debrief_scroll_max = 0.0f;
    /// The height the decision panel's content took in the last frame (pixels): the panel is
    /// sized to it.
    float decision_h = 0.0f;

    /// Keys pressed this frame outside text fields: '0'..'9', 'a'..'z', '\n' for Enter and ' ' for
    /// Space (set by the event loop).
    std::vector<char> keys;

    bool quit_ask = false;  ///< "quit mid-play?" is open

    std::string error;         ///< the open error dialog's text, "" when none
    bool error_shown = false;  ///< the pop-up has been opened for this error
    bool diagnostics_shown = false;

    EditorUi editor;
    /// Shortcuts pressed this frame, in text fields too: "ctrl+s", "ctrl+n", "f5".
    std::vector<std::string> shortcuts;

    bool font_dirty = true;   ///< rebuild the font atlas before the next frame
    bool style_dirty = true;  ///< rebuild the style from the base style

    ProfileDraft profile;
    TrainerUi trainer;
    JoinForm join;
    RunForm run;
    LockForm lock;

    std::string store_editing;        ///< the settings' results-store field while it is being typed in
    bool store_editing_open = false;  ///< store_editing holds the field's text
    int scale_editing = -1;           ///< the settings' scale slider while dragged (the font waits), else -1
};

}  // namespace salesim::window
