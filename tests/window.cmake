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
  ${CMAKE_CURRENT_LIST_DIR}/window/test_window_author.cpp
  ${CMAKE_CURRENT_LIST_DIR}/window/test_window_trainer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/window/test_window_lock.cpp
  ${CMAKE_CURRENT_LIST_DIR}/window/test_window_groups.cpp
  ${CMAKE_CURRENT_LIST_DIR}/window/test_window_modes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/window/test_window_keys.cpp
  ${CMAKE_CURRENT_LIST_DIR}/window/test_window_focus.cpp
  ${CMAKE_CURRENT_LIST_DIR}/window/test_window_store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/window/test_window_class.cpp
  ${CMAKE_CURRENT_LIST_DIR}/window/test_window_speech.cpp
  ${CMAKE_CURRENT_LIST_DIR}/window/test_window_feedback.cpp
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
# The verdict line after a decision, in the transcript (look at window-shots/feedback_line.png): fully
# shown once its fade is over, part-way while it runs (the scripted clock counts frames).
salesim_window_test(feedback_line ARGS --scenario;tutorial-first-sale;--seed;7;--choices;1,1,1,1;--frames;12;--lang;en
                    EXPECT "feedback: .* weak .* 40 points .*trust -5, interest -3 \\(opacity 1\\.00\\)")
salesim_window_test(feedback_fading ARGS --scenario;tutorial-first-sale;--seed;7;--choices;1,1,1,1;--frames;3;--lang;en
                    EXPECT "feedback: .* \\(opacity 0\\.55\\)")
salesim_window_test(high_contrast_200 ARGS --scenario;tutorial-first-sale;--choices;1,2;--frames;8;--theme;high-contrast;--scale;200 EXPECT "screen: play")
# Practice and assessment hide the meters (and assessment the hint button) on the play screen.
salesim_window_test(practice_fi ARGS --scenario;tutorial-first-sale;--choices;1,2;--frames;8;--lang;fi;--mode;practice EXPECT "screen: play")
salesim_window_test(assessment_en ARGS --scenario;tutorial-first-sale;--choices;1,2;--frames;8;--mode;assessment EXPECT "screen: play")
# The dyslexia-friendly font at 100 % in Finnish (OpenDyslexic, DejaVu Sans behind it for dashes).
salesim_window_test(opendyslexic_fi ARGS --scenario;tutorial-first-sale;--choices;1,2;--frames;8;--lang;fi;--font;opendyslexic EXPECT "screen: play")
salesim_window_test(settings_opendyslexic_fi ARGS --view;settings;--frames;8;--lang;fi;--font;opendyslexic EXPECT "settings: open")
# Read-aloud with SDL's dummy audio driver: the buyer, an option focused with Down, R again, and the
# reply to a choice are spoken, and the window neither hangs nor crashes.
salesim_window_test(read_aloud_en ARGS --scenario;tutorial-first-sale;--keys;Down,R,1;--read-aloud EXPECT "read aloud: 4 lines")
set_tests_properties(window_read_aloud_en PROPERTIES ENVIRONMENT "${SALESIM_TEST_ENV};SDL_AUDIODRIVER=dummy")

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

# The library with one trainee's progress (attempts recorded by `salesim play`): the tutorial
# pinned first, difficulty, best score and pass mark per row, at 100% and 200%.
foreach(case en-100 fi-200)
  string(REPLACE "-" ";" parts ${case})
  list(GET parts 0 lang)
  list(GET parts 1 scale)
  add_test(NAME window_library_progress_${lang}_${scale}
           COMMAND ${CMAKE_COMMAND}
                   -DXVFB_RUN=${SALESIM_XVFB_RUN} -DSALESIM=$<TARGET_FILE:salesim>
                   -DCHECK=$<TARGET_FILE:salesim_png_check> -DOUT=${SALESIM_SHOT_DIR}/library_progress_${lang}_${scale}.png
                   -DDATA=${SALESIM_SHOT_DIR}/library_progress_${lang}_${scale}-data -DLANG=${lang} -DSCALE=${scale}
                   -P ${CMAKE_CURRENT_LIST_DIR}/window/run_library.cmake)
  set_tests_properties(window_library_progress_${lang}_${scale} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 180
                       RESOURCE_LOCK xvfb ENVIRONMENT "${SALESIM_TEST_ENV}")
