# Hostile-input suite: nesting and alias bombs, oversized files, broken encodings, files that are not
# files and symlinks leaving the library folder, loaded in-process and through `salesim validate`.
add_executable(test_hostile ${CMAKE_CURRENT_LIST_DIR}/hostile/test_hostile.cpp)
target_link_libraries(test_hostile PRIVATE salesim_engine salesim_warnings GTest::gtest_main)
target_compile_definitions(test_hostile PRIVATE SALESIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                                                SALESIM_EXE="$<TARGET_FILE:salesim>")
add_dependencies(test_hostile salesim)
gtest_discover_tests(test_hostile WORKING_DIRECTORY ${SALESIM_TEST_CWD}
                     PROPERTIES FIXTURES_REQUIRED salesim_checkout ENVIRONMENT "${SALESIM_GTEST_ENV}" DISCOVERY_TIMEOUT 60)
