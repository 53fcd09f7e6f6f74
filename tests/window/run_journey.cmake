# Drives the window with key presses alone (--keys) under xvfb-run and checks its report at every
# `check` in the key list and at the end, and that every screenshot taken is not blank.
# -DXVFB_RUN= -DSALESIM= -DCHECK= -DOUT= -DDATA= -DARGS=<;-list> -DKEYS=<comma list>
# -DEXPECT=<one condition set per check, then one for the end, joined by @@>; a condition set is
#   regexes joined by &&, each of which the report must match ("!regex": must not match).
# [-DFOCUSED_IS_CHOSEN=ON]: the option focused at the last check is the one the end's last choice
#   names, one decision later.
# [-DTHEN_KEYS= -DTHEN_EXPECT=]: runs the window again on the same data and checks it the same way.
# Exit code 77 (skipped) when xvfb-run is not installed.
include(${CMAKE_CURRENT_LIST_DIR}/window_run_common.cmake)

function(run_keys keys shot)
  execute_process(COMMAND ${XVFB_RUN} -a -s "-screen 0 1920x1200x24" ${SALESIM} ${ARGN} --data-dir ${DATA}
                          --keys ${keys} --screenshot ${shot}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message("${out}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "salesim exited with ${rc}:\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

# Fails unless `report` meets every condition of `conditions` (see above).
function(expect what report conditions)
  string(REPLACE "&&" ";" list "${conditions}")
  foreach(c IN LISTS list)
    if(c MATCHES "^!(.*)")
      if(report MATCHES "${CMAKE_MATCH_1}")
        message(FATAL_ERROR "${what}: the report matches '${CMAKE_MATCH_1}' and must not:\n${report}")
      endif()
    elseif(NOT report MATCHES "${c}")
      message(FATAL_ERROR "${what}: the report does not match '${c}':\n${report}")
    endif()
  endforeach()
endfunction()

function(check_png path)
  execute_process(COMMAND ${CHECK} ${path} 20 RESULT_VARIABLE crc OUTPUT_VARIABLE cout ERROR_VARIABLE cerr)
  if(NOT crc EQUAL 0)
    message(FATAL_ERROR "${path}: ${cerr}")
  endif()
endfunction()

# Checks the report of every `check` of a run (from "check N:" to the next check or "final:") and
# its end against `expect_all` (see above), and that the run's screenshots (`shot`, numbered for the
# checks) are not blank. Sets `previous` to the last check's report and `final` to the end's.
function(expect_run out expect_all shot)
  string(REPLACE "@@" ";" expects "${expect_all}")
  list(LENGTH expects count)
  math(EXPR checks "${count} - 1")
  get_filename_component(stem ${shot} NAME_WE)
  get_filename_component(dir ${shot} DIRECTORY)
  set(previous "")
  if(checks GREATER 0)
    foreach(i RANGE 1 ${checks})
      math(EXPR next "${i} + 1")
      string(FIND "${out}" "check ${i}:\n" from)
      if(from LESS 0)
        message(FATAL_ERROR "the run did not reach check ${i}")
      endif()
      if(i EQUAL checks)
        string(FIND "${out}" "final:\n" to)
      else()
        string(FIND "${out}" "check ${next}:\n" to)
      endif()
      math(EXPR length "${to} - ${from}")
      string(SUBSTRING "${out}" ${from} ${length} report)
      math(EXPR index "${i} - 1")
      list(GET expects ${index} conditions)
      expect("${stem}: check ${i}" "${report}" "${conditions}")
      check_png(${dir}/${stem}-${i}.png)
      set(previous "${report}")
    endforeach()
  endif()
  string(FIND "${out}" "final:\n" from)
  string(SUBSTRING "${out}" ${from} -1 end)
  list(GET expects ${checks} conditions)
  expect("${stem}: the end" "${end}" "${conditions}")
  # A run that quit has no last frame to show.
  if(NOT end MATCHES "quit: yes")
    check_png(${shot})
  endif()
  set(previous "${previous}" PARENT_SCOPE)
  set(final "${end}" PARENT_SCOPE)
endfunction()

run_keys("${KEYS}" ${OUT} ${ARGS})
expect_run("${out}" "${EXPECT}" ${OUT})
get_filename_component(stem ${OUT} NAME_WE)
get_filename_component(dir ${OUT} DIRECTORY)

if(FOCUSED_IS_CHOSEN)
  if(NOT previous MATCHES "focus: option ([0-9]+), in view")
    message(FATAL_ERROR "no option in view had focus at the last check:\n${previous}")
  endif()
  set(focused ${CMAKE_MATCH_1})
  if(NOT previous MATCHES "decisions: ([0-9]+)")
    message(FATAL_ERROR "no decisions at the last check")
  endif()
  math(EXPR after "${CMAKE_MATCH_1} + 1")
  if(NOT final MATCHES "decisions: ${after}\n" OR NOT final MATCHES "choices: [0-9,]*,${focused}\n")
    message(FATAL_ERROR "option ${focused} had focus, but the key chose otherwise:\n${final}")
  endif()
endif()

if(THEN_KEYS)
  run_keys("${THEN_KEYS}" ${dir}/${stem}-then.png)
  expect_run("${out}" "${THEN_EXPECT}" ${dir}/${stem}-then.png)
endif()
