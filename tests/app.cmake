# Tests of the display-free module every front end shares (tests/app/test_*.cpp), each its own
# program linked against salesim_app, run in a scratch folder of the build tree.
file(GLOB SALESIM_APP_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/app/test_*.cpp)
foreach(src IN LISTS SALESIM_APP_TESTS)
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_link_libraries(${name} PRIVATE salesim_app salesim_warnings GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE SALESIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                                             SALESIM_BINARY_DIR="${PROJECT_BINARY_DIR}")
  # The outage test starts (and stops and restarts) a PostgreSQL server of its own: one ctest
  # entry, since a list value cannot pass through gtest_discover_tests's PROPERTIES.
  if(name STREQUAL "test_app_store_outage")
    add_test(NAME app_store_outage COMMAND ${name})
    set_tests_properties(app_store_outage PROPERTIES WORKING_DIRECTORY ${SALESIM_TEST_CWD}
                         ENVIRONMENT "${SALESIM_GTEST_ENV};SALESIM_TEST_PG=1" TIMEOUT 300)
    continue()
  endif()
  gtest_discover_tests(${name} WORKING_DIRECTORY ${SALESIM_TEST_CWD}
                       PROPERTIES FIXTURES_REQUIRED salesim_checkout ENVIRONMENT "${SALESIM_GTEST_ENV}"
                       DISCOVERY_TIMEOUT 60)
endforeach()
