# The results database from the command line: one command each. The tests that damage, mount or
# restore a database are tests/unit/test_cli_db.cpp.
# A data folder whose path runs through a file (tests/fixtures/valid/scenario.yaml) can be neither
# created nor read; the error says so, is not called a damaged or foreign database, and exits 1.
set(SALESIM_DB_UNDER_FILE tests/fixtures/valid/scenario.yaml/data)
salesim_cli_test(db_folder_under_a_file_write ARGS "--data-dir|${SALESIM_DB_UNDER_FILE}|trainee|add|Anna" RC 1
                 MATCH "tests/fixtures/valid/scenario.yaml/data: error: cannot create the folder for results \\(Not a directory\\)\nhelp: choose another folder with --data-dir DIR"
                 NOMATCH "not a results database|damaged")
salesim_cli_test(db_folder_under_a_file_report ARGS "--data-dir|${SALESIM_DB_UNDER_FILE}|report" RC 1
                 MATCH "scenario.yaml/data/results.db: error: cannot use the results database \\(Not a directory\\)"
                 NOMATCH "not a results database|damaged")
salesim_cli_test(db_folder_under_a_file_doctor ARGS "--data-dir|${SALESIM_DB_UNDER_FILE}|doctor" RC 1
                 MATCH "scenario.yaml/data/results.db: error: cannot read the results database \\(Not a directory\\)")
# doctor takes no arguments but --restore
salesim_cli_test(db_doctor_bad_flag ARGS "doctor|--no-such-flag" RC 2)
salesim_cli_test(db_doctor_help ARGS "doctor|--help" RC 0 MATCH "--restore")
