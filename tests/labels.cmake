# Choice labels and tooltips name the action, never its quality (scripts/check_labels.py): the
# shipped rule book and scenarios pass, and a fixture of judging labels is caught, word by word.
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "python3 not found: the neutral-label check is not run")
  return()
endif()
add_test(NAME labels_neutral COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/check_labels.py
                                     ${PROJECT_SOURCE_DIR})
add_test(NAME labels_neutral_catches
         COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/check_labels.py ${PROJECT_SOURCE_DIR}
                 ${PROJECT_SOURCE_DIR}/tests/fixtures/labels/evaluative.yaml)
# Every judging word, with the file and line that holds it, and a failing exit.
set_tests_properties(labels_neutral_catches PROPERTIES WILL_FAIL TRUE)
add_test(NAME labels_neutral_names_lines
         COMMAND ${CMAKE_COMMAND} -DPY=${Python3_EXECUTABLE} -DSCRIPT=${PROJECT_SOURCE_DIR}/scripts/check_labels.py
                 -DSRC=${PROJECT_SOURCE_DIR} -P ${CMAKE_CURRENT_LIST_DIR}/labels/check_output.cmake)
