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

# A throwaway PostgreSQL server for the tests that need one (fixture "postgresql"): started on
# 127.0.0.1 at a free port before them and removed after them. Its URL is in pg/url.
set(SALESIM_PG_STATE ${PROJECT_BINARY_DIR}/pg)
add_test(NAME postgresql_start COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/support/pg_cluster.sh start ${SALESIM_PG_STATE})
add_test(NAME postgresql_stop COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/support/pg_cluster.sh stop ${SALESIM_PG_STATE})
set_tests_properties(postgresql_start PROPERTIES FIXTURES_SETUP postgresql TIMEOUT 120)
set_tests_properties(postgresql_stop PROPERTIES FIXTURES_CLEANUP postgresql TIMEOUT 120)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SALESIM_TEST_PQ REQUIRED IMPORTED_TARGET libpq)

file(GLOB SALESIM_RESULTS_TESTS CONFIGURE_DEPENDS ${SALESIM_RESULTS_TEST_DIR}/test_*.cpp)
foreach(src IN LISTS SALESIM_RESULTS_TESTS)
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  salesim_results_target(${name})
  target_link_libraries(${name} PRIVATE GTest::gtest_main)
  add_dependencies(${name} salesim results_kill_helper)
  if(name MATCHES "^test_results_backends")
    # One ctest entry for each suite run on both backends: it needs the PostgreSQL fixture as
    # well, and a list value cannot pass through gtest_discover_tests's PROPERTIES.
    string(REGEX REPLACE "^test_" "" suite ${name})
    target_link_libraries(${name} PRIVATE PkgConfig::SALESIM_TEST_PQ)
    add_test(NAME ${suite} COMMAND ${name})
    set_tests_properties(${suite} PROPERTIES FIXTURES_REQUIRED postgresql WORKING_DIRECTORY ${SALESIM_TEST_CWD}
                         ENVIRONMENT "${SALESIM_GTEST_ENV};SALESIM_TEST_PG_URL_FILE=${SALESIM_PG_STATE}/url"
                         TIMEOUT 300)
    continue()
  endif()
  gtest_discover_tests(${name} WORKING_DIRECTORY ${SALESIM_TEST_CWD}
                       PROPERTIES FIXTURES_REQUIRED salesim_checkout ENVIRONMENT "${SALESIM_GTEST_ENV}" DISCOVERY_TIMEOUT 60)
endforeach()
# The LRS sender's tests run an LRS of their own with cpp-httplib's server.
target_link_libraries(test_results_lrs PRIVATE PkgConfig::SALESIM_HTTPLIB)

# The xAPI export against a draft-07 schema of xAPI 1.0.3 statements, with a real validator.
find_program(SALESIM_NPM npm)
if(SALESIM_NPM)
  add_test(NAME results_xapi_schema
           COMMAND bash ${SALESIM_RESULTS_TEST_DIR}/xapi/validate.sh $<TARGET_FILE:results_sample_export>
                   ${PROJECT_BINARY_DIR}/results-xapi)
  set_tests_properties(results_xapi_schema PROPERTIES ENVIRONMENT "${SALESIM_TEST_ENV}" TIMEOUT 600)
  add_dependencies(results_sample_export salesim)
endif()

# The results commands on the PostgreSQL server end to end: --store and SALESIM_STORE, store copy
# both ways and again, four writer processes with 200 trainees, no password in any message.
add_test(NAME store_cli_postgresql
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/store/store_cli.sh $<TARGET_FILE:salesim> ${SALESIM_PG_STATE}/url
                 ${PROJECT_BINARY_DIR}/store-cli)
set_tests_properties(store_cli_postgresql PROPERTIES FIXTURES_REQUIRED postgresql
                     ENVIRONMENT "${SALESIM_TEST_ENV}" WORKING_DIRECTORY ${SALESIM_TEST_CWD} TIMEOUT 600)