endforeach()

# A library of 120 scenarios: only the rows around the view are drawn, and 40 times Down walks the
# list past its first screen (window/run_big_library.cmake).
add_test(NAME window_big_library
         COMMAND ${CMAKE_COMMAND}
                 -DXVFB_RUN=${SALESIM_XVFB_RUN} -DSALESIM=$<TARGET_FILE:salesim>
                 -DCHECK=$<TARGET_FILE:salesim_png_check> -DOUT=${SALESIM_SHOT_DIR}/big_library.png
                 -DDATA=${SALESIM_SHOT_DIR}/big_library-data -DSRC=${PROJECT_SOURCE_DIR}
                 -P ${CMAKE_CURRENT_LIST_DIR}/window/run_big_library.cmake)
set_tests_properties(window_big_library PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 180 RESOURCE_LOCK xvfb
                                                   ENVIRONMENT "${SALESIM_TEST_ENV}")

# A live class: joined through the window's form (the discussing banner, a vote), and run from the
# Trainer view; the screenshots are kept as class_*.png beside the others.
foreach(lang en fi)
  add_test(NAME window_class_${lang}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/window/run_class.sh $<TARGET_FILE:salesim>
                   $<TARGET_FILE:salesim_png_check> ${SALESIM_SHOT_DIR} ${lang})
  set_tests_properties(window_class_${lang} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 180 RESOURCE_LOCK xvfb
                                                       ENVIRONMENT "${SALESIM_TEST_ENV}")
endforeach()

# The Author screen on a shipped scenario, each side panel, in English and Finnish.
salesim_window_test(editor_en ARGS --view;editor;--edit;${PROJECT_SOURCE_DIR}/scenarios/tutorial-first-sale.yaml;--editor-tab;playtest;--frames;8;--lang;en EXPECT "screen: editor")
salesim_window_test(editor_map_fi ARGS --view;editor;--edit;${PROJECT_SOURCE_DIR}/scenarios/tutorial-first-sale.yaml;--editor-tab;map;--frames;8;--lang;fi EXPECT "screen: editor")

