# Runs the window under xvfb-run for one scripted session and checks the screenshot is not blank.
# -DXVFB_RUN= -DSALESIM= -DCHECK= -DOUT= -DDATA= -DARGS=<;-list> [-DEXPECT=<regex>]
# Exit code 77 (skipped) when xvfb-run is not installed.
include(${CMAKE_CURRENT_LIST_DIR}/window_run_common.cmake)

function(run_once args)
  execute_process(COMMAND ${XVFB_RUN} -a -s "-screen 0 1920x1200x24" ${SALESIM} ${args} --data-dir ${DATA}
                          --screenshot ${OUT}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(rc ${rc} PARENT_SCOPE)
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()

run_once("${ARGS}")
# A play-through lists more choices than the scenario has; the window says after how many decisions
# it ended, and the run is repeated with exactly that many.
if(NOT rc EQUAL 0 AND err MATCHES "the scenario ended after ([0-9]+) decisions")
  set(n ${CMAKE_MATCH_1})
  set(new_args "")
  set(skip FALSE)
  foreach(a IN LISTS ARGS)
    if(skip)
      set(list "")
      foreach(i RANGE 1 ${n})
        list(APPEND list 1)
      endforeach()
      string(REPLACE ";" "," a "${list}")
      set(skip FALSE)
    elseif(a STREQUAL "--choices")
      set(skip TRUE)
    endif()
    list(APPEND new_args ${a})
  endforeach()
  message("the scenario ends after ${n} decisions; running again with exactly those")
  run_once("${new_args}")
endif()
check_window_run("${rc}" "${out}" "${err}" "${EXPECT}")
