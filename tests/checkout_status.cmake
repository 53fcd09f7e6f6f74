# The suite leaves the checkout as it found it: cmake -P checkout_status.cmake -DSRC=checkout
#   -DSTATE=file -DMODE=before|after. `before` records `git status --porcelain`, `after` fails when it
#   changed. Prints "checkout-status: skipped" (ctest then reports a skip) when SRC is not a git
#   checkout or git is missing.
# Included by the tests folder's glob at configure time: nothing to do then.
if(NOT CMAKE_SCRIPT_MODE_FILE)
  return()
endif()
find_program(GIT git)
if(NOT GIT)
  message("checkout-status: skipped: git not found")
  return()
endif()
execute_process(COMMAND ${GIT} -C ${SRC} rev-parse --is-inside-work-tree
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
if(NOT rc EQUAL 0)
  message("checkout-status: skipped: ${SRC} is not a git checkout")
  return()
endif()
execute_process(COMMAND ${GIT} -C ${SRC} status --porcelain=v1 --untracked-files=all
                RESULT_VARIABLE rc OUTPUT_VARIABLE status ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "git status failed in ${SRC}:\n${err}")
endif()
if(MODE STREQUAL "before")
  file(WRITE ${STATE} "${status}")
  return()
endif()
if(NOT EXISTS ${STATE})
  message("checkout-status: skipped: no status was recorded before the tests ran")
  return()
endif()
file(READ ${STATE} before)
file(REMOVE ${STATE})
if(NOT status STREQUAL before)
  message(FATAL_ERROR "the tests changed the checkout ${SRC}\n--- git status before\n${before}"
                      "--- git status after\n${status}")
endif()
message("the checkout is as the tests found it")
