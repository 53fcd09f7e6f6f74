# The live classroom (tests/classroom/test_classroom_*.cpp but the board's): the class itself, the
# server and its clients over loopback, and classes played end to end by the program, with a
# server killed and started again (classroom_e2e, classroom_faults).
if(NOT TARGET salesim_classroom)
  return()
endif()

foreach(name test_classroom_room test_classroom_server)
  add_executable(${name} ${CMAKE_CURRENT_LIST_DIR}/classroom/${name}.cpp)
  target_link_libraries(${name} PRIVATE salesim_classroom salesim_results salesim_app salesim_warnings
                                        GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE SALESIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(${name} WORKING_DIRECTORY ${SALESIM_TEST_CWD}
                       PROPERTIES FIXTURES_REQUIRED salesim_checkout ENVIRONMENT "${SALESIM_GTEST_ENV}"
                       DISCOVERY_TIMEOUT 60)
endforeach()

# Classes played by the program itself: three terminal clients to the end (classroom_e2e), and the
# server killed and started again mid-class with a client killed too (classroom_faults).
foreach(what e2e faults)
  add_test(NAME classroom_${what}
           COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/classroom/class_e2e.py $<TARGET_FILE:salesim>
                   ${PROJECT_BINARY_DIR}/classroom-${what} ${what})
  set_tests_properties(classroom_${what} PROPERTIES TIMEOUT 200 ENVIRONMENT "${SALESIM_TEST_ENV}"
                       WORKING_DIRECTORY ${SALESIM_TEST_CWD})
endforeach()
