# `salesim import` on hostile and inconsistent files (tests/cli/import_case.cmake builds each file
# in a fresh folder, with a fresh --data-dir): refused with where and why, exit 1, nothing written;
# or kept with a warning where the file is sound but this machine cannot check it.
function(salesim_import_test name)
  cmake_parse_arguments(T "" "RC;MATCH;NOMATCH;NOMATCH_TEXT" "" ${ARGN})
  add_test(NAME cli_import_${name}
           COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:salesim> -DEXPORTER=$<TARGET_FILE:results_sample_export>
                   -DWORK=${PROJECT_BINARY_DIR}/cli-import/${name} -DCASE=${name} "-DRC=${T_RC}"
                   "-DMATCH=${T_MATCH}" "-DNOMATCH=${T_NOMATCH}" "-DNOMATCH_TEXT=${T_NOMATCH_TEXT}"
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/import_case.cmake
           WORKING_DIRECTORY ${SALESIM_TEST_CWD})
  set_tests_properties(cli_import_${name} PROPERTIES ENVIRONMENT "${SALESIM_TEST_ENV}" TIMEOUT 300)
endfunction()

# Depth: 100,000 nested objects crashed the import (SIGSEGV); now refused at the 65th level.
salesim_import_test(deep RC 1
                    MATCH "in\\.json:1:321: error: arrays and objects nested deeper than 64 levels|help: |nothing of [^\n]*in\\.json was imported")
salesim_import_test(deep_array RC 1 MATCH "in\\.json:1:65: error: arrays and objects nested deeper than 64 levels")
# Size: above the maximum, refused by its size before it is read.
salesim_import_test(too_large RC 1
                    MATCH "in\\.json: error: larger than 64 MiB \\(67108865 bytes\\), the most import reads|help: export fewer attempts per file")
# Two statements with one id: the same content is a repeat, other content is refused naming both.
salesim_import_test(duplicate_same RC 0 MATCH "5 attempts and [0-9]+ decisions added, [0-9]+ attempts closed, 2 trainees and 2 groups added, 1 already here")
salesim_import_test(duplicate_other RC 1
                    MATCH "in\\.json: statement [0-9]+ \\(id [0-9a-f-]+\\): error: statement 2 has the same id and different content|help: an id names one statement; keep the right one of statements 2 and [0-9]+")
# An attempt this store already has, told otherwise by the file: refused naming both.
salesim_import_test(registration_other RC 1
                    MATCH "export\\.json: [0-9]+ statements: 5 attempts|in\\.json: statement 1 \\(id [0-9a-f-]+\\): error: attempt [0-9a-f-]+ is already in this store with another seed: '1' in the store, '99' in this file|nothing of [^\n]*in\\.json was imported")
salesim_import_test(decision_other RC 1
                    MATCH "in\\.json: statement 2 \\(id [0-9a-f-]+\\): error: attempt [0-9a-f-]+ is already in this store with another decision 1, another move: '[a-z_-]+' in the store, 'boomerang' in this file")
# Scenario ids and decision indices.
salesim_import_test(index_999 RC 1
                    MATCH "in\\.json: statement 2 \\(id [0-9a-f-]+\\): error: decision index 999 is out of range: a session of 'tutorial-first-sale' has at most [0-9]+ decisions")
salesim_import_test(scenario_unknown RC 0
                    MATCH "5 attempts and|salesim: warning: [^\n]*in\\.json: attempts of scenarios this library does not have were imported without checking their decisions: nosuch-scenario\n")
salesim_import_test(scenario_path RC 1
                    MATCH "error: scenario id '\\.\\./\\.\\./etc/passwd' may use only lowercase letters, digits and '-'")
# Names: a NUL, a million characters, an escape sequence, a bidirectional override.
salesim_import_test(name_nul RC 1 MATCH "error: the trainee's name holds a NUL character \\(U\\+0000\\) after 'Anna'")
string(REPEAT "x" 41 salesim_41_x)
salesim_import_test(name_long RC 1
                    MATCH "error: the trainee's name 'x+…' is longer than 200 characters \\(1000000\\)|help: a name is 1 to 200 characters"
                    NOMATCH_TEXT "${salesim_41_x}")
salesim_import_test(name_escape RC 1
                    MATCH "error: the trainee's name 'Anna\\\\e\\[31mEvil' holds an escape character \\(U\\+001B\\) at character 5")
salesim_import_test(name_bidi RC 1
                    MATCH "error: the trainee's name 'Anna\\\\u202EEvil' holds a bidirectional-text control \\(U\\+202E\\)")
salesim_import_test(group_escape RC 1
                    MATCH "error: the group's name 'Sales\\\\e\\]0.owned\\\\a' holds an escape character")
