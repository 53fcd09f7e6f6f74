# `salesim export --format xapi --to URL` against a test LRS (tests/cli/lrs/test_lrs.py) on
# 127.0.0.1: what is sent, what is not sent again, retries, credentials, schema checks and https.
# Needs python3 with jsonschema (Debian: python3-jsonschema) and openssl; each case is bounded.
find_program(SALESIM_PYTHON3 python3)
find_program(SALESIM_OPENSSL openssl)
if(SALESIM_PYTHON3 AND SALESIM_OPENSSL)
  foreach(case IN ITEMS resend dry_run retry unavailable unauthorized auth_file invalid conflict https
                       interrupted)
    add_test(NAME cli_lrs_${case}
             COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/lrs/lrs_case.sh ${case} $<TARGET_FILE:salesim>
                     $<TARGET_FILE:results_sample_export> ${PROJECT_BINARY_DIR}/cli-lrs/${case}
             WORKING_DIRECTORY ${SALESIM_TEST_CWD})
    set_tests_properties(cli_lrs_${case} PROPERTIES ENVIRONMENT "${SALESIM_TEST_ENV}" TIMEOUT 120)
  endforeach()
endif()

# Against Learning Locker's xAPI statement service (npm xapi-statements, pinned in
# tests/cli/lrs/xapi_service/package-lock.json), in memory on 127.0.0.1; skipped (77) without node.
if(SALESIM_PYTHON3)
  add_test(NAME cli_lrs_xapi_service
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/lrs/xapi_service/run.sh $<TARGET_FILE:salesim>
                   $<TARGET_FILE:results_sample_export> ${PROJECT_BINARY_DIR}/cli-lrs/xapi_service
           WORKING_DIRECTORY ${SALESIM_TEST_CWD})
  set_tests_properties(cli_lrs_xapi_service PROPERTIES ENVIRONMENT "${SALESIM_TEST_ENV}" TIMEOUT 300
                                                       SKIP_RETURN_CODE 77)
endif()
