# Tests of the display-free module every front end shares (tests/app/test_*.cpp), each its own
# program linked against salesim_app, run in a scratch folder of the build tree.
file(GLOB SALESIM_APP_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/app/test_*.cpp)
foreach(src IN LISTS SALESIM_APP_TESTS)
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_link_libraries(${name} PRIVATE salesim_app salesim_warnings GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE SALESIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                                             SALESIM_BINARY_DIR="${PROJECT_BINARY_DIR}")
  gtest_discover_tests(${name} WORKING_DIRECTORY ${SALESIM_TEST_CWD}
                       PROPERTIES FIXTURES_REQUIRED salesim_checkout ENVIRONMENT "${SALESIM_GTEST_ENV}"
                       DISCOVERY_TIMEOUT 60)
endforeach()
