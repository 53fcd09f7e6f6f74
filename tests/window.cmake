# Window tests: unit tests of the window's logic (no display needed) and scripted play-throughs
# under Xvfb whose screenshots must not be blank.
if(NOT SALESIM_WINDOW)
  return()
endif()

add_executable(test_window
  ${CMAKE_CURRENT_LIST_DIR}/window/test_window_strings.cpp
  ${CMAKE_CURRENT_LIST_DIR}/window/test_window_theme.cpp
  ${CMAKE_CURRENT_LIST_DIR}/window/test_window_glyphs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/window/test_window_mood.cpp
  ${CMAKE_CURRENT_LIST_DIR}/window/test_window_game.cpp
  ${CMAKE_CURRENT_LIST_DIR}/window/test_window_editor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/window/test_window_trainer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/window/test_window_modes.cpp
)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SALESIM_STB REQUIRED IMPORTED_TARGET stb)
target_link_libraries(test_window PRIVATE salesim_window_logic salesim_warnings PkgConfig::SALESIM_STB
                                          GTest::gtest_main)
target_compile_definitions(test_window PRIVATE SALESIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
gtest_discover_tests(test_window WORKING_DIRECTORY ${SALESIM_TEST_CWD}
                     PROPERTIES FIXTURES_REQUIRED salesim_checkout ENVIRONMENT "${SALESIM_GTEST_ENV}" DISCOVERY_TIMEOUT 60)

# Counts the distinct colours of a PNG; a blank or black screenshot has very few.
add_executable(salesim_png_check ${CMAKE_CURRENT_LIST_DIR}/window/png_check.cpp)
target_link_libraries(salesim_png_check PRIVATE salesim_warnings PkgConfig::SALESIM_STB)

find_program(SALESIM_XVFB_RUN xvfb-run)
set(SALESIM_SHOT_DIR ${PROJECT_BINARY_DIR}/window-shots)
# salesim_window_test(NAME ARGS <salesim arguments> [EXPECT <regex the run's report must match>])
function(salesim_window_test name)
  cmake_parse_arguments(ARG "" "EXPECT" "ARGS" ${ARGN})
  add_test(NAME window_${name}
           COMMAND ${CMAKE_COMMAND}
                   -DXVFB_RUN=${SALESIM_XVFB_RUN} -DSALESIM=$<TARGET_FILE:salesim>
                   -DCHECK=$<TARGET_FILE:salesim_png_check> -DOUT=${SALESIM_SHOT_DIR}/${name}.png
                   -DDATA=${SALESIM_SHOT_DIR}/${name}-data "-DARGS=${ARG_ARGS}" "-DEXPECT=${ARG_EXPECT}"
                   -P ${CMAKE_CURRENT_LIST_DIR}/window/run_window.cmake)
  set_tests_properties(window_${name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120 RESOURCE_LOCK xvfb
                                                 ENVIRONMENT "${SALESIM_TEST_ENV}")
endfunction()

# Full play-throughs (option 1 at every decision until the debrief) in English and Finnish; the
# window reports after how many decisions the scenario ended and the script replays exactly those.
salesim_window_test(playthrough_en ARGS --scenario;tutorial-first-sale;--choices;1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1;--frames;8;--lang;en EXPECT "screen: debrief")
salesim_window_test(playthrough_fi ARGS --scenario;tutorial-first-sale;--choices;1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1;--frames;8;--lang;fi EXPECT "screen: debrief")
salesim_window_test(start_screen ARGS --view;start;--frames;6 EXPECT "screen: start")
salesim_window_test(high_contrast_200 ARGS --scenario;tutorial-first-sale;--choices;1,2;--frames;8;--theme;high-contrast;--scale;200 EXPECT "screen: play")
# Practice and assessment hide the meters (and assessment the hint button) on the play screen.
salesim_window_test(practice_fi ARGS --scenario;tutorial-first-sale;--choices;1,2;--frames;8;--lang;fi;--mode;practice EXPECT "screen: play")
salesim_window_test(assessment_en ARGS --scenario;tutorial-first-sale;--choices;1,2;--frames;8;--mode;assessment EXPECT "screen: play")

# The trainer's view over attempts recorded by `salesim play` for two trainees in a group.
foreach(lang en fi)
  add_test(NAME window_trainer_${lang}
           COMMAND ${CMAKE_COMMAND}
                   -DXVFB_RUN=${SALESIM_XVFB_RUN} -DSALESIM=$<TARGET_FILE:salesim>
                   -DCHECK=$<TARGET_FILE:salesim_png_check> -DOUT=${SALESIM_SHOT_DIR}/trainer_${lang}.png
                   -DDATA=${SALESIM_SHOT_DIR}/trainer_${lang}-data -DLANG=${lang}
                   -P ${CMAKE_CURRENT_LIST_DIR}/window/run_trainer.cmake)
  set_tests_properties(window_trainer_${lang} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 180 RESOURCE_LOCK xvfb
                                                         ENVIRONMENT "${SALESIM_TEST_ENV}")
endforeach()

# The Author screen on a shipped scenario, each side panel, in English and Finnish.
salesim_window_test(editor_en ARGS --view;editor;--edit;${PROJECT_SOURCE_DIR}/scenarios/tutorial-first-sale.yaml;--editor-tab;playtest;--frames;8;--lang;en EXPECT "screen: editor")
salesim_window_test(editor_map_fi ARGS --view;editor;--edit;${PROJECT_SOURCE_DIR}/scenarios/tutorial-first-sale.yaml;--editor-tab;map;--frames;8;--lang;fi EXPECT "screen: editor")
