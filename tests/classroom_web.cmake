# The live classroom's board: the QR code of the join address and the page built into the program
# (GoogleTest), and the board in a real browser (Debian's headless chromium driven by
# puppeteer-core, pinned in tests/classroom/board/package-lock.json) against a real class server.
if(NOT TARGET salesim_classroom)
  return()
endif()
find_package(PkgConfig REQUIRED)
pkg_check_modules(SALESIM_TEST_QRENCODE REQUIRED IMPORTED_TARGET libqrencode)

add_executable(test_classroom_web ${CMAKE_CURRENT_LIST_DIR}/classroom/test_classroom_qr.cpp
                                  ${CMAKE_CURRENT_LIST_DIR}/classroom/test_classroom_web_assets.cpp)
target_link_libraries(test_classroom_web PRIVATE salesim_classroom salesim_app salesim_warnings
                                                 PkgConfig::SALESIM_TEST_QRENCODE GTest::gtest_main)
target_compile_definitions(test_classroom_web PRIVATE SALESIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
gtest_discover_tests(test_classroom_web WORKING_DIRECTORY ${SALESIM_TEST_CWD}
                     PROPERTIES FIXTURES_REQUIRED salesim_checkout ENVIRONMENT "${SALESIM_GTEST_ENV}" DISCOVERY_TIMEOUT 60)

# Skipped (77) only when chromium is missing; node and npm come with `scripts/setup.sh test`.
find_program(SALESIM_NODE node)
if(SALESIM_NODE)
  add_test(NAME classroom_board_browser
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/classroom/board/run.sh $<TARGET_FILE:salesim>
                   ${PROJECT_BINARY_DIR}/classroom-board)
  set_tests_properties(classroom_board_browser PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300
                       ENVIRONMENT "${SALESIM_TEST_ENV}" WORKING_DIRECTORY ${SALESIM_TEST_CWD})
else()
  message(STATUS "node not found: the board's browser test (classroom_board_browser) is not run")
endif()
