# Shared by the scripts that run the window under xvfb-run for a screenshot (run_window.cmake,
# run_trainer.cmake): the skip when xvfb-run is missing, a clean output folder, and the checks of
# a finished run. Include it after the -D variables XVFB_RUN, DATA, OUT and CHECK are set.
if(NOT XVFB_RUN)
  message("xvfb-run is not installed (package xvfb): skipping")
  cmake_language(EXIT 77)
endif()
file(REMOVE_RECURSE ${DATA})
file(REMOVE ${OUT})
get_filename_component(out_dir ${OUT} DIRECTORY)
file(MAKE_DIRECTORY ${out_dir})

# Fails the test unless the window exited with 0, its report matches `expect` (a regex; empty:
# not checked) and it wrote a screenshot at OUT that is not blank.
function(check_window_run rc out err expect)
  message("${out}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "salesim exited with ${rc}:\n${err}")
  endif()
  if(expect AND NOT out MATCHES "${expect}")
    message(FATAL_ERROR "the run's report does not match '${expect}'")
  endif()
  if(NOT EXISTS ${OUT})
    message(FATAL_ERROR "no screenshot was written to ${OUT}")
  endif()
  execute_process(COMMAND ${CHECK} ${OUT} 20 RESULT_VARIABLE crc OUTPUT_VARIABLE cout ERROR_VARIABLE cerr)
  message("${cout}")
  if(NOT crc EQUAL 0)
    message(FATAL_ERROR "${cerr}")
  endif()
endfunction()
