# Results tests (tests/results/test_*.cpp): the store, the recorder, the report, exports and imports,
# a SIGKILL test, and the xAPI export checked against a JSON Schema with ajv (npm).
find_package(nlohmann_json 3 REQUIRED)
find_package(SQLite3 REQUIRED)

set(SALESIM_RESULTS_TEST_DIR ${CMAKE_CURRENT_LIST_DIR}/results)

function(salesim_results_target name)
  target_link_libraries(${name} PRIVATE salesim_results salesim_warnings SQLite::SQLite3
                                        nlohmann_json::nlohmann_json)
  target_include_directories(${name} PRIVATE ${SALESIM_RESULTS_TEST_DIR})
  target_compile_definitions(${name} PRIVATE SALESIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                                             SALESIM_BINARY_DIR="${PROJECT_BINARY_DIR}"
                                             SALESIM_EXE="$<TARGET_FILE:salesim>"
                                             SALESIM_RESULTS_KILL_HELPER="$<TARGET_FILE:results_kill_helper>")
endfunction()

add_executable(results_kill_helper ${SALESIM_RESULTS_TEST_DIR}/kill_helper.cpp)
salesim_results_target(results_kill_helper)
add_executable(results_sample_export ${SALESIM_RESULTS_TEST_DIR}/sample_export.cpp)
salesim_results_target(results_sample_export)

file(GLOB SALESIM_RESULTS_TESTS CONFIGURE_DEPENDS ${SALESIM_RESULTS_TEST_DIR}/test_*.cpp)
foreach(src IN LISTS SALESIM_RESULTS_TESTS)
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  salesim_results_target(${name})
  target_link_libraries(${name} PRIVATE GTest::gtest_main)
  add_dependencies(${name} salesim results_kill_helper)
  gtest_discover_tests(${name} WORKING_DIRECTORY ${SALESIM_TEST_CWD}
                       PROPERTIES FIXTURES_REQUIRED salesim_checkout ENVIRONMENT "${SALESIM_GTEST_ENV}" DISCOVERY_TIMEOUT 60)
endforeach()

# The xAPI export against a draft-07 schema of xAPI 1.0.3 statements, with a real validator.
find_program(SALESIM_NPM npm)
if(SALESIM_NPM)
  add_test(NAME results_xapi_schema
           COMMAND bash ${SALESIM_RESULTS_TEST_DIR}/xapi/validate.sh $<TARGET_FILE:results_sample_export>
                   ${PROJECT_BINARY_DIR}/results-xapi)
  set_tests_properties(results_xapi_schema PROPERTIES ENVIRONMENT "${SALESIM_TEST_ENV}" TIMEOUT 600)
  add_dependencies(results_sample_export salesim)
endif()