# Journeys driven by key presses alone (--keys), their report checked at every `check` and at the
# end (see window/run_journey.cmake); the screenshots of every check are kept beside the others.
# salesim_window_journey(NAME KEYS <comma list> EXPECT <conditions per check and end, @@ between>
#                        [ARGS <salesim arguments>] [FOCUSED_IS_CHOSEN] [THEN_KEYS <list> THEN_EXPECT <conditions>])
function(salesim_window_journey name)
  cmake_parse_arguments(ARG "FOCUSED_IS_CHOSEN" "KEYS;EXPECT;THEN_KEYS;THEN_EXPECT" "ARGS" ${ARGN})
  add_test(NAME window_journey_${name}
           COMMAND ${CMAKE_COMMAND}
                   -DXVFB_RUN=${SALESIM_XVFB_RUN} -DSALESIM=$<TARGET_FILE:salesim>
                   -DCHECK=$<TARGET_FILE:salesim_png_check> -DOUT=${SALESIM_SHOT_DIR}/journey_${name}.png
                   -DDATA=${SALESIM_SHOT_DIR}/journey_${name}-data "-DARGS=${ARG_ARGS}" "-DKEYS=${ARG_KEYS}"
                   "-DEXPECT=${ARG_EXPECT}" -DFOCUSED_IS_CHOSEN=${ARG_FOCUSED_IS_CHOSEN}
                   "-DTHEN_KEYS=${ARG_THEN_KEYS}" "-DTHEN_EXPECT=${ARG_THEN_EXPECT}"
                   -P ${CMAKE_CURRENT_LIST_DIR}/window/run_journey.cmake)
  set_tests_properties(window_journey_${name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 180 RESOURCE_LOCK xvfb
                                                         ENVIRONMENT "${SALESIM_TEST_ENV}")
endfunction()

# First run: make a profile, open the tutorial (pinned first and picked for a new profile, so
# Enter starts it), play it to the debrief with number keys, Enter,
# Space, the arrows and Tab, scroll the debrief, try another way from the last decision, then play
# again.
salesim_window_journey(first_run
  KEYS "text:Anna,Return,check,Return,check,Down,Return,Return,2,Down,Space,3,Tab,Tab,Return,3,Space,1,5,4,Return,1,Space,2,Down,Return,check,PageDown,check,Home,check,Shift+Tab,Return,check,1,check,Return"
  EXPECT "screen: library&&trainee: Anna@@screen: play&&scenario: tutorial-first-sale&&decisions: 0[^0-9]&&focus: option 1, in view@@screen: debrief&&choices: 2,1,2,2,3,3,3,1,1,5,4,1,1,1,2,2[^0-9,]&&outcome: sale&&focus: Play again&&scroll: 0 of [1-9]@@screen: debrief&&scroll: [1-9][0-9]* of&&focus: Play again@@screen: debrief&&scroll: 0 of@@screen: play&&decisions: 15[^0-9]&&what-if: from decision 16&&focus: option 1, in view@@screen: debrief&&what-if: from decision 16&&compared with: 16 decisions&&focus: Play again@@screen: play&&decisions: 0[^0-9]&&focus: option 1, in view&&!what-if")
# The library, the settings through the menu bar (Alt, then the arrows) and back to the list.
salesim_window_journey(library_settings
  KEYS "text:Bea,Return,check,Left Alt,Right,Right,Right,Right,Space,check,Escape,check,Down,Return"
  EXPECT "screen: library&&trainee: Bea&&!settings: open@@screen: library&&settings: open@@screen: library&&!settings: open@@screen: play&&scenario: bike-shop&&decisions: 0[^0-9]")
# A name with letters no shipped text has (Polish): the atlas takes them as they are typed, so the
# field and the menu bar draw them rather than '?'.
salesim_window_journey(typed_letters
  KEYS "text:Łukasz Żak,check,Return,check"
  EXPECT "screen: start&&!glyphs missing@@screen: library&&trainee: Łukasz Żak&&!glyphs missing")
# At a closing decision (11 options) a letter no button shows chooses nothing, and Right then
# Space chooses the option the focus ring moved to, which is in view.
salesim_window_journey(closing_focus
  ARGS --scenario;tutorial-first-sale;--choices;1,1,1,1,1,1,1,1,1,1,1,1,1,1
  KEYS "check,b,check,Right,check,Space"
  EXPECT "decisions: 14[^0-9]&&focus: option 1, in view@@decisions: 14[^0-9]&&focus: option 1, in view@@decisions: 14[^0-9]&&focus: option [2-9][0-9]*, in view@@decisions: 15[^0-9]"
  FOCUSED_IS_CHOSEN)
# Quitting mid-play asks first (Keep playing has focus); quitting keeps the attempt for resuming.
salesim_window_journey(quit_mid_play
  ARGS --scenario;tutorial-first-sale;--choices;1,1
  KEYS "Ctrl+q,check,Return,check,Ctrl+q,Tab,check,Return"
  EXPECT "quit: asked&&focus: Keep playing@@screen: play&&!quit:&&decisions: 2[^0-9]@@quit: asked&&focus: Quit@@quit: yes&&decisions: 2[^0-9]"
  THEN_KEYS "check"
  THEN_EXPECT "screen: start&&resume offer: tutorial-first-sale after 2 decisions")
# The Author view on a shipped scenario: read-only, with its banner; Ctrl+S saves the user's copy
# into the data folder's scenarios (a new name and id) and the editor goes on with the copy.
salesim_window_journey(editor_save_copy
  ARGS --view;editor;--edit;${PROJECT_SOURCE_DIR}/scenarios/tutorial-first-sale.yaml;--lang;fi
  KEYS "check,Ctrl+s,check"
  EXPECT "screen: editor&&editor: tutorial-first-sale.yaml \\(read-only\\)@@screen: editor&&editor: tutorial-first-sale-copy.yaml&&!read-only@@editor: tutorial-first-sale-copy.yaml&&!read-only")
# The trainer passphrase: the first opening of the Trainer view (Alt, then the menu) sets it, typed
# twice (a short one is refused); the next run asks for it, a wrong one keeps the view locked, and
# the right one opens it.
salesim_window_journey(trainer_lock
  KEYS "text:Tia,Return,Left Alt,Right,Right,Space,check,text:lemon,Return,text:lemonade42,Return,check,text:lemonade42,Tab,text:lemonade42,Return,check"
  EXPECT "screen: library&&trainer lock: not set&&passphrase dialog: set@@screen: library&&passphrase dialog: set&&passphrase error: The passphrase needs at least 8 characters@@screen: trainer&&trainer lock: unlocked&&!passphrase dialog@@screen: trainer&&trainer lock: unlocked"
  THEN_KEYS "Left Alt,Right,Space,check,text:lemonade24,Return,check,text:lemonade42,Return,check"
  THEN_EXPECT "screen: start&&trainer lock: locked&&passphrase dialog: unlock@@screen: start&&trainer lock: locked&&passphrase dialog: unlock&&passphrase error: That is not the trainer passphrase@@screen: trainer&&trainer lock: unlocked&&!passphrase dialog@@screen: trainer&&trainer lock: unlocked")

# The Trainer view's Groups panel with the keyboard alone: a profile, the Trainer view from the menu
# (its passphrase set on the way), Tab to the new group's name, type it and Enter; Tab on to assign
# the library's first scenario, back with Shift+Tab to require assessment and add the trainee. The
# next run finds the group as it was left and refuses its name for another.
salesim_window_journey(trainer_groups
  KEYS "text:Anna,Return,Left Alt,Right,Right,Space,text:lemonade42,Tab,text:lemonade42,Return,check,Tab,Tab,Tab,Tab,text:Team North,Return,check,Tab,Tab,Tab,Tab,Tab,Space,Space,check,Shift+Tab,Shift+Tab,Shift+Tab,Space,Down,Down,Down,Space,Tab,Space,Space"
  EXPECT "screen: trainer&&trainer lock: unlocked&&groups: 0@@groups: 1&&trainer group: Team North, 0 members \\(\\), assigned , mode any&&!group error@@trainer group: Team North, 0 members \\(\\), assigned accounting-software, mode any@@screen: trainer&&trainer group: Team North, 1 members \\(Anna\\), assigned accounting-software, mode assessment"
  THEN_KEYS "Left Alt,Right,Space,text:lemonade42,Return,check,Tab,Tab,Tab,Tab,text:Team North,Return,check"
  THEN_EXPECT "screen: trainer&&groups: 1&&trainer group: Team North, 1 members \\(Anna\\), assigned accounting-software, mode assessment@@groups: 1&&group error: There is already a group named Team North\\.@@groups: 1&&group error: There is already a group named Team North")

# The layout audit: every view at 100, 150 and 200 % scale, in English and Finnish, at 1280x800 and
# 1024x640, with --audit (text cut by its window or cell, texts drawn over each other, a window off
# the screen); 0 problems pass. The screenshots are kept in window-shots/audit/ with problems.txt.
add_test(NAME window_layout_audit
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/window/layout_audit.sh $<TARGET_FILE:salesim> ${SALESIM_SHOT_DIR})
set_tests_properties(window_layout_audit PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 1200 RESOURCE_LOCK xvfb
                                                    ENVIRONMENT "${SALESIM_TEST_ENV}")
