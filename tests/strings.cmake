# One string system: the pseudo-locale run (every word the program prints comes from data) and the
# check that no user-facing text is added as a C++ literal outside the string tables.
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "python3 not found: the pseudo-locale and string-literal checks are not run")
  return()
endif()
find_program(SALESIM_PSEUDO_XVFB_RUN xvfb-run)

# Runs list, play, validate, report (and the window under xvfb-run when SALESIM_WINDOW is on) in
# the pseudo-language xx; needs PyYAML (Debian's python3-yaml).
set(pseudo_xvfb "")
if(SALESIM_WINDOW AND SALESIM_PSEUDO_XVFB_RUN)
  set(pseudo_xvfb ${SALESIM_PSEUDO_XVFB_RUN})
endif()
add_test(NAME strings_pseudo_locale
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/pseudo/pseudo_locale.py $<TARGET_FILE:salesim>
                 ${PROJECT_SOURCE_DIR} ${pseudo_xvfb})
set_tests_properties(strings_pseudo_locale PROPERTIES TIMEOUT 300 RESOURCE_LOCK xvfb)

add_test(NAME strings_no_literal_text
         COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/check_strings.py ${PROJECT_SOURCE_DIR})
