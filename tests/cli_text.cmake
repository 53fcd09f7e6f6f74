# Text that leaves the program and names that enter it: gradebook exports safe to open in a
# spreadsheet, nothing from users or files printed raw to a terminal, names checked as they enter,
# and output that could not be written reported as a failure. (tests/cli.cmake, included before
# this file, defines salesim_cli_test.)

salesim_cli_test(text_trainee_escape_refused ARGS "--data-dir|${CMAKE_CURRENT_BINARY_DIR}/cli-text/refused|trainee|add|a\tb"
                 RC 2 MATCH "salesim: error: the trainee's name 'a\\\\tb' holds a tab \\(U\\+0009\\) at character 2\nhelp: ")
salesim_cli_test(text_email_shape_refused
                 ARGS "--data-dir|${CMAKE_CURRENT_BINARY_DIR}/cli-text/refused|trainee|add|Maija|--email|maija@"
                 RC 2 MATCH "salesim: error: --email 'maija@' is not an e-mail address: it has nothing after the '@'\nhelp: ")

find_package(Python3 COMPONENTS Interpreter QUIET)
if(Python3_Interpreter_FOUND)
  add_test(NAME cli_text_csv_spreadsheet_safe
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/cli/csv_safe.py $<TARGET_FILE:salesim>
           WORKING_DIRECTORY ${SALESIM_TEST_CWD})
  set_tests_properties(cli_text_csv_spreadsheet_safe PROPERTIES ENVIRONMENT "${SALESIM_TEST_ENV}"
                       PASS_REGULAR_EXPRESSION "every export is spreadsheet-safe")
  add_test(NAME cli_text_terminal_safe
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/cli/terminal_safe.py $<TARGET_FILE:salesim>
                   ${PROJECT_SOURCE_DIR}/scenarios/tutorial-first-sale.yaml
           WORKING_DIRECTORY ${SALESIM_TEST_CWD})
  set_tests_properties(cli_text_terminal_safe PROPERTIES ENVIRONMENT "${SALESIM_TEST_ENV}"
                       PASS_REGULAR_EXPRESSION "nothing from users or files reached the terminal raw")
endif()

# Output into a full disk is a failure (exit 1, with the reason), for every command.
foreach(cmd IN ITEMS "report" "list" "trainee list" "export --format csv")
  string(REGEX REPLACE " --format " "_" test_name "${cmd}")
  string(REPLACE " " "_" test_name "${test_name}")
  add_test(NAME cli_text_full_disk_${test_name}
           COMMAND sh -c "\"$0\" --data-dir \"$1\" ${cmd} > /dev/full; echo \"exit $?\""
                   $<TARGET_FILE:salesim> ${CMAKE_CURRENT_BINARY_DIR}/cli-text/full-disk
           WORKING_DIRECTORY ${SALESIM_TEST_CWD})
  set_tests_properties(cli_text_full_disk_${test_name} PROPERTIES ENVIRONMENT "${SALESIM_TEST_ENV}"
    PASS_REGULAR_EXPRESSION "salesim: error: cannot write the output \\(No space left on device\\)\nhelp: [^\n]+\nexit 1\n")
endforeach()
