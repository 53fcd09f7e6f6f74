# The window: SDL2 + Dear ImGui (Debian's libimgui.a, with the SDL2 and OpenGL3 backends) + OpenGL.
# Included from src/CMakeLists.txt when SALESIM_WINDOW is on.
find_package(SDL2 REQUIRED)
find_package(OpenGL REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3 REQUIRED)

# The logic without SDL, ImGui or GL: string tables, themes, glyphs, moods, settings, the controller.
# A library of its own so the unit tests link it without a display.
add_library(salesim_window_logic STATIC
  ${CMAKE_CURRENT_LIST_DIR}/theme.cpp
  ${CMAKE_CURRENT_LIST_DIR}/glyphs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mood.cpp
  ${CMAKE_CURRENT_LIST_DIR}/prefs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/game.cpp
  ${CMAKE_CURRENT_LIST_DIR}/commands.cpp
  ${CMAKE_CURRENT_LIST_DIR}/editor_model.cpp
  ${CMAKE_CURRENT_LIST_DIR}/editor_commands.cpp
  ${CMAKE_CURRENT_LIST_DIR}/window_results.cpp
)
target_include_directories(salesim_window_logic PUBLIC ${CMAKE_CURRENT_LIST_DIR}/..)
target_link_libraries(salesim_window_logic PUBLIC salesim_results salesim_app)
target_link_libraries(salesim_window_logic PUBLIC salesim_engine salesim_warnings
                                           PRIVATE yaml-cpp nlohmann_json::nlohmann_json)

target_sources(salesim PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/window.cpp
  ${CMAKE_CURRENT_LIST_DIR}/style.cpp
  ${CMAKE_CURRENT_LIST_DIR}/widgets.cpp
  ${CMAKE_CURRENT_LIST_DIR}/frame.cpp
  ${CMAKE_CURRENT_LIST_DIR}/start.cpp
  ${CMAKE_CURRENT_LIST_DIR}/library.cpp
  ${CMAKE_CURRENT_LIST_DIR}/play.cpp
  ${CMAKE_CURRENT_LIST_DIR}/portrait.cpp
  ${CMAKE_CURRENT_LIST_DIR}/debrief.cpp
  ${CMAKE_CURRENT_LIST_DIR}/settings.cpp
  ${CMAKE_CURRENT_LIST_DIR}/error_dialog.cpp
  ${CMAKE_CURRENT_LIST_DIR}/editor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trainer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/profiles.cpp
)
target_compile_definitions(salesim PRIVATE SALESIM_HAVE_WINDOW)
target_link_libraries(salesim PRIVATE salesim_window_logic SDL2::SDL2 PkgConfig::IMGUI OpenGL::GL ${CMAKE_DL_LIBS})
