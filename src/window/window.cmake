# The window: SDL2 + Dear ImGui (Debian's libimgui.a, with the SDL2 and OpenGL3 backends) + OpenGL.
# Included from src/CMakeLists.txt when SALESIM_WINDOW is on.
find_package(SDL2 REQUIRED)
find_package(OpenGL REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
# Read-aloud: Debian's libespeak-ng-dev ships espeak-ng.pc.
pkg_check_modules(ESPEAK_NG REQUIRED IMPORTED_TARGET espeak-ng)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3 REQUIRED)

# The logic without SDL, ImGui or GL: string tables, themes, glyphs, moods, settings, the controller.
# A library of its own so the unit tests link it without a display.
add_library(salesim_window_logic STATIC
  ${CMAKE_CURRENT_LIST_DIR}/model/theme.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/glyphs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/mood.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/prefs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/game.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/commands.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/editor_model.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/editor_commands.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/map_names.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/window_results.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/option_keys.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/live_class.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/speech.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/motion.cpp
)
target_include_directories(salesim_window_logic PUBLIC ${CMAKE_CURRENT_LIST_DIR}/..)
target_link_libraries(salesim_window_logic PUBLIC salesim_results salesim_app salesim_classroom)
target_link_libraries(salesim_window_logic PUBLIC salesim_engine salesim_warnings
                                           PRIVATE yaml-cpp nlohmann_json::nlohmann_json PkgConfig::ESPEAK_NG)
find_package(Threads REQUIRED)
target_link_libraries(salesim_window_logic PUBLIC Threads::Threads)

target_sources(salesim PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/window.cpp
  ${CMAKE_CURRENT_LIST_DIR}/layout_audit.cpp
  ${CMAKE_CURRENT_LIST_DIR}/speech_output.cpp
  ${CMAKE_CURRENT_LIST_DIR}/views/style.cpp
  ${CMAKE_CURRENT_LIST_DIR}/views/widgets.cpp
  ${CMAKE_CURRENT_LIST_DIR}/views/frame.cpp
  ${CMAKE_CURRENT_LIST_DIR}/views/start.cpp
  ${CMAKE_CURRENT_LIST_DIR}/views/library.cpp
  ${CMAKE_CURRENT_LIST_DIR}/views/play.cpp
  ${CMAKE_CURRENT_LIST_DIR}/views/portrait.cpp
  ${CMAKE_CURRENT_LIST_DIR}/views/debrief.cpp
  ${CMAKE_CURRENT_LIST_DIR}/views/settings.cpp
  ${CMAKE_CURRENT_LIST_DIR}/views/error_dialog.cpp
  ${CMAKE_CURRENT_LIST_DIR}/views/editor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/views/trainer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/views/trainer_lock.cpp
  ${CMAKE_CURRENT_LIST_DIR}/views/profiles.cpp
  ${CMAKE_CURRENT_LIST_DIR}/views/class_trainee.cpp
  ${CMAKE_CURRENT_LIST_DIR}/views/class_run.cpp
)
target_compile_definitions(salesim PRIVATE SALESIM_HAVE_WINDOW)
target_link_libraries(salesim PRIVATE salesim_window_logic SDL2::SDL2 PkgConfig::IMGUI OpenGL::GL ${CMAKE_DL_LIBS})
