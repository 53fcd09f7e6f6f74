# Fuzz targets (tests/fuzz/fuzz_*.cpp). Each is built twice: as a plain test program whose main()
# replays the saved corpus through the target (any compiler; run by ctest), and, with
# -DSALESIM_FUZZ=ON under clang, as a libFuzzer program (see tests/fuzz/run.sh).
option(SALESIM_FUZZ "Build the libFuzzer programs (clang; use with SALESIM_SANITIZE)" OFF)

set(SALESIM_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR}/fuzz)
set(SALESIM_FUZZ_TARGETS rulebook scenario session import classroom_request)

if(SALESIM_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SALESIM_FUZZ needs clang (e.g. -DCMAKE_CXX_COMPILER=clang++-14)")
  endif()
  # Coverage feedback for all of our code, not only the fuzz programs.
  target_compile_options(salesim_warnings INTERFACE -fsanitize=fuzzer-no-link)
endif()

foreach(name IN LISTS SALESIM_FUZZ_TARGETS)
  set(src ${SALESIM_FUZZ_DIR}/fuzz_${name}.cpp)
  set(libs salesim_engine salesim_warnings)
  if(name STREQUAL "import")
    list(APPEND libs salesim_results)
  endif()
  if(name STREQUAL "classroom_request")
    list(APPEND libs salesim_classroom)
  endif()

  add_executable(fuzz_replay_${name} ${src} ${SALESIM_FUZZ_DIR}/replay_main.cpp)
  target_link_libraries(fuzz_replay_${name} PRIVATE ${libs})
  target_compile_definitions(fuzz_replay_${name} PRIVATE SALESIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_test(NAME fuzz_replay_${name} COMMAND fuzz_replay_${name} ${SALESIM_FUZZ_DIR}/corpus/${name})
  set_tests_properties(fuzz_replay_${name} PROPERTIES ENVIRONMENT "${SALESIM_TEST_ENV}" TIMEOUT 600)

  if(SALESIM_FUZZ)
    add_executable(fuzz_${name} ${src})
    target_link_libraries(fuzz_${name} PRIVATE ${libs})
    target_compile_definitions(fuzz_${name} PRIVATE SALESIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
  endif()
endforeach()
