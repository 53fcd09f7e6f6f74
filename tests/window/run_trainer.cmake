# Fills a data folder with recorded attempts of two trainees in one group (`salesim play --choices`
# records into --data-dir), then screenshots the trainer's view under xvfb-run and checks the PNG
# is not blank.
# -DXVFB_RUN= -DSALESIM= -DCHECK= -DOUT= -DDATA= -DLANG=
# Exit code 77 (skipped) when xvfb-run is not installed.
include(${CMAKE_CURRENT_LIST_DIR}/window_run_common.cmake)

function(salesim_run)
  execute_process(COMMAND ${SALESIM} --data-dir ${DATA} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "salesim ${ARGN} exited with ${rc}:\n${out}\n${err}")
  endif()
endfunction()

# Plays the tutorial with `choices` (a ;-list, longer than any play-through); the list is cut to
# where the scenario ended, which `salesim play` reports.
function(play trainee seed choices)
  string(REPLACE ";" "," list "${choices}")
  execute_process(COMMAND ${SALESIM} --data-dir ${DATA} play tutorial-first-sale --seed ${seed} --choices ${list}
                          --trainee ${trainee}
                  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 AND err MATCHES "the session ended after decision ([0-9]+)")
    math(EXPR last "${CMAKE_MATCH_1} - 1")
    set(cut "")
    foreach(i RANGE 0 ${last})
      list(GET choices ${i} c)
      list(APPEND cut ${c})
    endforeach()
    string(REPLACE ";" "," list "${cut}")
    execute_process(COMMAND ${SALESIM} --data-dir ${DATA} play tutorial-first-sale --seed ${seed} --choices ${list}
                            --trainee ${trainee}
                    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
  endif()
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "salesim play for ${trainee} exited with ${rc}:\n${err}")
  endif()
endfunction()

set(ones 1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1)
set(mixed 2;1;2;1;1;2;1;2;1;1;2;1;2;1;1;2;1;2;1;1;2;1;2;1;1;2;1;2;1;1)
play(Anna 1 "${mixed}")
play(Anna 2 "${ones}")
play(Anna 3 "${ones}")
play(Bea 4 "${ones}")
play(Bea 5 "${mixed}")
salesim_run(group add "Team North")
salesim_run(group join "Team North" Anna Bea)

# The Trainer view is the trainer's: the passphrase is set as IT would (`salesim trainer passphrase
# set --stdin`) and given to the window as typed.
set(passphrase_file ${DATA}-passphrase.txt)
file(WRITE ${passphrase_file} "lemonade42\n")
execute_process(COMMAND ${SALESIM} --data-dir ${DATA} trainer passphrase set --stdin INPUT_FILE ${passphrase_file}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "salesim trainer passphrase set exited with ${rc}:\n${out}\n${err}")
endif()

execute_process(COMMAND ${XVFB_RUN} -a -s "-screen 0 1920x1200x24" ${SALESIM} --view trainer --frames 8 --lang ${LANG} --width 1400 --height 1150
                        --data-dir ${DATA} --screenshot ${OUT} --trainer-passphrase-file ${passphrase_file}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
check_window_run("${rc}" "${out}" "${err}" "screen: trainer")
