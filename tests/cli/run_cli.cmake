# Runs `salesim` once and checks its exit code and output: cmake -P run_cli.cmake with
#   -DEXE=path -DARGS="a|b|c" (arguments split at '|') [-DINPUT=file for stdin] [-DRC=expected exit code]
#   [-DGOLDEN=file: stdout must equal it byte for byte] [-DMATCH="regex|regex": each must match stdout+stderr]
#   [-DNOMATCH=regex: must not match] [-DDATA_DIR=dir: the golden files name files in it relative to it,
#   since the folder differs between machines]
# To regenerate the golden files after an intended change, run the tests with SALESIM_UPDATE_GOLDEN=1:
#   SALESIM_UPDATE_GOLDEN=1 ctest --test-dir build -R cli_  && git diff tests/golden
string(REPLACE "|" ";" arg_list "${ARGS}")
set(input_args)
if(INPUT)
  set(input_args INPUT_FILE ${INPUT})
else()
  set(input_args INPUT_FILE /dev/null)
endif()
execute_process(COMMAND ${EXE} ${arg_list} ${input_args}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT "${RC}" STREQUAL "" AND NOT rc STREQUAL RC)
  message(FATAL_ERROR "exit code ${rc}, expected ${RC}\n--- stdout\n${out}\n--- stderr\n${err}")
endif()
if(GOLDEN)
  set(golden_out "${out}")
  if(DATA_DIR)
    string(REPLACE "${DATA_DIR}/" "" golden_out "${out}")
  endif()
  if("$ENV{SALESIM_UPDATE_GOLDEN}" STREQUAL "1")
    file(WRITE ${GOLDEN} "${golden_out}")
    message(STATUS "updated ${GOLDEN}")
  else()
    file(READ ${GOLDEN} expected)
    if(NOT golden_out STREQUAL expected)
      file(WRITE ${GOLDEN}.actual "${golden_out}")
      message(FATAL_ERROR "stdout differs from ${GOLDEN}; the actual output is in ${GOLDEN}.actual "
                          "(diff them; SALESIM_UPDATE_GOLDEN=1 rewrites the golden file)\n--- stderr\n${err}")
    endif()
  endif()
endif()
set(all "${out}${err}")
if(MATCH)
  string(REPLACE "|" ";" match_list "${MATCH}")
  foreach(re IN LISTS match_list)
    if(NOT all MATCHES "${re}")
      message(FATAL_ERROR "output does not match '${re}'\n--- stdout\n${out}\n--- stderr\n${err}")
    endif()
  endforeach()
endif()
if(NOMATCH AND all MATCHES "${NOMATCH}")
  message(FATAL_ERROR "output matches '${NOMATCH}' but should not\n--- stdout\n${out}\n--- stderr\n${err}")
endif()
