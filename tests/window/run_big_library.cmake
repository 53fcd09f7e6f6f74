# A school's library of 120 scenarios (the shipped ones copied under new ids, added with
# --library): the list draws the rows around its view only, and the keyboard still walks it past
# the first screen, the list scrolling along.
# -DXVFB_RUN= -DSALESIM= -DCHECK= -DOUT= -DDATA= -DSRC=
# Exit code 77 (skipped) when xvfb-run is not installed.
include(${CMAKE_CURRENT_LIST_DIR}/window_run_common.cmake)

set(lib ${DATA}-library)
file(REMOVE_RECURSE ${lib})
file(MAKE_DIRECTORY ${DATA} ${lib})
file(GLOB shipped ${SRC}/scenarios/*.yaml)
list(FILTER shipped EXCLUDE REGEX "(rulebook|\\.plan)\\.yaml$")
set(ids "")
foreach(n RANGE 1 11)
  foreach(f ${shipped})
    get_filename_component(name ${f} NAME_WE)
    file(READ ${f} text)
    string(REGEX REPLACE "\nid: [^\n]*" "\nid: ${name}-copy-${n}" text "${text}")
    file(WRITE ${lib}/${name}-copy-${n}.yaml "${text}")
    list(APPEND ids ${name}-copy-${n})
  endforeach()
endforeach()
foreach(f ${shipped})
  get_filename_component(name ${f} NAME_WE)
  list(APPEND ids ${name})
endforeach()
list(LENGTH ids total)
# The list's order: the tutorials first, then by id; the first tutorial is picked for a new profile.
set(tutorials ${ids})
list(FILTER tutorials INCLUDE REGEX "^tutorial")
set(others ${ids})
list(FILTER others EXCLUDE REGEX "^tutorial")
list(SORT tutorials)
list(SORT others)
set(order ${tutorials} ${others})
set(steps 40)
list(GET order ${steps} expected)

# A new profile, then Down 40 times through the list.
set(keys "text:Dana,Return,check")
foreach(i RANGE 1 ${steps})
  string(APPEND keys ",Down")
endforeach()
string(APPEND keys ",check")
execute_process(COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x800x24" ${SALESIM} --keys ${keys} --library ${lib}
                        --data-dir ${DATA} --screenshot ${OUT}
                WORKING_DIRECTORY ${DATA}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
check_window_run("${rc}" "${out}" "${err}" "screen: library")
if(NOT out MATCHES "library: ${total} scenarios, selected ${expected}\n")
  message(FATAL_ERROR "after ${steps} times Down the list should have ${expected} picked (of ${total}):\n${out}")
endif()
# Every check drew some rows, and far fewer than the library has.
string(REGEX MATCHALL "library rows drawn: [0-9]+" drawn "${out}")
list(LENGTH drawn checks)
if(checks LESS 2)
  message(FATAL_ERROR "the report says nothing of the rows drawn:\n${out}")
endif()
math(EXPR half "${total} / 2")
foreach(d ${drawn})
  string(REGEX REPLACE ".*: " "" n "${d}")
  if(n LESS 5 OR NOT n LESS half)
    message(FATAL_ERROR "the list drew ${n} of its ${total} rows (expected the ones around its view):\n${out}")
  endif()
endforeach()
